package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jmoiron/sqlx"

	"plein.dev/ambassadors/internal/domain"
)

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
	Owners       string `db:"owner_organisation_ids"`
	Partners     string `db:"partners"`
	CreatedAt    int64  `db:"created_at"`
	UpdatedAt    int64  `db:"updated_at"`
	Version      int64  `db:"version"`
	outlineRow
}

const programmeColumns = `id, name, municipality, description, themes, starts_on, ends_on, status,
	targets, owner_organisation_ids, partners, created_at, updated_at, version, ` + outlineColumns

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
	if err := json.Unmarshal([]byte(r.Owners), &p.Owners); err != nil {
		return domain.Programme{}, fmt.Errorf("programme %s owners: %w", r.ID, err)
	}
	var partners []partnerJSON
	if err := json.Unmarshal([]byte(r.Partners), &partners); err != nil {
		return domain.Programme{}, fmt.Errorf("programme %s partners: %w", r.ID, err)
	}
	for _, x := range partners {
		p.Partners = append(p.Partners, domain.Partner{OrganisationID: x.OrganisationID, Role: x.Role})
	}
	if err := r.fill(&p); err != nil {
		return domain.Programme{}, err
	}
	return p, nil
}

// partnerJSON is how a partner is stored inside the programmes row.
type partnerJSON struct {
	OrganisationID string `json:"organisationId"`
	Role           string `json:"role"`
}

func partnersJSON(ps []domain.Partner) string {
	out := make([]partnerJSON, 0, len(ps))
	for _, x := range ps {
		out = append(out, partnerJSON(x))
	}
	b, _ := json.Marshal(out) // plain strings always marshal
	return string(b)
}

func programmes(rows []programmeRow) ([]domain.Programme, error) {
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
		status, targets, owner_organisation_ids, partners, created_at, updated_at, version,
		contacts, areas, theme_parents, indicators)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	o := toOutlineRow(p)
	_, err := tx.ExecContext(ctx, query, p.ID, p.Name, p.Municipality, p.Description, jsonList(p.Themes),
		string(p.StartsOn), string(p.EndsOn), string(p.Status), targetsJSON(p.Targets),
		jsonList(p.Owners), partnersJSON(p.Partners), p.CreatedAt.Unix(), p.UpdatedAt.Unix(), p.Version,
		o.Contacts, o.Areas, o.ThemeParents, o.Indicators)
	if err != nil {
		return fmt.Errorf("insert programme %s: %w", p.ID, err)
	}
	return nil
}

// UpdateProgramme stores a changed programme if its stored version is
// prevVersion.
func UpdateProgramme(ctx context.Context, tx *sqlx.Tx, p domain.Programme, prevVersion int64) error {
	const query = `UPDATE programmes SET name = ?, municipality = ?, description = ?, themes = ?,
		starts_on = ?, ends_on = ?, status = ?, targets = ?, owner_organisation_ids = ?, partners = ?,
		updated_at = ?, version = ?, contacts = ?, areas = ?, theme_parents = ?, indicators = ?
		WHERE id = ? AND version = ?`
	o := toOutlineRow(p)
	res, err := tx.ExecContext(ctx, query, p.Name, p.Municipality, p.Description, jsonList(p.Themes),
		string(p.StartsOn), string(p.EndsOn), string(p.Status), targetsJSON(p.Targets),
		jsonList(p.Owners), partnersJSON(p.Partners), p.UpdatedAt.Unix(),
		p.Version, o.Contacts, o.Areas, o.ThemeParents, o.Indicators, p.ID, prevVersion)
	if err != nil {
		return fmt.Errorf("update programme %s: %w", p.ID, err)
	}
	return exactlyOne(res, "update programme", p.ID, prevVersion)
}

// ProgrammeFilter selects a page of programmes.
type ProgrammeFilter struct {
	// AfterStart and AfterID are the position of the last programme of
	// the previous page.
	AfterStart domain.Date
	AfterID    string
	Limit      int
	// Owners, if set, keeps the programmes one of these organisations owns.
	Owners []string
}

// ListProgrammes returns programmes in (startsOn, id) order after the
// given position, keyset-paged so that inserts between pages neither repeat
// nor skip one.
func ListProgrammes(ctx context.Context, q Queryer, f ProgrammeFilter) ([]domain.Programme, error) {
	query := `SELECT ` + programmeColumns + ` FROM programmes WHERE (starts_on, id) > (?, ?)`
	args := []any{string(f.AfterStart), f.AfterID}
	if f.Owners != nil {
		query += ` AND EXISTS (SELECT 1 FROM json_each(owner_organisation_ids) o WHERE o.value IN (SELECT value FROM json_each(?)))`
		args = append(args, jsonList(f.Owners))
	}
	query += ` ORDER BY starts_on, id LIMIT ?`
	args = append(args, f.Limit)
	var rows []programmeRow
	if err := q.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("list programmes: %w", err)
	}
	return programmes(rows)
}
