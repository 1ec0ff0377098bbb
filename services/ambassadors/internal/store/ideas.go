package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/ambassadors/internal/domain"
)

type ideaRow struct {
	ID           string        `db:"id"`
	ProgrammeID  string        `db:"programme_id"`
	Name         string        `db:"name"`
	Email        string        `db:"email"`
	Organisation string        `db:"organisation"`
	KvKNumber    string        `db:"kvk_number"`
	Title        string        `db:"title"`
	Description  string        `db:"description"`
	Themes       string        `db:"themes"`
	Status       string        `db:"status"`
	Note         string        `db:"note"`
	Language     string        `db:"language"`
	DecidedAt    sql.NullInt64 `db:"decided_at"`
	Owners       string        `db:"owner_organisation_ids"`
	CreatedAt    int64         `db:"created_at"`
	UpdatedAt    int64         `db:"updated_at"`
	Version      int64         `db:"version"`
}

const ideaColumns = `i.id, i.programme_id, i.name, i.email, i.organisation, i.kvk_number, i.title, i.description,
	i.themes, i.status, i.note, i.language, i.decided_at, p.owner_organisation_ids, i.created_at, i.updated_at, i.version`

const ideaFrom = ` FROM ideas i JOIN programmes p ON p.id = i.programme_id`

