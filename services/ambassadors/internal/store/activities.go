package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jmoiron/sqlx"

	"plein.dev/ambassadors/internal/domain"
)

type activityRow struct {
	ID                   string `db:"id"`
	AmbassadorID         string `db:"ambassador_id"`
	ProgrammeID          string `db:"programme_id"`
	Kind                 string `db:"kind"`
	OccurredOn           string `db:"occurred_on"`
	DurationMinutes      int    `db:"duration_minutes"`
	Summary              string `db:"summary"`
	EntrepreneursReached int    `db:"entrepreneurs_reached"`
	Organisations        string `db:"organisations"`
	Themes               string `db:"themes"`
	EventID              string `db:"event_id"`
	ReviewStatus         string `db:"review_status"`
	ReviewComment        string `db:"review_comment"`
	Attendance           int    `db:"attendance"`
	Credited             bool   `db:"credited"`
	CreatedAt            int64  `db:"created_at"`
	UpdatedAt            int64  `db:"updated_at"`
	Version              int64  `db:"version"`
	Areas                string `db:"areas"`
	Companies            string `db:"companies"`
}

const activityColumns = `id, ambassador_id, programme_id, kind, occurred_on, duration_minutes, summary,
	entrepreneurs_reached, organisations, themes, event_id, review_status, review_comment, attendance, credited,
	created_at, updated_at, version, areas, companies`

