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

// idList is a JSON array of ids, as the organisers.organisations,
// events.owners and programmes.owners columns hold them.
type idList []string

func (l idList) text() string {
	if l == nil {
		l = idList{}
	}
	raw, _ := json.Marshal([]string(l)) // a []string always marshals
	return string(raw)
}

func parseIDs(raw string) ([]string, error) {
	var ids []string
	if err := json.Unmarshal([]byte(raw), &ids); err != nil {
		return nil, fmt.Errorf("organisation ids %q: %w", raw, err)
	}
	return ids, nil
}

// PutProgrammeOwners records the organisations that own a programme
// (domain.OwnersOrDefault of what was announced).
func PutProgrammeOwners(ctx context.Context, tx *sqlx.Tx, id string, owners []string) error {
	const upsert = `INSERT INTO programmes (programme_id, name, owners) VALUES (?, '', ?)
		ON CONFLICT (programme_id) DO UPDATE SET owners = excluded.owners`
	if _, err := tx.ExecContext(ctx, upsert, id, idList(domain.OwnersOrDefault(owners)).text()); err != nil {
		return fmt.Errorf("record owners of programme %s: %w", id, err)
	}
	return nil
}

// ProgrammeOwners returns the organisations that own a programme; none
// for a programme not known.
func ProgrammeOwners(ctx context.Context, q Queryer, id string) ([]string, error) {
	var raw string
	err := q.GetContext(ctx, &raw, `SELECT owners FROM programmes WHERE programme_id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("owners of programme %s: %w", id, err)
	}
	return parseIDs(raw)
}
