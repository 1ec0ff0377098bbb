// Package store keeps the ambassadors service's data in SQLite and turns
// driver errors into domain errors.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/platform/sqlite"
)

// Queryer is what both a read pool and a write transaction can run.
type Queryer interface {
	sqlx.QueryerContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

func unix(s int64) time.Time { return time.Unix(s, 0).UTC() }

func jsonList(xs []string) string {
	if xs == nil {
		xs = []string{}
	}
	b, _ := json.Marshal(xs) // a []string always marshals
	return string(b)
}

// notFound turns sql.ErrNoRows into domain.ErrNotFound.
func notFound(err error, what, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s %s: %w", what, id, domain.ErrNotFound)
	}
	return fmt.Errorf("get %s %s: %w", what, id, err)
}

// exactlyOne checks that an update or delete hit its row at the version
// read; otherwise the row is gone or someone changed it first.
func exactlyOne(res sql.Result, what, id string, version int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s %s: %w", what, id, err)
	}
	if n != 1 {
		return fmt.Errorf("%s %s at version %d: %w", what, id, version, domain.ErrNotFound)
	}
	return nil
}

// conflict turns a unique-constraint violation into a domain.ConflictError
// on field.
func conflict(err error, what, id, field, reason string) error {
	if sqlite.IsUniqueViolation(err) {
		return fmt.Errorf("%s %s: %w", what, id, &domain.ConflictError{Field: field, Reason: reason})
	}
	return fmt.Errorf("%s %s: %w", what, id, err)
}

// targetJSON is how a target is stored inside the programmes row.
type targetJSON struct {
	Metric string `json:"metric"`
	Value  int    `json:"value"`
	Kind   string `json:"kind,omitempty"`
	Theme  string `json:"theme,omitempty"`
	Scope  string `json:"scope"`
	Period string `json:"period"`
}

type programmeRow struct {
	ID           string `db:"id"`
	Name         string `db:"name"`
	Municipality string `db:"municipality"`
	Description  string `db:"description"`
	Themes       string `db:"themes"`
	StartsOn     string `db:"starts_on"`
	EndsOn       string `db:"ends_on"`
	Status       string `db:"status"`
	Targets      string `db:"targets"`
	CreatedAt    int64  `db:"created_at"`
	UpdatedAt    int64  `db:"updated_at"`
	Version      int64  `db:"version"`
}

const programmeColumns = `id, name, municipality, description, themes, starts_on, ends_on, status,
	targets, created_at, updated_at, version`

func (r programmeRow) toDomain() (domain.Programme, error) {
	p := domain.Programme{
		ID:           r.ID,
		Name:         r.Name,
		Municipality: r.Municipality,
		Description:  r.Description,
		StartsOn:     domain.Date(r.StartsOn),
		EndsOn:       domain.Date(r.EndsOn),
		Status:       domain.ProgrammeStatus(r.Status),
		CreatedAt:    unix(r.CreatedAt),
		UpdatedAt:    unix(r.UpdatedAt),
		Version:      r.Version,
	}
	if err := json.Unmarshal([]byte(r.Themes), &p.Themes); err != nil {
		return domain.Programme{}, fmt.Errorf("programme %s themes: %w", r.ID, err)
	}
	var targets []targetJSON
	if err := json.Unmarshal([]byte(r.Targets), &targets); err != nil {
		return domain.Programme{}, fmt.Errorf("programme %s targets: %w", r.ID, err)
	}
	for _, t := range targets {
		p.Targets = append(p.Targets, domain.Target{Metric: t.Metric, Value: t.Value, Kind: domain.Kind(t.Kind),
			Theme: t.Theme, Scope: t.Scope, Period: t.Period})
	}
	return p, nil
}

func targetsJSON(ts []domain.Target) string {
	out := make([]targetJSON, 0, len(ts))
	for _, t := range ts {
		out = append(out, targetJSON{Metric: t.Metric, Value: t.Value, Kind: string(t.Kind), Theme: t.Theme,
			Scope: t.Scope, Period: t.Period})
	}
	b, _ := json.Marshal(out) // plain strings and ints always marshal
	return string(b)
}

