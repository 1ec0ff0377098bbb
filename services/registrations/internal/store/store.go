// Package store keeps registrations and the event projection in SQLite and
// turns driver errors into domain errors.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/domain"
)

// Queryer is what both a read pool and a write transaction can run.
type Queryer interface {
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

func unix(s int64) time.Time { return time.Unix(s, 0).UTC() }

func optUnix(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := unix(n.Int64)
	return &t
}

func nullTime(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.Unix(), Valid: true}
}

type eventRow struct {
	ID           string        `db:"id"`
	Title        string        `db:"title"`
	StartsAt     int64         `db:"starts_at"`
	EndsAt       int64         `db:"ends_at"`
	Capacity     int           `db:"capacity"`
	Status       string        `db:"status"`
	Visibility   string        `db:"visibility"`
	OpensAt      sql.NullInt64 `db:"registration_opens_at"`
	ClosesAt     sql.NullInt64 `db:"registration_closes_at"`
	SeatsVersion int64         `db:"seats_version"`
	Location     string        `db:"location"`
	Description  string        `db:"description"`
	InviteCode   string        `db:"invite_code"`
	AttendanceV  int64         `db:"attendance_version"`
}

// GetEvent returns the projection of one event.
func GetEvent(ctx context.Context, q Queryer, id string) (domain.Event, error) {
	const query = `SELECT id, title, starts_at, ends_at, capacity, status, visibility,
		registration_opens_at, registration_closes_at, seats_version, location, description,
		invite_code, attendance_version FROM events WHERE id = ?`
	var r eventRow
	if err := q.GetContext(ctx, &r, query, id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Event{}, fmt.Errorf("event %s: %w", id, domain.ErrNotFound)
		}
		return domain.Event{}, fmt.Errorf("get event %s: %w", id, err)
	}
	return domain.Event{ID: r.ID, Title: r.Title, StartsAt: unix(r.StartsAt), EndsAt: unix(r.EndsAt),
		Capacity: r.Capacity, Status: r.Status, Visibility: r.Visibility, OpensAt: optUnix(r.OpensAt),
		ClosesAt: optUnix(r.ClosesAt), SeatsVersion: r.SeatsVersion, Location: r.Location,
		Description: r.Description, InviteCode: r.InviteCode, AttendanceVersion: r.AttendanceV}, nil
}

// PutEvent inserts or replaces the projection of an event, keeping its seat
// version.
func PutEvent(ctx context.Context, tx *sqlx.Tx, e domain.Event) error {
	const query = `INSERT INTO events (id, title, starts_at, ends_at, capacity, status, visibility,
		registration_opens_at, registration_closes_at, location, description, invite_code)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, starts_at = excluded.starts_at,
		ends_at = excluded.ends_at, capacity = excluded.capacity, status = excluded.status,
		visibility = excluded.visibility, registration_opens_at = excluded.registration_opens_at,
		registration_closes_at = excluded.registration_closes_at, location = excluded.location,
		description = excluded.description, invite_code = excluded.invite_code`
	_, err := tx.ExecContext(ctx, query, e.ID, e.Title, e.StartsAt.Unix(), e.EndsAt.Unix(), e.Capacity,
		e.Status, e.Visibility, nullTime(e.OpensAt), nullTime(e.ClosesAt), e.Location, e.Description, e.InviteCode)
	if err != nil {
		return fmt.Errorf("put event %s: %w", e.ID, err)
	}
	return nil
}

// BumpSeatsVersion raises and returns the version of an event's seat counts.
func BumpSeatsVersion(ctx context.Context, tx *sqlx.Tx, eventID string) (int64, error) {
	const query = `UPDATE events SET seats_version = seats_version + 1 WHERE id = ? RETURNING seats_version`
	var v int64
	if err := tx.GetContext(ctx, &v, query, eventID); err != nil {
		return 0, fmt.Errorf("bump seats version of event %s: %w", eventID, err)
	}
	return v, nil
}

// Counts are an event's seat figures.
type Counts struct {
	Confirmed  int `db:"confirmed"`
	Waitlisted int `db:"waitlisted"`
}

// CountSeats returns how many registrations of an event are confirmed and
// waitlisted.
func CountSeats(ctx context.Context, q Queryer, eventID string) (Counts, error) {
	const query = `SELECT
		COALESCE(SUM(status = 'confirmed'), 0) AS confirmed,
		COALESCE(SUM(status = 'waitlisted'), 0) AS waitlisted
		FROM registrations WHERE event_id = ? AND status != 'cancelled'`
	var c Counts
	if err := q.GetContext(ctx, &c, query, eventID); err != nil {
		return c, fmt.Errorf("count seats of event %s: %w", eventID, err)
	}
	return c, nil
}