func (r activityRow) toDomain() (domain.Activity, error) {
	x := domain.Activity{
		ID:                   r.ID,
		AmbassadorID:         r.AmbassadorID,
		ProgrammeID:          r.ProgrammeID,
		Kind:                 domain.Kind(r.Kind),
		OccurredOn:           domain.Date(r.OccurredOn),
		DurationMinutes:      r.DurationMinutes,
		Summary:              r.Summary,
		EntrepreneursReached: r.EntrepreneursReached,
		EventID:              r.EventID,
		ReviewStatus:         domain.ReviewStatus(r.ReviewStatus),
		ReviewComment:        r.ReviewComment,
		Attendance:           r.Attendance,
		Credited:             r.Credited,
		CreatedAt:            unix(r.CreatedAt),
		UpdatedAt:            unix(r.UpdatedAt),
		Version:              r.Version,
	}
	if err := json.Unmarshal([]byte(r.Organisations), &x.Organisations); err != nil {
		return domain.Activity{}, fmt.Errorf("activity %s organisations: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Themes), &x.Themes); err != nil {
		return domain.Activity{}, fmt.Errorf("activity %s themes: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Areas), &x.Areas); err != nil {
		return domain.Activity{}, fmt.Errorf("activity %s areas: %w", r.ID, err)
	}
	if len(x.Areas) == 0 {
		x.Areas = nil
	}
	var err error
	if x.Companies, err = readCompanies(r.ID, r.Companies); err != nil {
		return domain.Activity{}, err
	}
	return x, nil
}

func activities(rows []activityRow) ([]domain.Activity, error) {
	out := make([]domain.Activity, 0, len(rows))
	for _, r := range rows {
		x, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// GetActivity returns one activity.
func GetActivity(ctx context.Context, q Queryer, id string) (domain.Activity, error) {
	const query = `SELECT ` + activityColumns + ` FROM activities WHERE id = ?`
	var r activityRow
	if err := q.GetContext(ctx, &r, query, id); err != nil {
		return domain.Activity{}, notFound(err, "activity", id)
	}
	return r.toDomain()
}

// InsertActivity stores a new activity; a second activity of one
// ambassador about the same event is a domain.ConflictError.
func InsertActivity(ctx context.Context, tx *sqlx.Tx, x domain.Activity) error {
	const query = `INSERT INTO activities (id, ambassador_id, programme_id, kind, occurred_on, duration_minutes,
		summary, entrepreneurs_reached, organisations, themes, event_id, review_status, review_comment, attendance,
		credited, created_at, updated_at, version, areas, companies)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	_, err := tx.ExecContext(ctx, query, x.ID, x.AmbassadorID, x.ProgrammeID, string(x.Kind), string(x.OccurredOn),
		x.DurationMinutes, x.Summary, x.EntrepreneursReached, jsonList(x.Organisations), jsonList(x.Themes),
		x.EventID, string(x.ReviewStatus), x.ReviewComment, x.Attendance, x.Credited, x.CreatedAt.Unix(),
		x.UpdatedAt.Unix(), x.Version, jsonList(x.Areas), companiesJSON(x.Companies))
	if err != nil {
		return conflict(err, "insert activity", x.ID, "eventId", "is logged for this ambassador already")
	}
	return nil
}

// UpdateActivity stores a changed activity if its stored version is
// prevVersion.
func UpdateActivity(ctx context.Context, tx *sqlx.Tx, x domain.Activity, prevVersion int64) error {
	const query = `UPDATE activities SET kind = ?, occurred_on = ?, duration_minutes = ?, summary = ?,
		entrepreneurs_reached = ?, organisations = ?, themes = ?, event_id = ?, review_status = ?,
		review_comment = ?, attendance = ?, updated_at = ?, version = ?, areas = ?, companies = ?
		WHERE id = ? AND version = ?`
	res, err := tx.ExecContext(ctx, query, string(x.Kind), string(x.OccurredOn), x.DurationMinutes, x.Summary,
		x.EntrepreneursReached, jsonList(x.Organisations), jsonList(x.Themes), x.EventID, string(x.ReviewStatus),
		x.ReviewComment, x.Attendance, x.UpdatedAt.Unix(), x.Version, jsonList(x.Areas), companiesJSON(x.Companies),
		x.ID, prevVersion)
	if err != nil {
		return conflict(err, "update activity", x.ID, "eventId", "is logged for this ambassador already")
	}
	return exactlyOne(res, "update activity", x.ID, prevVersion)
}

// DeleteActivity removes an activity if its stored version is version.
func DeleteActivity(ctx context.Context, tx *sqlx.Tx, id string, version int64) error {
	const query = `DELETE FROM activities WHERE id = ? AND version = ?`
	res, err := tx.ExecContext(ctx, query, id, version)
	if err != nil {
		return fmt.Errorf("delete activity %s: %w", id, err)
	}
	return exactlyOne(res, "delete activity", id, version)
}

// ListActivities returns an ambassador's activities, latest first in
// (occurredOn, id) order, starting after (beforeOn, beforeID) when
// beforeID is set; keyset-paged.
func ListActivities(ctx context.Context, q Queryer, ambassadorID string, beforeOn domain.Date, beforeID string, limit int) ([]domain.Activity, error) {
	const first = `SELECT ` + activityColumns + ` FROM activities WHERE ambassador_id = ?
		ORDER BY occurred_on DESC, id DESC LIMIT ?`
	const next = `SELECT ` + activityColumns + ` FROM activities WHERE ambassador_id = ?
		AND (occurred_on, id) < (?, ?) ORDER BY occurred_on DESC, id DESC LIMIT ?`
	var rows []activityRow
	var err error
	if beforeID == "" {
		err = q.SelectContext(ctx, &rows, first, ambassadorID, limit)
	} else {
		err = q.SelectContext(ctx, &rows, next, ambassadorID, string(beforeOn), beforeID, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("list activities of ambassador %s: %w", ambassadorID, err)
	}
	return activities(rows)
}

// ProgrammeActivities returns the activities of a programme dated from..to,
// both included.
func ProgrammeActivities(ctx context.Context, q Queryer, programmeID string, from, to domain.Date) ([]domain.Activity, error) {
	const query = `SELECT ` + activityColumns + ` FROM activities
		WHERE programme_id = ? AND occurred_on BETWEEN ? AND ? ORDER BY occurred_on, id`
	var rows []activityRow
	if err := q.SelectContext(ctx, &rows, query, programmeID, string(from), string(to)); err != nil {
		return nil, fmt.Errorf("activities of programme %s: %w", programmeID, err)
	}
	return activities(rows)
}

// AmbassadorActivities returns all activities of an ambassador, for
// progress against targets.
func AmbassadorActivities(ctx context.Context, q Queryer, ambassadorID string) ([]domain.Activity, error) {
	const query = `SELECT ` + activityColumns + ` FROM activities WHERE ambassador_id = ? ORDER BY occurred_on, id`
	var rows []activityRow
	if err := q.SelectContext(ctx, &rows, query, ambassadorID); err != nil {
		return nil, fmt.Errorf("activities of ambassador %s: %w", ambassadorID, err)
	}
	return activities(rows)
}

// EventActivities returns the activities about an event, of any ambassador.
func EventActivities(ctx context.Context, q Queryer, eventID string) ([]domain.Activity, error) {
	const query = `SELECT ` + activityColumns + ` FROM activities WHERE event_id = ? ORDER BY id`
	var rows []activityRow
	if err := q.SelectContext(ctx, &rows, query, eventID); err != nil {
		return nil, fmt.Errorf("activities of event %s: %w", eventID, err)
	}
	return activities(rows)
}
