package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/domain"
)

type registrationRow struct {
	Seq                int64          `db:"seq"`
	ID                 string         `db:"id"`
	EventID            string         `db:"event_id"`
	Name               string         `db:"name"`
	Email              string         `db:"email"`
	Organisation       string         `db:"organisation"`
	KvKNumber          string         `db:"kvk_number"`
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
	Language           string         `db:"language"`
}

// rowColumns are a registration's own columns.
const rowColumns = `r.seq, r.id, r.event_id, r.name, r.email, r.organisation, r.kvk_number, r.status,
	r.answers, r.token_hash, r.registered_at, r.confirmed_at, r.cancelled_at, r.checked_in_at,
	r.cancellation_reason, r.cancelled_by, r.version, r.consent_version, r.consented_at, r.checkin_code, r.language`

// registrationColumns adds the waiting-list position, computed as the
// number of waitlisted registrations of the event that arrived no later.
// That count walks the waiting list up to the row, so lists of one event
// number their page at once instead (numberWaitlist).
const registrationColumns = rowColumns + `,
	CASE WHEN r.status = 'waitlisted' THEN (SELECT COUNT(*) FROM registrations w
		WHERE w.event_id = r.event_id AND w.status = 'waitlisted' AND w.seq <= r.seq) ELSE 0 END
		AS waitlist_position`