type registrationRow struct {
	Seq                int64          `db:"seq"`
	ID                 string         `db:"id"`
	EventID            string         `db:"event_id"`
	Name               string         `db:"name"`
	Email              string         `db:"email"`
	Organisation       string         `db:"organisation"`
	Status             string         `db:"status"`
	Answers            string         `db:"answers"`
	TokenHash          []byte         `db:"token_hash"`
	RegisteredAt       int64          `db:"registered_at"`
	ConfirmedAt        sql.NullInt64  `db:"confirmed_at"`
	CancelledAt        sql.NullInt64  `db:"cancelled_at"`
	CheckedInAt        sql.NullInt64  `db:"checked_in_at"`
	CancellationReason string         `db:"cancellation_reason"`
	CancelledBy        string         `db:"cancelled_by"`
	Version            int64          `db:"version"`
	WaitlistPosition   int            `db:"waitlist_position"`
	ConsentVersion     string         `db:"consent_version"`
	ConsentedAt        sql.NullInt64  `db:"consented_at"`
	CheckInCode        sql.NullString `db:"checkin_code"`
}

// registrationColumns includes the waiting-list position, computed as the
// number of waitlisted registrations of the event that arrived no later.
const registrationColumns = `r.seq, r.id, r.event_id, r.name, r.email, r.organisation, r.status,
	r.answers, r.token_hash, r.registered_at, r.confirmed_at, r.cancelled_at, r.checked_in_at,
	r.cancellation_reason, r.cancelled_by, r.version, r.consent_version, r.consented_at, r.checkin_code,
	CASE WHEN r.status = 'waitlisted' THEN (SELECT COUNT(*) FROM registrations w
		WHERE w.event_id = r.event_id AND w.status = 'waitlisted' AND w.seq <= r.seq) ELSE 0 END
		AS waitlist_position`

func (r registrationRow) toDomain() (domain.Registration, error) {
	reg := domain.Registration{
		ID: r.ID, EventID: r.EventID, Name: r.Name, Email: r.Email, Organisation: r.Organisation,
		Status: domain.Status(r.Status), WaitlistPosition: r.WaitlistPosition, TokenHash: r.TokenHash,
		RegisteredAt: unix(r.RegisteredAt), ConfirmedAt: optUnix(r.ConfirmedAt),
		CancelledAt: optUnix(r.CancelledAt), CheckedInAt: optUnix(r.CheckedInAt),
		CancellationReason: r.CancellationReason, CancelledBy: r.CancelledBy, Version: r.Version,
		ConsentVersion: r.ConsentVersion, ConsentedAt: optUnix(r.ConsentedAt), CheckInCode: r.CheckInCode.String,
	}
	if err := json.Unmarshal([]byte(r.Answers), &reg.Answers); err != nil {
		return domain.Registration{}, fmt.Errorf("registration %s answers: %w", r.ID, err)
	}
	return reg, nil
}

// GetRegistration returns one registration.
func GetRegistration(ctx context.Context, q Queryer, id string) (domain.Registration, error) {
	query := `SELECT ` + registrationColumns + ` FROM registrations r WHERE r.id = ?`
	var r registrationRow
	if err := q.GetContext(ctx, &r, query, id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Registration{}, fmt.Errorf("registration %s: %w", id, domain.ErrNotFound)
		}
		return domain.Registration{}, fmt.Errorf("get registration %s: %w", id, err)
	}
	return r.toDomain()
}

