package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jmoiron/sqlx"

	"plein.dev/ambassadors/internal/domain"
)

type ambassadorRow struct {
	ID              string `db:"id"`
	ProgrammeID     string `db:"programme_id"`
	Name            string `db:"name"`
	Email           string `db:"email"`
	Organisation    string `db:"organisation"`
	Sector          string `db:"sector"`
	Bio             string `db:"bio"`
	AppointedOn     string `db:"appointed_on"`
	TermEndsOn      string `db:"term_ends_on"`
	ProgrammeStatus string `db:"programme_status"`
	ProgrammeOwners string `db:"programme_owners"`
	OptOut          bool   `db:"leaderboard_opt_out"`
	Announced       bool   `db:"term_ended_announced"`
	CreatedAt       int64  `db:"created_at"`
	UpdatedAt       int64  `db:"updated_at"`
	Version         int64  `db:"version"`
}

const ambassadorColumns = `a.id, a.programme_id, a.name, a.email, a.organisation, a.sector, a.bio,
	a.appointed_on, a.term_ends_on, p.status AS programme_status,
	p.owner_organisation_ids AS programme_owners, a.leaderboard_opt_out, a.term_ended_announced,
	a.created_at, a.updated_at, a.version`

const ambassadorFrom = ` FROM ambassadors a JOIN programmes p ON p.id = a.programme_id`

func (r ambassadorRow) toDomain() domain.Ambassador {
	var owners []string
	// Stored by InsertProgramme from a []string; unreadable means owned by
	// nobody, which no organiser manages.
	_ = json.Unmarshal([]byte(r.ProgrammeOwners), &owners)
	return domain.Ambassador{
		ProgrammeOwners:    owners,
		ID:                 r.ID,
		ProgrammeID:        r.ProgrammeID,
		Name:               r.Name,
		Email:              r.Email,
		Organisation:       r.Organisation,
		Sector:             r.Sector,
		Bio:                r.Bio,
		AppointedOn:        domain.Date(r.AppointedOn),
		TermEndsOn:         domain.Date(r.TermEndsOn),
		ProgrammeStatus:    domain.ProgrammeStatus(r.ProgrammeStatus),
		LeaderboardOptOut:  r.OptOut,
		TermEndedAnnounced: r.Announced,
		CreatedAt:          unix(r.CreatedAt),
		UpdatedAt:          unix(r.UpdatedAt),
		Version:            r.Version,
	}
}

func ambassadors(rows []ambassadorRow) []domain.Ambassador {
	out := make([]domain.Ambassador, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.toDomain())
	}
	return out
}

// GetAmbassador returns one ambassador with the status of their programme.
func GetAmbassador(ctx context.Context, q Queryer, id string) (domain.Ambassador, error) {
	const query = `SELECT ` + ambassadorColumns + ambassadorFrom + ` WHERE a.id = ?`
	var r ambassadorRow
	if err := q.GetContext(ctx, &r, query, id); err != nil {
		return domain.Ambassador{}, notFound(err, "ambassador", id)
	}
	return r.toDomain(), nil
}

// InsertAmbassador stores a new ambassador; an e-mail address appointed in
// the programme already is a domain.ConflictError.
func InsertAmbassador(ctx context.Context, tx *sqlx.Tx, a domain.Ambassador) error {
	const query = `INSERT INTO ambassadors (id, programme_id, name, email, organisation, sector, bio,
		appointed_on, term_ends_on, leaderboard_opt_out, term_ended_announced, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	_, err := tx.ExecContext(ctx, query, a.ID, a.ProgrammeID, a.Name, a.Email, a.Organisation, a.Sector, a.Bio,
		string(a.AppointedOn), string(a.TermEndsOn), a.LeaderboardOptOut, a.TermEndedAnnounced,
		a.CreatedAt.Unix(), a.UpdatedAt.Unix(), a.Version)
	if err != nil {
		return conflict(err, "insert ambassador", a.ID, "email", "is appointed in this programme already")
	}
	return nil
}

// UpdateAmbassador stores a changed ambassador if its stored version is
// prevVersion.
func UpdateAmbassador(ctx context.Context, tx *sqlx.Tx, a domain.Ambassador, prevVersion int64) error {
	const query = `UPDATE ambassadors SET name = ?, email = ?, organisation = ?, sector = ?, bio = ?,
		appointed_on = ?, term_ends_on = ?, leaderboard_opt_out = ?, term_ended_announced = ?, updated_at = ?,
		version = ? WHERE id = ? AND version = ?`
	res, err := tx.ExecContext(ctx, query, a.Name, a.Email, a.Organisation, a.Sector, a.Bio,
		string(a.AppointedOn), string(a.TermEndsOn), a.LeaderboardOptOut, a.TermEndedAnnounced,
		a.UpdatedAt.Unix(), a.Version, a.ID, prevVersion)
	if err != nil {
		return conflict(err, "update ambassador", a.ID, "email", "is appointed in this programme already")
	}
	return exactlyOne(res, "update ambassador", a.ID, prevVersion)
}

// ListAmbassadors returns a programme's ambassadors in (name, id) order
// after the given position, keyset-paged.
func ListAmbassadors(ctx context.Context, q Queryer, programmeID, afterName, afterID string, limit int) ([]domain.Ambassador, error) {
	const query = `SELECT ` + ambassadorColumns + ambassadorFrom + `
		WHERE a.programme_id = ? AND (a.name, a.id) > (?, ?) ORDER BY a.name, a.id LIMIT ?`
	var rows []ambassadorRow
	if err := q.SelectContext(ctx, &rows, query, programmeID, afterName, afterID, limit); err != nil {
		return nil, fmt.Errorf("list ambassadors of programme %s: %w", programmeID, err)
	}
	return ambassadors(rows), nil
}

// ProgrammeAmbassadors returns all ambassadors of a programme, for reports.
func ProgrammeAmbassadors(ctx context.Context, q Queryer, programmeID string) ([]domain.Ambassador, error) {
	const query = `SELECT ` + ambassadorColumns + ambassadorFrom + ` WHERE a.programme_id = ? ORDER BY a.name, a.id`
	var rows []ambassadorRow
	if err := q.SelectContext(ctx, &rows, query, programmeID); err != nil {
		return nil, fmt.Errorf("ambassadors of programme %s: %w", programmeID, err)
	}
	return ambassadors(rows), nil
}