func (r registrationRow) toDomain() (domain.Registration, error) {
	reg := domain.Registration{
		ID: r.ID, Seq: r.Seq, EventID: r.EventID, Name: r.Name, Email: r.Email, Organisation: r.Organisation,
		KvKNumber: r.KvKNumber, Status: domain.Status(r.Status), WaitlistPosition: r.WaitlistPosition, TokenHash: r.TokenHash,
		RegisteredAt: unix(r.RegisteredAt), ConfirmedAt: optUnix(r.ConfirmedAt),
		CancelledAt: optUnix(r.CancelledAt), CheckedInAt: optUnix(r.CheckedInAt),
		CancellationReason: r.CancellationReason, CancelledBy: r.CancelledBy, Version: r.Version,
		ConsentVersion: r.ConsentVersion, ConsentedAt: optUnix(r.ConsentedAt), CheckInCode: r.CheckInCode.String,
		Language: r.Language,
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

// InsertRegistration stores a new registration (its Seq and waiting-list
// position are the store's to give) and counts it in its event's seats
// (Seats); a second live registration of the same e-mail address
// (domain.EmailKey) for the event is ErrDuplicate, as is a check-in code
// the event has given already. No code is stored as none (NULL), not as a
// code.
func InsertRegistration(ctx context.Context, tx sqlite.Tx, r domain.Registration) error {
	answers := []byte("[]")
	if r.Answers != nil {
		var err error
		if answers, err = json.Marshal(r.Answers); err != nil {
			return fmt.Errorf("registration %s answers: %w", r.ID, err)
		}
	}
	const query = `INSERT INTO registrations (id, event_id, name, email, email_key, organisation, kvk_number,
		status, answers, token_hash, registered_at, confirmed_at, version, consent_version, consented_at,
		checkin_code, language, request_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	_, err := tx.ExecContext(ctx, query, r.ID, r.EventID, r.Name, r.Email, domain.EmailKey(r.Email),
		r.Organisation, r.KvKNumber, string(r.Status), string(answers), r.TokenHash, r.RegisteredAt.Unix(),
		nullTime(r.ConfirmedAt), r.Version, r.ConsentVersion, nullTime(r.ConsentedAt),
		sql.NullString{String: r.CheckInCode, Valid: r.CheckInCode != ""}, domain.LanguageOf(r.Language),
		sql.NullString{String: r.RequestKey, Valid: r.RequestKey != ""})
	if sqlite.IsUniqueViolation(err) {
		return fmt.Errorf("register %s for event %s: %w", r.ID, r.EventID, domain.ErrDuplicate)
	}
	if err != nil {
		return fmt.Errorf("insert registration %s: %w", r.ID, err)
	}
	return moveSeat(ctx, tx, r.EventID, "", r.Status)
}

// SaveStatus stores a registration's status, times, cancellation and
// version; a new status moves it between its event's seat counts (Seats).
func SaveStatus(ctx context.Context, tx sqlite.Tx, r domain.Registration) error {
	const previous = `SELECT event_id, status FROM registrations WHERE id = ?`
	var was struct {
		EventID string `db:"event_id"`
		Status  string `db:"status"`
	}
	if err := tx.GetContext(ctx, &was, previous, r.ID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("registration %s: %w", r.ID, domain.ErrNotFound)
		}
		return fmt.Errorf("save registration %s: %w", r.ID, err)
	}
	const query = `UPDATE registrations SET status = ?, confirmed_at = ?, cancelled_at = ?,
		checked_in_at = ?, cancellation_reason = ?, cancelled_by = ?, version = ? WHERE id = ?`
	_, err := tx.ExecContext(ctx, query, string(r.Status), nullTime(r.ConfirmedAt), nullTime(r.CancelledAt),
		nullTime(r.CheckedInAt), r.CancellationReason, r.CancelledBy, r.Version, r.ID)
	if err != nil {
		return fmt.Errorf("save registration %s: %w", r.ID, err)
	}
	return moveSeat(ctx, tx, was.EventID, domain.Status(was.Status), r.Status)
}

// BumpVersion raises a registration's version without another change, for
// messages about it (e.g. its event was rescheduled); it returns the new
// version.
func BumpVersion(ctx context.Context, tx sqlite.Tx, id string) (int64, error) {
	const query = `UPDATE registrations SET version = version + 1 WHERE id = ? RETURNING version`
	var v int64
	if err := tx.GetContext(ctx, &v, query, id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("registration %s: %w", id, domain.ErrNotFound)
		}
		return 0, fmt.Errorf("bump version of registration %s: %w", id, err)
	}
	return v, nil
}

// ListFilter narrows a list of registrations. Zero fields do not narrow.
type ListFilter struct {
	EventID string
	// Email finds the registrations of an address (domain.EmailKey).
	Email  string
	Status domain.Status
	// Query finds a part of the name, e-mail address or organisation; % and
	// _ are taken literally.
	Query string
	// CheckedIn, if set, keeps those (not) checked in.
	CheckedIn *bool
	// AfterSeq skips registrations up to and including this Seq.
	AfterSeq int64
	Limit    int
}

// ListRegistrations returns registrations in arrival order (Seq).
func ListRegistrations(ctx context.Context, q Queryer, f ListFilter) ([]domain.Registration, error) {
	columns := registrationColumns
	if f.EventID != "" {
		columns = rowColumns + `, 0 AS waitlist_position`
	}
	query := `SELECT ` + columns + ` FROM registrations r WHERE r.seq > ?`
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
		return nil, fmt.Errorf("list registrations: %w", err)
	}
	regs := make([]domain.Registration, 0, len(rows))
	for _, row := range rows {
		r, err := row.toDomain()
		if err != nil {
			return nil, err
		}
		regs = append(regs, r)
	}
	if f.EventID != "" {
		if err := numberWaitlist(ctx, q, f.EventID, regs); err != nil {
			return nil, err
		}
	}
	return regs, nil
}

// numberWaitlist sets the waiting-list positions of a page of one event's
// registrations, in arrival order, with two reads of the index on (event,
// status, seq): the waitlisted before the page, and those within it. A
// walk through a whole event thus costs a count per page, not per row.
func numberWaitlist(ctx context.Context, q Queryer, eventID string, regs []domain.Registration) error {
	first, last := int64(-1), int64(-1)
	for _, r := range regs {
		if r.Status == domain.StatusWaitlisted {
			if first < 0 {
				first = r.Seq
			}
			last = r.Seq
		}
	}
	if first < 0 {
		return nil
	}
	var before int
	const countQuery = `SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'waitlisted' AND seq < ?`
	if err := q.GetContext(ctx, &before, countQuery, eventID, first); err != nil {
		return fmt.Errorf("count the waiting list of event %s: %w", eventID, err)
	}
	var seqs []int64
	const seqQuery = `SELECT seq FROM registrations
		WHERE event_id = ? AND status = 'waitlisted' AND seq BETWEEN ? AND ? ORDER BY seq`
	if err := q.SelectContext(ctx, &seqs, seqQuery, eventID, first, last); err != nil {
		return fmt.Errorf("read the waiting list of event %s: %w", eventID, err)
	}
	position := make(map[int64]int, len(seqs))
	for i, seq := range seqs {
		position[seq] = before + i + 1
	}
	for i := range regs {
		regs[i].WaitlistPosition = position[regs[i].Seq]
	}
	return nil
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// oneRow returns ErrNotFound, naming what, unless res changed a row.
func oneRow(res sql.Result, what string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: rows affected: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, domain.ErrNotFound)
	}
	return nil
}