// InsertRegistration stores a new registration; a second live registration
// of the same e-mail address for the event is ErrDuplicate.
func InsertRegistration(ctx context.Context, tx *sqlx.Tx, r domain.Registration) error {
	answers, err := json.Marshal(r.Answers)
	if err != nil {
		return fmt.Errorf("registration %s answers: %w", r.ID, err)
	}
	if r.Answers == nil {
		answers = []byte("[]")
	}
	const query = `INSERT INTO registrations (id, event_id, name, email, email_key, organisation, status,
		answers, token_hash, registered_at, confirmed_at, version, consent_version, consented_at,
		checkin_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	_, err = tx.ExecContext(ctx, query, r.ID, r.EventID, r.Name, r.Email, domain.EmailKey(r.Email),
		r.Organisation, string(r.Status), string(answers), r.TokenHash, r.RegisteredAt.Unix(),
		nullTime(r.ConfirmedAt), r.Version, r.ConsentVersion, nullTime(r.ConsentedAt), r.CheckInCode)
	if sqlite.IsUniqueViolation(err) {
		return fmt.Errorf("register %s for event %s: %w", r.ID, r.EventID, domain.ErrDuplicate)
	}
	if err != nil {
		return fmt.Errorf("insert registration %s: %w", r.ID, err)
	}
	return nil
}

// SaveStatus stores a registration's status, times and version.
func SaveStatus(ctx context.Context, tx *sqlx.Tx, r domain.Registration) error {
	const query = `UPDATE registrations SET status = ?, confirmed_at = ?, cancelled_at = ?,
		checked_in_at = ?, cancellation_reason = ?, cancelled_by = ?, version = ? WHERE id = ?`
	_, err := tx.ExecContext(ctx, query, string(r.Status), nullTime(r.ConfirmedAt), nullTime(r.CancelledAt),
		nullTime(r.CheckedInAt), r.CancellationReason, r.CancelledBy, r.Version, r.ID)
	if err != nil {
		return fmt.Errorf("save registration %s: %w", r.ID, err)
	}
	return nil
}

// ListFilter narrows a list of registrations.
type ListFilter struct {
	EventID string
	Email   string
	Status  domain.Status
	// Query finds a part of the name, e-mail address or organisation.
	Query string
	// CheckedIn, if set, keeps those (not) checked in.
	CheckedIn *bool
	AfterSeq  int64
	Limit     int
}

// ListRegistrations returns registrations in arrival order.
func ListRegistrations(ctx context.Context, q Queryer, f ListFilter) ([]domain.Registration, []int64, error) {
	query := `SELECT ` + registrationColumns + ` FROM registrations r WHERE r.seq > ?`
	args := []any{f.AfterSeq}
	if f.EventID != "" {
		query += ` AND r.event_id = ?`
		args = append(args, f.EventID)
	}
	if f.Email != "" {
		query += ` AND r.email_key = ?`
		args = append(args, domain.EmailKey(f.Email))
	}
	if f.Status != "" {
		query += ` AND r.status = ?`
		args = append(args, string(f.Status))
	}
	if f.Query != "" {
		like := "%" + likeEscaper.Replace(f.Query) + "%"
		query += ` AND (r.name LIKE ? ESCAPE '\' OR r.email LIKE ? ESCAPE '\' OR r.organisation LIKE ? ESCAPE '\')`
		args = append(args, like, like, like)
	}
	if f.CheckedIn != nil {
		if *f.CheckedIn {
			query += ` AND r.checked_in_at IS NOT NULL`
		} else {
			query += ` AND r.checked_in_at IS NULL`
		}
	}
	query += ` ORDER BY r.seq LIMIT ?`
	args = append(args, f.Limit)
	var rows []registrationRow
	if err := q.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, nil, fmt.Errorf("list registrations: %w", err)
	}
	regs := make([]domain.Registration, 0, len(rows))
	seqs := make([]int64, 0, len(rows))
	for _, row := range rows {
		r, err := row.toDomain()
		if err != nil {
			return nil, nil, err
		}
		regs = append(regs, r)
		seqs = append(seqs, row.Seq)
	}
	return regs, seqs, nil
}

// NextWaitlisted returns up to n waitlisted registrations of an event in
// arrival order.
func NextWaitlisted(ctx context.Context, q Queryer, eventID string, n int) ([]domain.Registration, error) {
	regs, _, err := ListRegistrations(ctx, q, ListFilter{EventID: eventID, Status: domain.StatusWaitlisted, Limit: n})
	return regs, err
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// CheckInCodeTaken reports whether an event has a registration with code.
func CheckInCodeTaken(ctx context.Context, q Queryer, eventID, code string) (bool, error) {
	const query = `SELECT COUNT(*) FROM registrations WHERE event_id = ? AND checkin_code = ?`
	var n int
	if err := q.GetContext(ctx, &n, query, eventID, code); err != nil {
		return false, fmt.Errorf("look up check-in code: %w", err)
	}
	return n > 0, nil
}

// RegistrationIDByCode returns the id of an event's registration with a
// check-in code.
func RegistrationIDByCode(ctx context.Context, q Queryer, eventID, code string) (string, error) {
	const query = `SELECT id FROM registrations WHERE event_id = ? AND checkin_code = ?`
	var id string
	if err := q.GetContext(ctx, &id, query, eventID, code); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("check-in code for event %s: %w", eventID, domain.ErrNotFound)
		}
		return "", fmt.Errorf("look up check-in code: %w", err)
	}
	return id, nil
}

