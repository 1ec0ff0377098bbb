package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"plein.dev/notifications/internal/domain"
)

// PutAmbassador records what is known of an ambassador now.
func PutAmbassador(ctx context.Context, tx *sqlx.Tx, a domain.Ambassador) error {
	facts, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("ambassador %s: %w", a.ID, err)
	}
	const upsert = `INSERT INTO ambassadors (ambassador_id, programme_id, status, term_ends_on, facts)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (ambassador_id) DO UPDATE SET programme_id = excluded.programme_id,
			status = excluded.status, term_ends_on = excluded.term_ends_on, facts = excluded.facts`
	if _, err := tx.ExecContext(ctx, upsert, a.ID, a.ProgrammeID, a.Status, a.TermEndsOn, string(facts)); err != nil {
		return fmt.Errorf("record ambassador %s: %w", a.ID, err)
	}
	return nil
}

// TermsEnding returns the active ambassadors whose term ends from from to
// to (YYYY-MM-DD, both included), with their programme's name.
func TermsEnding(ctx context.Context, q Queryer, from, to string) ([]domain.Ambassador, error) {
	const query = `SELECT a.facts, coalesce(p.name, '') AS programme FROM ambassadors a
		LEFT JOIN programmes p ON p.programme_id = a.programme_id
		WHERE a.status = 'active' AND a.term_ends_on >= ? AND a.term_ends_on <= ?
		ORDER BY a.term_ends_on, a.ambassador_id`
	var rows []struct {
		Facts     string `db:"facts"`
		Programme string `db:"programme"`
	}
	if err := q.SelectContext(ctx, &rows, query, from, to); err != nil {
		return nil, fmt.Errorf("terms ending: %w", err)
	}
	out := make([]domain.Ambassador, 0, len(rows))
	for _, r := range rows {
		var a domain.Ambassador
		if err := json.Unmarshal([]byte(r.Facts), &a); err != nil {
			return nil, fmt.Errorf("terms ending: %w", err)
		}
		a.Programme = r.Programme
		out = append(out, a)
	}
	return out, nil
}

// PutProgramme records a programme's name.
func PutProgramme(ctx context.Context, tx *sqlx.Tx, id, name string) error {
	const upsert = `INSERT INTO programmes (programme_id, name) VALUES (?, ?)
		ON CONFLICT (programme_id) DO UPDATE SET name = excluded.name`
	if _, err := tx.ExecContext(ctx, upsert, id, name); err != nil {
		return fmt.Errorf("record programme %s: %w", id, err)
	}
	return nil
}

// ProgrammeName returns a programme's name, "" when unknown.
func ProgrammeName(ctx context.Context, q Queryer, id string) (string, error) {
	var name string
	err := q.GetContext(ctx, &name, `SELECT name FROM programmes WHERE programme_id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("programme %s: %w", id, err)
	}
	return name, nil
}
