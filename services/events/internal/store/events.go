package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/events/internal/domain"
)

type eventRow struct {
	ID                   string         `db:"id"`
	Title                string         `db:"title"`
	Description          string         `db:"description"`
	ProgrammeID          string         `db:"programme_id"`
	Themes               string         `db:"themes"`
	RoomID               sql.NullString `db:"room_id"`
	Location             string         `db:"location"`
	StartsAt             int64          `db:"starts_at"`
	EndsAt               int64          `db:"ends_at"`
	Capacity             int            `db:"capacity"`
	RegistrationOpensAt  sql.NullInt64  `db:"registration_opens_at"`
	RegistrationClosesAt sql.NullInt64  `db:"registration_closes_at"`
	Visibility           string         `db:"visibility"`
	Status               string         `db:"status"`
	HostAmbassadorIDs    string         `db:"host_ambassador_ids"`
	Recurrence           string         `db:"recurrence"`
	SeriesID             string         `db:"series_id"`
	CancellationReason   string         `db:"cancellation_reason"`
	CreatedAt            int64          `db:"created_at"`
	UpdatedAt            int64          `db:"updated_at"`
	Version              int64          `db:"version"`
	InviteCode           string         `db:"invite_code"`
	Accessibility        string         `db:"accessibility"`
	Sequence             int            `db:"sequence"`
	DeclineReason        string         `db:"decline_reason"`
	ProposedBy           string         `db:"proposed_by_ambassador_id"`
	OwnerOrganisationID  string         `db:"owner_organisation_id"`
	Owners               string         `db:"owners"`
	SeatsTaken           int            `db:"seats_taken"`
	WaitlistLength       int            `db:"waitlist_length"`
	Contacts             string         `db:"contacts"`
	Areas                string         `db:"areas"`
	Agenda               string         `db:"agenda"`
	Materials            string         `db:"materials"`
	PostNote             string         `db:"post_note"`
}

const eventColumns = `e.id, e.title, e.description, e.programme_id, e.themes, e.room_id, e.location,
	e.starts_at, e.ends_at, e.capacity, e.registration_opens_at, e.registration_closes_at,
	e.visibility, e.status, e.host_ambassador_ids, e.recurrence, e.series_id,
	e.cancellation_reason, e.created_at, e.updated_at, e.version,
	e.invite_code, e.accessibility, e.sequence, e.decline_reason, e.proposed_by_ambassador_id,
	e.owner_organisation_id, ` + ownersOfE + ` AS owners,
	COALESCE(s.seats_taken, 0) AS seats_taken, COALESCE(s.waitlist_length, 0) AS waitlist_length,
	e.contacts, e.areas, e.agenda, e.materials, e.post_note`

// ownersOfE is the JSON array of the owners of the event row e: its
// programme's owners, or its own owner when it has no programme.
const ownersOfE = `(CASE WHEN e.programme_id = '' THEN json_array(e.owner_organisation_id)
	ELSE coalesce((SELECT p.owners FROM programmes p WHERE p.id = e.programme_id), '[]') END)`

// ownedByE is the condition that one of the organisations in the JSON
// array parameter owns the event row e.
const ownedByE = `EXISTS (SELECT 1 FROM json_each(` + ownersOfE + `) o WHERE o.value IN (SELECT value FROM json_each(?)))`

const eventFrom = ` FROM events e LEFT JOIN event_seats s ON s.event_id = e.id`

func (r eventRow) toDomain() (domain.Event, error) {
	e := domain.Event{
		ID:                     r.ID,
		Title:                  r.Title,
		Description:            r.Description,
		ProgrammeID:            r.ProgrammeID,
		RoomID:                 r.RoomID.String,
		Location:               r.Location,
		StartsAt:               unix(r.StartsAt),
		EndsAt:                 unix(r.EndsAt),
		Capacity:               r.Capacity,
		Visibility:             domain.Visibility(r.Visibility),
		Status:                 domain.Status(r.Status),
		Recurrence:             r.Recurrence,
		SeriesID:               r.SeriesID,
		CancellationReason:     r.CancellationReason,
		SeatsTaken:             r.SeatsTaken,
		WaitlistLength:         r.WaitlistLength,
		CreatedAt:              unix(r.CreatedAt),
		UpdatedAt:              unix(r.UpdatedAt),
		Version:                r.Version,
		InviteCode:             r.InviteCode,
		Sequence:               r.Sequence,
		DeclineReason:          r.DeclineReason,
		ProposedByAmbassadorID: r.ProposedBy,
		OwnerOrganisationID:    r.OwnerOrganisationID,
		PostNote:               r.PostNote,
	}
	if err := r.content(&e); err != nil {
		return domain.Event{}, err
	}
	if err := json.Unmarshal([]byte(r.Owners), &e.Owners); err != nil {
		return domain.Event{}, fmt.Errorf("event %s owners: %w", r.ID, err)
	}
	if len(e.Owners) == 0 {
		e.Owners = nil // of a programme not (yet) known: nobody's
	}
	if err := json.Unmarshal([]byte(r.Accessibility), &e.Accessibility); err != nil {
		return domain.Event{}, fmt.Errorf("event %s accessibility: %w", r.ID, err)
	}
	if r.RegistrationOpensAt.Valid {
		t := unix(r.RegistrationOpensAt.Int64)
		e.RegistrationOpensAt = &t
	}
	if r.RegistrationClosesAt.Valid {
		t := unix(r.RegistrationClosesAt.Int64)
		e.RegistrationClosesAt = &t
	}
	if err := json.Unmarshal([]byte(r.Themes), &e.Themes); err != nil {
		return domain.Event{}, fmt.Errorf("event %s themes: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.HostAmbassadorIDs), &e.HostAmbassadorIDs); err != nil {
		return domain.Event{}, fmt.Errorf("event %s hosts: %w", r.ID, err)
	}
	return e, nil
}

func accessibilityJSON(a domain.Accessibility) string {
	b, _ := json.Marshal(a) // plain fields always marshal
	return string(b)
}

// GetEvent returns one event with its seat counts.
func GetEvent(ctx context.Context, q Queryer, id string) (domain.Event, error) {
	const query = `SELECT ` + eventColumns + eventFrom + ` WHERE e.id = ?`
	var r eventRow
	if err := q.GetContext(ctx, &r, query, id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Event{}, fmt.Errorf("event %s: %w", id, domain.ErrNotFound)
		}
		return domain.Event{}, fmt.Errorf("get event %s: %w", id, err)
	}
	return r.toDomain()
}