// Attendance are an event's attendance figures.
type Attendance struct {
	Confirmed  int `db:"confirmed"`
	CheckedIn  int `db:"checked_in"`
	Waitlisted int `db:"waitlisted"`
	Cancelled  int `db:"cancelled"`
}

// CountAttendance returns an event's attendance figures.
func CountAttendance(ctx context.Context, q Queryer, eventID string) (Attendance, error) {
	const query = `SELECT
		COALESCE(SUM(status = 'confirmed'), 0) AS confirmed,
		COALESCE(SUM(status = 'confirmed' AND checked_in_at IS NOT NULL), 0) AS checked_in,
		COALESCE(SUM(status = 'waitlisted'), 0) AS waitlisted,
		COALESCE(SUM(status = 'cancelled'), 0) AS cancelled
		FROM registrations WHERE event_id = ?`
	var a Attendance
	if err := q.GetContext(ctx, &a, query, eventID); err != nil {
		return a, fmt.Errorf("count attendance of event %s: %w", eventID, err)
	}
	return a, nil
}

// BumpAttendanceVersion raises and returns the version of an event's
// attendance summary.
func BumpAttendanceVersion(ctx context.Context, tx *sqlx.Tx, eventID string) (int64, error) {
	const query = `UPDATE events SET attendance_version = attendance_version + 1 WHERE id = ? RETURNING attendance_version`
	var v int64
	if err := tx.GetContext(ctx, &v, query, eventID); err != nil {
		return 0, fmt.Errorf("bump attendance version of event %s: %w", eventID, err)
	}
	return v, nil
}

// BumpVersion raises a registration's version without another change, for
// messages about it (e.g. its event was rescheduled); it returns the new
// version.
func BumpVersion(ctx context.Context, tx *sqlx.Tx, id string) (int64, error) {
	const query = `UPDATE registrations SET version = version + 1 WHERE id = ? RETURNING version`
	var v int64
	if err := tx.GetContext(ctx, &v, query, id); err != nil {
		return 0, fmt.Errorf("bump version of registration %s: %w", id, err)
	}
	return v, nil
}

type questionRow struct {
	ID       string `db:"id"`
	Kind     string `db:"kind"`
	Label    string `db:"label"`
	Required bool   `db:"required"`
	Options  string `db:"options"`
}

// Questions returns an event's questions in order.
func Questions(ctx context.Context, q Queryer, eventID string) ([]domain.Question, error) {
	const query = `SELECT id, kind, label, required, options FROM questions WHERE event_id = ? ORDER BY position`
	var rows []questionRow
	if err := q.SelectContext(ctx, &rows, query, eventID); err != nil {
		return nil, fmt.Errorf("questions of event %s: %w", eventID, err)
	}
	qs := make([]domain.Question, 0, len(rows))
	for _, r := range rows {
		dq := domain.Question{ID: r.ID, Kind: r.Kind, Label: r.Label, Required: r.Required}
		if err := json.Unmarshal([]byte(r.Options), &dq.Options); err != nil {
			return nil, fmt.Errorf("question %s options: %w", r.ID, err)
		}
		qs = append(qs, dq)
	}
	return qs, nil
}

// SetQuestions replaces an event's questions.
func SetQuestions(ctx context.Context, tx *sqlx.Tx, eventID string, qs []domain.Question) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM questions WHERE event_id = ?`, eventID); err != nil {
		return fmt.Errorf("clear questions of event %s: %w", eventID, err)
	}
	const query = `INSERT INTO questions (event_id, position, id, kind, label, required, options)
		VALUES (?, ?, ?, ?, ?, ?, ?)`
	for i, q := range qs {
		opts := q.Options
		if opts == nil {
			opts = []string{}
		}
		b, err := json.Marshal(opts)
		if err != nil {
			return fmt.Errorf("question %s options: %w", q.ID, err)
		}
		if _, err := tx.ExecContext(ctx, query, eventID, i, q.ID, q.Kind, q.Label, q.Required, string(b)); err != nil {
			return fmt.Errorf("insert question %s: %w", q.ID, err)
		}
	}
	return nil
}

// Anonymise removes the personal data of a registration: name, e-mail
// address, organisation, answers; its token no longer opens it and its
// check-in code is freed.
func Anonymise(ctx context.Context, tx *sqlx.Tx, id string) error {
	const query = `UPDATE registrations SET name = '', email = '', email_key = 'erased:' || id,
		organisation = '', answers = '[]', token_hash = X'', checkin_code = NULL, consent_version = ''
		WHERE id = ?`
	if _, err := tx.ExecContext(ctx, query, id); err != nil {
		return fmt.Errorf("anonymise registration %s: %w", id, err)
	}
	return nil
}
