package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/notifications/internal/domain"
)

// PutOrganiser records an organiser as they are now.
func PutOrganiser(ctx context.Context, tx *sqlx.Tx, o domain.Organiser) error {
	const upsert = `INSERT INTO organisers (user_id, email, name, language, digest, organisations) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, name = excluded.name,
			language = excluded.language, digest = excluded.digest, organisations = excluded.organisations`
	if _, err := tx.ExecContext(ctx, upsert, o.ID, o.Email, o.Name, o.Language, o.Digest,
		idList(o.Organisations).text()); err != nil {
		return fmt.Errorf("record organiser %s: %w", o.ID, err)
	}
	return nil
}

// DeleteOrganiser forgets an account that is no organiser (any more).
func DeleteOrganiser(ctx context.Context, tx *sqlx.Tx, userID string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM organisers WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("forget organiser %s: %w", userID, err)
	}
	return nil
}

// Organisers returns the organisers, all of them or only those who asked
// for the digest, with their organisations.
func Organisers(ctx context.Context, q Queryer, digestOnly bool) ([]domain.Organiser, error) {
	query := `SELECT user_id, email, name, language, digest, organisations FROM organisers`
	if digestOnly {
		query += ` WHERE digest`
	}
	var rows []struct {
		ID            string `db:"user_id"`
		Email         string `db:"email"`
		Name          string `db:"name"`
		Language      string `db:"language"`
		Digest        bool   `db:"digest"`
		Organisations string `db:"organisations"`
	}
	if err := q.SelectContext(ctx, &rows, query+` ORDER BY user_id`); err != nil {
		return nil, fmt.Errorf("organisers: %w", err)
	}
	out := make([]domain.Organiser, 0, len(rows))
	for _, r := range rows {
		orgs, err := parseIDs(r.Organisations)
		if err != nil {
			return nil, fmt.Errorf("organiser %s: %w", r.ID, err)
		}
		out = append(out, domain.Organiser{ID: r.ID, Email: r.Email, Name: r.Name, Language: r.Language,
			Digest: r.Digest, Organisations: orgs})
	}
	return out, nil
}

// PutEvent records what the organisers' e-mails show of an event.
func PutEvent(ctx context.Context, tx *sqlx.Tx, ev domain.EventFacts) error {
	const upsert = `INSERT INTO events (event_id, title, starts_at, ends_at, status, owners) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (event_id) DO UPDATE SET title = excluded.title, starts_at = excluded.starts_at,
			ends_at = excluded.ends_at, status = excluded.status, owners = excluded.owners`
	owners := idList(domain.OwnersOrDefault(ev.Owners)).text() // none: announced before events had owners
	if _, err := tx.ExecContext(ctx, upsert, ev.ID, ev.Title, millis(ev.StartsAt), millis(ev.EndsAt), ev.Status, owners); err != nil {
		return fmt.Errorf("record event %s: %w", ev.ID, err)
	}
	return nil
}

type eventRow struct {
	ID       string `db:"event_id"`
	Title    string `db:"title"`
	StartsAt int64  `db:"starts_at"`
	EndsAt   int64  `db:"ends_at"`
	Status   string `db:"status"`
	Owners   string `db:"owners"`
}

func (r eventRow) facts() (domain.EventFacts, error) {
	owners, err := parseIDs(r.Owners)
	if err != nil {
		return domain.EventFacts{}, fmt.Errorf("event %s: %w", r.ID, err)
	}
	return domain.EventFacts{ID: r.ID, Title: r.Title, StartsAt: fromMillis(r.StartsAt), EndsAt: fromMillis(r.EndsAt),
		Status: r.Status, Owners: owners}, nil
}

// Event returns what is known of an event: only its id when nothing is
// (and so no owners).
func Event(ctx context.Context, q Queryer, id string) (domain.EventFacts, error) {
	var r eventRow
	err := q.GetContext(ctx, &r, `SELECT event_id, title, starts_at, ends_at, status, owners FROM events WHERE event_id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.EventFacts{ID: id}, nil
	}
	if err != nil {
		return domain.EventFacts{}, fmt.Errorf("event %s: %w", id, err)
	}
	return r.facts()
}

// PutSeats records an event's counts at at, and returns whether it was
// full before and how often it filled up (counting this change when it
// fills it).
func PutSeats(ctx context.Context, tx *sqlx.Tx, s domain.Seats, at time.Time) (wasFull bool, episodes int, err error) {
	var prev struct {
		Full     bool `db:"full"`
		Episodes int  `db:"full_episodes"`
	}
	err = tx.GetContext(ctx, &prev, `SELECT full, full_episodes FROM seats WHERE event_id = ?`, s.EventID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, 0, fmt.Errorf("seats of %s: %w", s.EventID, err)
	}
	episodes = prev.Episodes
	if s.Full() && !prev.Full {
		episodes++
	}
	const upsert = `INSERT INTO seats (event_id, capacity, taken, waitlist, full, full_episodes) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (event_id) DO UPDATE SET capacity = excluded.capacity, taken = excluded.taken,
			waitlist = excluded.waitlist, full = excluded.full, full_episodes = excluded.full_episodes`
	if _, err := tx.ExecContext(ctx, upsert, s.EventID, s.Capacity, s.Taken, s.Waitlist, s.Full(), episodes); err != nil {
		return false, 0, fmt.Errorf("record seats of %s: %w", s.EventID, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO seat_history (event_id, at, taken, waitlist) VALUES (?, ?, ?, ?)`,
		s.EventID, millis(at), s.Taken, s.Waitlist); err != nil {
		return false, 0, fmt.Errorf("record seats of %s: %w", s.EventID, err)
	}
	return prev.Full, episodes, nil
}