func (r ideaRow) toDomain() (domain.Idea, error) {
	i := domain.Idea{ID: r.ID, ProgrammeID: r.ProgrammeID, Name: r.Name, Email: r.Email, Organisation: r.Organisation,
		KvKNumber: r.KvKNumber, Title: r.Title, Description: r.Description, Status: domain.IdeaStatus(r.Status),
		Note: r.Note, Language: r.Language, CreatedAt: unix(r.CreatedAt), UpdatedAt: unix(r.UpdatedAt), Version: r.Version}
	if r.DecidedAt.Valid {
		t := unix(r.DecidedAt.Int64)
		i.DecidedAt = &t
	}
	if err := json.Unmarshal([]byte(r.Themes), &i.Themes); err != nil {
		return domain.Idea{}, fmt.Errorf("idea %s themes: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Owners), &i.ProgrammeOwners); err != nil {
		return domain.Idea{}, fmt.Errorf("idea %s owners: %w", r.ID, err)
	}
	return i, nil
}

func ideas(rows []ideaRow) ([]domain.Idea, error) {
	out := make([]domain.Idea, 0, len(rows))
	for _, r := range rows {
		i, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, nil
}

func decidedAt(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.Unix()
}

// InsertIdea stores a new idea.
func InsertIdea(ctx context.Context, tx *sqlx.Tx, i domain.Idea) error {
	const query = `INSERT INTO ideas (id, programme_id, name, email, organisation, kvk_number, title, description,
		themes, status, note, language, decided_at, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	_, err := tx.ExecContext(ctx, query, i.ID, i.ProgrammeID, i.Name, i.Email, i.Organisation, i.KvKNumber, i.Title,
		i.Description, jsonList(i.Themes), string(i.Status), i.Note, i.Language, decidedAt(i.DecidedAt),
		i.CreatedAt.Unix(), i.UpdatedAt.Unix(), i.Version)
	if err != nil {
		return fmt.Errorf("insert idea %s: %w", i.ID, err)
	}
	return nil
}

// GetIdea returns one idea with its programme's owners.
func GetIdea(ctx context.Context, q Queryer, id string) (domain.Idea, error) {
	var r ideaRow
	if err := q.GetContext(ctx, &r, `SELECT `+ideaColumns+ideaFrom+` WHERE i.id = ?`, id); err != nil {
		return domain.Idea{}, notFound(err, "idea", id)
	}
	return r.toDomain()
}

// UpdateIdea saves an idea's triage (status, note, decision time) if it is
// still at prevVersion.
func UpdateIdea(ctx context.Context, tx *sqlx.Tx, i domain.Idea, prevVersion int64) error {
	const query = `UPDATE ideas SET status = ?, note = ?, decided_at = ?, updated_at = ?, version = ?
		WHERE id = ? AND version = ?`
	res, err := tx.ExecContext(ctx, query, string(i.Status), i.Note, decidedAt(i.DecidedAt), i.UpdatedAt.Unix(),
		i.Version, i.ID, prevVersion)
	if err != nil {
		return fmt.Errorf("update idea %s: %w", i.ID, err)
	}
	return exactlyOne(res, "idea", i.ID, prevVersion)
}

// IdeaFilter selects a page of a programme's ideas, oldest first.
type IdeaFilter struct {
	ProgrammeID string
	// Status keeps one status; empty keeps all.
	Status domain.IdeaStatus
	// AfterCreated and AfterID continue after that idea.
	AfterCreated int64
	AfterID      string
	Limit        int
}

// ListIdeas returns the ideas f selects, oldest first (creation, then id).
func ListIdeas(ctx context.Context, q Queryer, f IdeaFilter) ([]domain.Idea, error) {
	query := `SELECT ` + ideaColumns + ideaFrom + ` WHERE i.programme_id = ? AND (i.created_at, i.id) > (?, ?)`
	args := []any{f.ProgrammeID, f.AfterCreated, f.AfterID}
	if f.Status != "" {
		query += ` AND i.status = ?`
		args = append(args, string(f.Status))
	}
	query += ` ORDER BY i.created_at, i.id LIMIT ?`
	args = append(args, f.Limit)
	var rows []ideaRow
	if err := q.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("list ideas: %w", err)
	}
	return ideas(rows)
}

// SupportedIdeas returns a programme's ideas that became ondersteund
// between from and to (Unix seconds, to excluded), in that order.
func SupportedIdeas(ctx context.Context, q Queryer, programmeID string, from, to int64) ([]domain.Idea, error) {
	const query = `SELECT ` + ideaColumns + ideaFrom + ` WHERE i.programme_id = ? AND i.status = 'ondersteund'
		AND i.decided_at >= ? AND i.decided_at < ? ORDER BY i.decided_at, i.id`
	var rows []ideaRow
	if err := q.SelectContext(ctx, &rows, query, programmeID, from, to); err != nil {
		return nil, fmt.Errorf("supported ideas: %w", err)
	}
	return ideas(rows)
}

// IdeasByEmail returns the ideas submitted with an address, whatever its
// case, oldest first.
func IdeasByEmail(ctx context.Context, q Queryer, email string) ([]domain.Idea, error) {
	var rows []ideaRow
	const query = `SELECT ` + ideaColumns + ideaFrom + ` WHERE lower(i.email) = lower(?) AND i.email <> ''
		ORDER BY i.created_at, i.id`
	if err := q.SelectContext(ctx, &rows, query, email); err != nil {
		return nil, fmt.Errorf("ideas by e-mail: %w", err)
	}
	return ideas(rows)
}

// AnonymiseIdea empties an idea's personal fields (name, address, KvK
// number, and the organisation: a sole trader's trade name is often their
// own) at now; title, description, themes, status and note stay.
func AnonymiseIdea(ctx context.Context, tx *sqlx.Tx, id string, now time.Time) error {
	const query = `UPDATE ideas SET name = '', email = '', kvk_number = '', organisation = '', anonymised_at = ?
		WHERE id = ?`
	if _, err := tx.ExecContext(ctx, query, now.Unix(), id); err != nil {
		return fmt.Errorf("anonymise idea %s: %w", id, err)
	}
	return nil
}

// ExpiredIdea is an idea whose submitter's data the retention sweep
// removes, with their address.
type ExpiredIdea struct {
	ID    string `db:"id"`
	Email string `db:"email"`
}

const expiredIdeasQuery = `SELECT id, email FROM ideas WHERE anonymised_at IS NULL
	AND coalesce(decided_at, created_at) < ? ORDER BY coalesce(decided_at, created_at), id LIMIT ?`

// ExpiredIdeas returns up to limit ideas that still hold personal data and
// were decided before cutoff or, never decided, submitted before it. It
// reads them through ideas_held (migration 0008), which an anonymised idea
// leaves: a batch reads the ideas it returns, not the table.
func ExpiredIdeas(ctx context.Context, q Queryer, cutoff time.Time, limit int) ([]ExpiredIdea, error) {
	var out []ExpiredIdea
	if err := q.SelectContext(ctx, &out, expiredIdeasQuery, cutoff.Unix(), limit); err != nil {
		return nil, fmt.Errorf("expired ideas: %w", err)
	}
	return out, nil
}

// IdeasHeldFor reports whether an idea still holds the address.
func IdeasHeldFor(ctx context.Context, q Queryer, email string) (bool, error) {
	var n int
	const query = `SELECT count(*) FROM ideas WHERE lower(email) = lower(?) AND email <> ''`
	if err := q.GetContext(ctx, &n, query, email); err != nil {
		return false, fmt.Errorf("ideas held: %w", err)
	}
	return n > 0, nil
}