// GetProgramme returns one programme.
func GetProgramme(ctx context.Context, q Queryer, id string) (domain.Programme, error) {
	const query = `SELECT ` + programmeColumns + ` FROM programmes WHERE id = ?`
	var r programmeRow
	if err := q.GetContext(ctx, &r, query, id); err != nil {
		return domain.Programme{}, notFound(err, "programme", id)
	}
	return r.toDomain()
}

// InsertProgramme stores a new programme.
func InsertProgramme(ctx context.Context, tx *sqlx.Tx, p domain.Programme) error {
	const query = `INSERT INTO programmes (id, name, municipality, description, themes, starts_on, ends_on,
		status, targets, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	_, err := tx.ExecContext(ctx, query, p.ID, p.Name, p.Municipality, p.Description, jsonList(p.Themes),
		string(p.StartsOn), string(p.EndsOn), string(p.Status), targetsJSON(p.Targets),
		p.CreatedAt.Unix(), p.UpdatedAt.Unix(), p.Version)
	if err != nil {
		return fmt.Errorf("insert programme %s: %w", p.ID, err)
	}
	return nil
}

// UpdateProgramme stores a changed programme if its stored version is
// prevVersion.
func UpdateProgramme(ctx context.Context, tx *sqlx.Tx, p domain.Programme, prevVersion int64) error {
	const query = `UPDATE programmes SET name = ?, municipality = ?, description = ?, themes = ?,
		starts_on = ?, ends_on = ?, status = ?, targets = ?, updated_at = ?, version = ?
		WHERE id = ? AND version = ?`
	res, err := tx.ExecContext(ctx, query, p.Name, p.Municipality, p.Description, jsonList(p.Themes),
		string(p.StartsOn), string(p.EndsOn), string(p.Status), targetsJSON(p.Targets), p.UpdatedAt.Unix(),
		p.Version, p.ID, prevVersion)
	if err != nil {
		return fmt.Errorf("update programme %s: %w", p.ID, err)
	}
	return exactlyOne(res, "update programme", p.ID, prevVersion)
}

// ListProgrammes returns programmes in (startsOn, id) order after the
// given position, keyset-paged so that inserts between pages neither repeat
// nor skip one.
func ListProgrammes(ctx context.Context, q Queryer, afterStart domain.Date, afterID string, limit int) ([]domain.Programme, error) {
	const query = `SELECT ` + programmeColumns + ` FROM programmes
		WHERE (starts_on, id) > (?, ?) ORDER BY starts_on, id LIMIT ?`
	var rows []programmeRow
	if err := q.SelectContext(ctx, &rows, query, string(afterStart), afterID, limit); err != nil {
		return nil, fmt.Errorf("list programmes: %w", err)
	}
	out := make([]domain.Programme, 0, len(rows))
	for _, r := range rows {
		p, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// ActiveProgrammes returns every programme that is not closed.
func ActiveProgrammes(ctx context.Context, q Queryer) ([]domain.Programme, error) {
	const query = `SELECT ` + programmeColumns + ` FROM programmes WHERE status = 'active' ORDER BY starts_on, id`
	var rows []programmeRow
	if err := q.SelectContext(ctx, &rows, query); err != nil {
		return nil, fmt.Errorf("active programmes: %w", err)
	}
	out := make([]domain.Programme, 0, len(rows))
	for _, r := range rows {
		p, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// RecordBehindSignal records that the ambassador was reminded in month
// (YYYY-MM); it returns false if they were reminded that month already.
func RecordBehindSignal(ctx context.Context, tx *sqlx.Tx, ambassadorID, month string, now time.Time) (bool, error) {
	const query = `INSERT INTO behind_target_signals (ambassador_id, month, sent_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`
	res, err := tx.ExecContext(ctx, query, ambassadorID, month, now.Unix())
	if err != nil {
		return false, fmt.Errorf("record behind-target signal of %s: %w", ambassadorID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record behind-target signal of %s: %w", ambassadorID, err)
	}
	return n == 1, nil
}
