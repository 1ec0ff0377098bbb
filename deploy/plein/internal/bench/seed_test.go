package bench

import (
	"context"
	"database/sql"
	"io"
	"io/fs"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	eventsdb "plein.dev/events/migrations"
	"plein.dev/platform/sqlite"
	registrationsdb "plein.dev/registrations/migrations"
)

// TestSeedCatalogue seeds files migrated as the services migrate them and
// checks that the rows hold together the way the services keep them.
func TestSeedCatalogue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for name, migrations := range map[string]fs.FS{"events": eventsdb.FS, "registrations": registrationsdb.FS} {
		db, err := sqlite.Open(ctx, filepath.Join(dir, name+".db"), migrations, log)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	const nEvents, nRegs = 1000, 10000
	s, err := seedCatalogue(ctx, dir, nEvents, nRegs, now)
	if err != nil {
		t.Fatal(err)
	}
	ev, reg := openSeeded(t, filepath.Join(dir, "events.db")), openSeeded(t, filepath.Join(dir, "registrations.db"))

	count := func(db *sql.DB, query string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	checks := []struct {
		what string
		db   *sql.DB
		q    string
		want int
	}{
		{"events", ev, `SELECT count(*) FROM events`, nEvents},
		{"registrations", reg, `SELECT count(*) FROM registrations`, nRegs},
		{"full-text rows", ev, `SELECT count(*) FROM events_fts`, nEvents},
		{"events found by the word", ev, `SELECT count(*) FROM events_fts WHERE events_fts MATCH ?`, -1},
		{"events in the programme", ev, `SELECT count(*) FROM events WHERE programme_id = ?`, -1},
		{"events in the venue's rooms", ev, `SELECT count(*) FROM events WHERE room_id IN (SELECT id FROM rooms WHERE venue_id = ?)`, -1},
		{"events of the theme", ev, `SELECT count(*) FROM event_themes WHERE theme = ?`, -1},
		// Overlapping bookings of one room: none.
		{"room overlaps", ev, `SELECT count(*) FROM events a JOIN events b ON a.room_id = b.room_id AND a.id < b.id
			AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at`, 0},
		{"published events in the past", ev, `SELECT count(*) FROM events WHERE status = 'published' AND ends_at <= ?`, 0},
		{"events over their room's capacity", ev, `SELECT count(*) FROM events e JOIN rooms r ON r.id = e.room_id WHERE e.capacity > r.capacity`, 0},
		// Counters as the rows have them, and seats over capacity: none.
		{"counters off", reg, `SELECT count(*) FROM events e WHERE confirmed != (SELECT count(*) FROM registrations r
			WHERE r.event_id = e.id AND r.status = 'confirmed') OR waitlisted != (SELECT count(*) FROM registrations r
			WHERE r.event_id = e.id AND r.status = 'waitlisted')`, 0},
		{"over capacity", reg, `SELECT count(*) FROM events WHERE confirmed > capacity`, 0},
		{"waiting with a free seat", reg, `SELECT count(*) FROM events WHERE waitlisted > 0 AND confirmed < capacity`, 0},
		{"held seats at cancelled events", reg, `SELECT count(*) FROM events WHERE status = 'cancelled' AND confirmed + waitlisted > 0`, 0},
		{"registrations for drafts", reg, `SELECT count(*) FROM events WHERE status = 'draft'`, 0},
		{"duplicate e-mails", reg, `SELECT count(*) - count(DISTINCT email_key) FROM registrations`, 0},
		// As the retention sweep leaves them after 180 days: personal data
		// gone exactly from the registrations of events that ended before.
		{"held past retention", reg, `SELECT count(*) FROM registrations r JOIN events e ON e.id = r.event_id
			WHERE e.ends_at <= ? AND (r.anonymised_at IS NULL OR r.email != '' OR r.name != '')`, 0},
		{"anonymised within retention", reg, `SELECT count(*) FROM registrations r JOIN events e ON e.id = r.event_id
			WHERE e.ends_at > ? AND (r.anonymised_at IS NOT NULL OR r.email = '')`, 0},
		{"anonymised", reg, `SELECT count(*) FROM registrations WHERE anonymised_at IS NOT NULL`, -1},
	}
	cutoff := now.Unix() - 180*24*3600
	args := map[string][]any{
		"held past retention":          {cutoff},
		"anonymised within retention":  {cutoff},
		"events found by the word":     {s.Word},
		"events in the programme":      {s.Programme},
		"events in the venue's rooms":  {s.Venue},
		"events of the theme":          {seedThemes[0]},
		"published events in the past": {now.Unix()},
	}
	for _, c := range checks {
		got := count(c.db, c.q, args[c.what]...)
		if c.want < 0 && got == 0 || c.want >= 0 && got != c.want {
			t.Errorf("%s: %d, want %d (-1: some)", c.what, got, c.want)
		}
	}

	// The events service's seat counts are the registrations service's.
	rows, err := reg.QueryContext(ctx, `SELECT id, confirmed, waitlisted FROM events WHERE seats_version > 0`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id string
		var confirmed, waitlisted int
		if err := rows.Scan(&id, &confirmed, &waitlisted); err != nil {
			t.Fatal(err)
		}
		if got := count(ev, `SELECT count(*) FROM event_seats WHERE event_id = ? AND seats_taken = ? AND waitlist_length = ?`,
			id, confirmed, waitlisted); got != 1 {
			t.Errorf("event %s: event_seats differ from %d confirmed, %d waitlisted", id, confirmed, waitlisted)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 || n != count(ev, `SELECT count(*) FROM event_seats`) {
		t.Errorf("%d events with registrations, %d seat rows", n, count(ev, `SELECT count(*) FROM event_seats`))
	}
}

func openSeeded(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
