package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"plein.dev/events/internal/domain"
)

// PutProgramme records a programme unless a newer version is known.
func PutProgramme(ctx context.Context, tx *sqlx.Tx, p domain.Programme) error {
	const query = `INSERT INTO programmes (id, name, themes, status, owners, areas, version) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, themes = excluded.themes,
		status = excluded.status, owners = excluded.owners, areas = excluded.areas, version = excluded.version
		WHERE excluded.version >= programmes.version`
	if _, err := tx.ExecContext(ctx, query, p.ID, p.Name, jsonList(p.Themes), p.Status, jsonList(p.Owners),
		jsonList(p.Areas), p.Version); err != nil {
		return fmt.Errorf("put programme %s: %w", p.ID, err)
	}
	return nil
}

// PutAmbassador records an ambassador unless a newer version is known.
func PutAmbassador(ctx context.Context, tx *sqlx.Tx, a domain.Ambassador) error {
	const query = `INSERT INTO ambassadors (id, programme_id, name, status, version) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET programme_id = excluded.programme_id, name = excluded.name,
		status = excluded.status, version = excluded.version WHERE excluded.version >= ambassadors.version`
	if _, err := tx.ExecContext(ctx, query, a.ID, a.ProgrammeID, a.Name, a.Status, a.Version); err != nil {
		return fmt.Errorf("put ambassador %s: %w", a.ID, err)
	}
	return nil
}

// GetProgramme returns a known programme.
func GetProgramme(ctx context.Context, q Queryer, id string) (domain.Programme, error) {
	const query = `SELECT id, name, themes, status, owners, areas, version FROM programmes WHERE id = ?`
	var r struct {
		ID      string `db:"id"`
		Name    string `db:"name"`
		Themes  string `db:"themes"`
		Status  string `db:"status"`
		Owners  string `db:"owners"`
		Areas   string `db:"areas"`
		Version int64  `db:"version"`
	}
	if err := q.GetContext(ctx, &r, query, id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Programme{}, fmt.Errorf("programme %s: %w", id, domain.ErrNotFound)
		}
		return domain.Programme{}, fmt.Errorf("get programme %s: %w", id, err)
	}
	p := domain.Programme{ID: r.ID, Name: r.Name, Status: r.Status, Version: r.Version}
	if err := json.Unmarshal([]byte(r.Themes), &p.Themes); err != nil {
		return domain.Programme{}, fmt.Errorf("programme %s themes: %w", id, err)
	}
	if err := json.Unmarshal([]byte(r.Owners), &p.Owners); err != nil {
		return domain.Programme{}, fmt.Errorf("programme %s owners: %w", id, err)
	}
	if len(p.Owners) == 0 {
		p.Owners = nil
	}
	if err := json.Unmarshal([]byte(r.Areas), &p.Areas); err != nil {
		return domain.Programme{}, fmt.Errorf("programme %s areas: %w", id, err)
	}
	if len(p.Areas) == 0 {
		p.Areas = nil
	}
	return p, nil
}

// GetAmbassador returns a known ambassador.
func GetAmbassador(ctx context.Context, q Queryer, id string) (domain.Ambassador, error) {
	const query = `SELECT id, programme_id, name, status, version FROM ambassadors WHERE id = ?`
	var r struct {
		ID          string `db:"id"`
		ProgrammeID string `db:"programme_id"`
		Name        string `db:"name"`
		Status      string `db:"status"`
		Version     int64  `db:"version"`
	}
	if err := q.GetContext(ctx, &r, query, id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Ambassador{}, fmt.Errorf("ambassador %s: %w", id, domain.ErrNotFound)
		}
		return domain.Ambassador{}, fmt.Errorf("get ambassador %s: %w", id, err)
	}
	return domain.Ambassador(r), nil
}

// ProgrammeEventIDs returns the ids of a programme's events, in start order.
func ProgrammeEventIDs(ctx context.Context, q Queryer, programmeID string) ([]string, error) {
	var ids []string
	const query = `SELECT id FROM events WHERE programme_id = ? ORDER BY starts_at, id`
	if err := q.SelectContext(ctx, &ids, query, programmeID); err != nil {
		return nil, fmt.Errorf("events of programme %s: %w", programmeID, err)
	}
	return ids, nil
}