// InsertEvent stores a new event.
func InsertEvent(ctx context.Context, tx *sqlx.Tx, e domain.Event) error {
	const query = `INSERT INTO events (id, title, description, programme_id, themes, room_id, location,
		starts_at, ends_at, capacity, registration_opens_at, registration_closes_at, visibility, status,
		host_ambassador_ids, recurrence, series_id, cancellation_reason, created_at, updated_at, version,
		invite_code, accessibility, sequence, decline_reason, proposed_by_ambassador_id, owner_organisation_id,
		contacts, areas, agenda, materials, post_note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	_, err := tx.ExecContext(ctx, query, e.ID, e.Title, e.Description, e.ProgrammeID, jsonList(e.Themes),
		nullString(e.RoomID), e.Location, e.StartsAt.Unix(), e.EndsAt.Unix(), e.Capacity,
		nullTime(e.RegistrationOpensAt), nullTime(e.RegistrationClosesAt), string(e.Visibility),
		string(e.Status), jsonList(e.HostAmbassadorIDs), e.Recurrence, e.SeriesID, e.CancellationReason,
		e.CreatedAt.Unix(), e.UpdatedAt.Unix(), e.Version,
		e.InviteCode, accessibilityJSON(e.Accessibility), e.Sequence, e.DeclineReason, e.ProposedByAmbassadorID,
		e.OwnerOrganisationID, jsonValue(e.Contacts), jsonList(e.Areas), jsonValue(e.Agenda), jsonValue(e.Materials),
		e.PostNote)
	if err != nil {
		return insertErr("event", e.ID, err)
	}
	return nil
}

// UpdateEvent stores a changed event if its stored version is the one
// before e.Version; otherwise someone else changed it first.
func UpdateEvent(ctx context.Context, tx *sqlx.Tx, e domain.Event, prevVersion int64) error {
	const query = `UPDATE events SET title = ?, description = ?, programme_id = ?, themes = ?,
		room_id = ?, location = ?, starts_at = ?, ends_at = ?, capacity = ?,
		registration_opens_at = ?, registration_closes_at = ?, visibility = ?, status = ?,
		host_ambassador_ids = ?, cancellation_reason = ?, updated_at = ?, version = ?,
		invite_code = ?, accessibility = ?, sequence = ?, decline_reason = ?, owner_organisation_id = ?,
		contacts = ?, areas = ?, agenda = ?, materials = ?, post_note = ?
		WHERE id = ? AND version = ?`
	res, err := tx.ExecContext(ctx, query, e.Title, e.Description, e.ProgrammeID, jsonList(e.Themes),
		nullString(e.RoomID), e.Location, e.StartsAt.Unix(), e.EndsAt.Unix(), e.Capacity,
		nullTime(e.RegistrationOpensAt), nullTime(e.RegistrationClosesAt), string(e.Visibility),
		string(e.Status), jsonList(e.HostAmbassadorIDs), e.CancellationReason, e.UpdatedAt.Unix(),
		e.Version, e.InviteCode, accessibilityJSON(e.Accessibility), e.Sequence, e.DeclineReason,
		e.OwnerOrganisationID, jsonValue(e.Contacts), jsonList(e.Areas), jsonValue(e.Agenda), jsonValue(e.Materials),
		e.PostNote, e.ID, prevVersion)
	if err != nil {
		return fmt.Errorf("update event %s: %w", e.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update event %s: %w", e.ID, err)
	}
	if n != 1 {
		return fmt.Errorf("update event %s at version %d: %w", e.ID, prevVersion, domain.ErrNotFound)
	}
	return nil
}

// EndedEvents returns the ids of published events whose end has passed.
func EndedEvents(ctx context.Context, q Queryer, now time.Time, limit int) ([]string, error) {
	const query = `SELECT id FROM events WHERE status = 'published' AND ends_at <= ? ORDER BY ends_at LIMIT ?`
	var ids []string
	if err := q.SelectContext(ctx, &ids, query, now.Unix(), limit); err != nil {
		return nil, fmt.Errorf("list ended events: %w", err)
	}
	return ids, nil
}
