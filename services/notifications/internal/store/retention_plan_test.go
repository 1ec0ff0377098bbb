package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"plein.dev/notifications/migrations"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

// TestRetentionQueryPlans: the retention sweep's queries read through
// indexes what is left to do — the attendees by their event's end, the
// events that ended from a cursor and for each its e-mails that still have
// a recipient, the e-mails about ideas that still have theirs by when they
// were written — never a scan of the e-mail log nor a sort of everything
// that expired. (Each batch scanned every e-mail before migration 0010: a
// sweep over N cost N²/batch, and a sweep with nothing to do a pass over
// the log.) The log is shaped like a service's after years, most e-mails
// of events long ended with their recipient taken out. Asserted without
// statistics (the service does not run ANALYZE) and with them.
func TestRetentionQueryPlans(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testkit.DB(t, migrations.FS)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	seedLog(t, db, now, 2000, 20000)
	cutoff := now.Add(-30 * 24 * time.Hour).UnixMilli()

	check := func(when string) {
		for _, c := range []struct {
			name, query string
			args        []any
			want        []string
		}{
			{"attendees", expiredAttendeesQuery, []any{cutoff, 200},
				[]string{"SEARCH attendees USING COVERING INDEX attendees_ends (ends_at>? AND ends_at<?)"}},
			{"e-mails about registrations", expiredEmailsQuery, []any{cutoff, cutoff - 86400000, "e17", 200},
				[]string{"SEARCH ev USING COVERING INDEX events_ends (ends_at>? AND ends_at<?)", "SEARCH m USING INDEX emails_held_event (event_id=?)"}},
			{"e-mails about ideas", expiredIdeaEmailsQuery, []any{cutoff, 200},
				[]string{"SEARCH emails USING INDEX emails_ideas_held (created_at<?)"}},
		} {
			plan := testkit.QueryPlan(t, db, c.query, c.args...)
			text := strings.Join(plan, "\n")
			t.Logf("%s, %s:\n%s", when, c.name, text)
			if strings.Join(c.want, "\n") != text {
				t.Errorf("%s, the plan of the expired %s is\n%s\nwant\n%s", when, c.name, text, strings.Join(c.want, "\n"))
			}
		}
	}
	check("without statistics")
	if _, err := db.W.ExecContext(ctx, `ANALYZE`); err != nil {
		t.Fatal(err)
	}
	check("after ANALYZE")
}

// seedLog adds nEvents events, one every eight hours over the three years
// up to a year after now, an attendee per event still to end, and nMails
// e-mails spread over the events, one in ten about an idea; those of
// events that ended (or written) more than a year ago have no recipient
// any more.
func seedLog(t *testing.T, db *sqlite.DB, now time.Time, nEvents, nMails int) {
	t.Helper()
	start, gone := now.AddDate(-2, 0, 0).UnixMilli(), now.AddDate(-1, 0, 0).UnixMilli()
	const every = 8 * 3600 * 1000
	err := db.InTx(context.Background(), func(tx sqlite.Tx) error {
		if _, err := tx.ExecContext(context.Background(), `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
			INSERT INTO events (event_id, title, starts_at, ends_at, status)
			SELECT 'e' || i, 'Ontbijt', ? + i * ?, ? + i * ? + 7200000, 'published' FROM n`,
			nEvents, start, every, start, every); err != nil {
			return err
		}
		if _, err := tx.ExecContext(context.Background(), `INSERT INTO attendees (registration_id, event_id, status, starts_at, registered_at, facts, ends_at)
			SELECT 'a' || event_id, event_id, 'confirmed', starts_at, starts_at, '{}', ends_at FROM events WHERE ends_at > ?`, now.UnixMilli()); err != nil {
			return err
		}
		_, err := tx.ExecContext(context.Background(), `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
			INSERT INTO emails (id, recipient, subject, kind, registration_id, event_id, programme_id, cause, status, created_at)
			SELECT 'm' || i, CASE WHEN ? + (i % ?) * ? < ? THEN '' ELSE 'p' || i || '@x.nl' END, 'Bevestiging', 'registration-confirmed',
				CASE WHEN i % 10 = 0 THEN '' ELSE 'r' || i END, CASE WHEN i % 10 = 0 THEN '' ELSE 'e' || (i % ?) END,
				CASE WHEN i % 10 = 0 THEN 'p1' ELSE '' END, 'c' || i, 'sent', ? + (i % ?) * ? FROM n`,
			nMails, start, nEvents, every, gone, nEvents, start, nEvents, every)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