// DigestLines returns, for every event whose counts changed from from to
// to, its counts at to and the change of seats taken since from.
func DigestLines(ctx context.Context, q Queryer, from, to time.Time) ([]domain.DigestLine, error) {
	const query = `WITH changed AS (
			SELECT DISTINCT event_id FROM seat_history WHERE at >= ? AND at < ?),
		last AS (
			SELECT h.event_id, h.taken, h.waitlist FROM seat_history h JOIN changed c USING (event_id)
			WHERE h.rowid = (SELECT rowid FROM seat_history WHERE event_id = h.event_id AND at < ?
				ORDER BY at DESC, rowid DESC LIMIT 1)),
		before AS (
			SELECT c.event_id, coalesce((SELECT taken FROM seat_history WHERE event_id = c.event_id AND at < ?
				ORDER BY at DESC, rowid DESC LIMIT 1), 0) AS taken FROM changed c)
		SELECT l.event_id, l.taken, l.waitlist, l.taken - b.taken AS change,
			coalesce(s.capacity, 0) AS capacity, coalesce(e.title, '') AS title,
			coalesce(e.starts_at, 0) AS starts_at, coalesce(e.ends_at, 0) AS ends_at,
			coalesce(e.owners, '[]') AS owners
		FROM last l JOIN before b USING (event_id)
		LEFT JOIN seats s USING (event_id) LEFT JOIN events e USING (event_id)
		ORDER BY starts_at, l.event_id`
	var rows []struct {
		EventID  string `db:"event_id"`
		Taken    int    `db:"taken"`
		Waitlist int    `db:"waitlist"`
		Change   int    `db:"change"`
		Capacity int    `db:"capacity"`
		Title    string `db:"title"`
		StartsAt int64  `db:"starts_at"`
		EndsAt   int64  `db:"ends_at"`
		Owners   string `db:"owners"`
	}
	f, t := millis(from), millis(to)
	if err := q.SelectContext(ctx, &rows, query, f, t, t, f); err != nil {
		return nil, fmt.Errorf("digest: %w", err)
	}
	out := make([]domain.DigestLine, 0, len(rows))
	for _, r := range rows {
		owners, err := parseIDs(r.Owners)
		if err != nil {
			return nil, fmt.Errorf("digest: event %s: %w", r.EventID, err)
		}
		out = append(out, domain.DigestLine{Taken: r.Taken, Waitlist: r.Waitlist, Change: r.Change,
			Event: domain.EventFacts{ID: r.EventID, Title: r.Title, Capacity: r.Capacity,
				StartsAt: fromMillis(r.StartsAt), EndsAt: fromMillis(r.EndsAt), Owners: owners}})
	}
	return out, nil
}

// PruneSeatHistory forgets counts recorded before before.
func PruneSeatHistory(ctx context.Context, tx *sqlx.Tx, before time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM seat_history WHERE at < ?`, millis(before)); err != nil {
		return fmt.Errorf("prune seat history: %w", err)
	}
	return nil
}

func fromMillis(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// Ambassador returns what is known of an ambassador: only the id when
// nothing is.
func Ambassador(ctx context.Context, q Queryer, id string) (domain.Ambassador, error) {
	var facts string
	err := q.GetContext(ctx, &facts, `SELECT facts FROM ambassadors WHERE ambassador_id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Ambassador{ID: id}, nil
	}
	if err != nil {
		return domain.Ambassador{}, fmt.Errorf("ambassador %s: %w", id, err)
	}
	var a domain.Ambassador
	if err := json.Unmarshal([]byte(facts), &a); err != nil {
		return domain.Ambassador{}, fmt.Errorf("ambassador %s: %w", id, err)
	}
	return a, nil
}
