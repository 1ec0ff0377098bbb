package store

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	"plein.dev/registrations/migrations"
)

// TestExpiredRegistrationsPlan: the retention sweep's queries walk the
// events that ended by events_ends (a batch from where the previous one
// stopped) and probe each one's registrations still held through
// registrations_held — never a scan of the registrations, nor a sort of all
// the expired ones. (The join on ends_at alone was planned as a scan of
// the registrations in arrival order, past every one anonymised by the
// batches before: a sweep over N cost N²/batch, and a sweep with nothing
// to do a pass over the table.) The catalogue is shaped like a service's
// after years: many events, most in the past, many registrations, the old
// ones anonymised. Asserted without statistics (the service does not run
// ANALYZE) and with them.
func TestExpiredRegistrationsPlan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testkit.DB(t, migrations.FS)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	seedHistory(t, db, now, 3000, 30000)
	cutoff := now.Add(-30 * 24 * time.Hour)

	check := func(when string) {
		for _, c := range []struct {
			name, query string
			args        []any
		}{
			{"expired registrations", expiredQuery, []any{cutoff.Unix(), cutoff.Unix() - 86400, 17, 200}},
			{"first expired event", firstExpiredQuery, []any{cutoff.Unix()}},
		} {
			plan := testkit.QueryPlan(t, db, c.query, c.args...)
			text := strings.Join(plan, "\n")
			t.Logf("%s, %s:\n%s", when, c.name, text)
			if len(plan) < 2 || !strings.HasPrefix(plan[0], "SEARCH e USING INDEX events_ends (ends_at") ||
				!regexp.MustCompile(`SEARCH r (EXISTS )?USING INDEX registrations_held \(event_id=\?\)`).MatchString(text) ||
				strings.Contains(text, "SCAN") || strings.Contains(text, "TEMP B-TREE") {
				t.Errorf("%s, the plan of the %s is\n%s\nwant the events that ended by events_ends, then their held registrations by registrations_held: no scan, no sort", when, c.name, text)
			}
		}
	}
	check("without statistics")
	if _, err := db.W.ExecContext(ctx, `ANALYZE`); err != nil {
		t.Fatal(err)
	}
	check("after ANALYZE")
}

// seedHistory adds nEvents events, one every eight hours over the three
// years up to a year after now, and nRegs registrations spread evenly over
// them; those of events that ended more than a year ago are anonymised.
func seedHistory(t *testing.T, db *sqlite.DB, now time.Time, nEvents, nRegs int) {
	t.Helper()
	start := now.AddDate(-2, 0, 0).Unix()
	err := db.InTx(context.Background(), func(tx sqlite.Tx) error {
		if _, err := tx.ExecContext(context.Background(), `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
			INSERT INTO events (id, title, starts_at, ends_at, capacity, status, visibility)
			SELECT 'e' || i, 'Ontbijt', ? + i * 28800, ? + i * 28800 + 7200, 100,
				CASE WHEN ? + i * 28800 + 7200 <= ? THEN 'completed' ELSE 'published' END, 'public' FROM n`,
			nEvents, start, start, start, now.Unix()); err != nil {
			return err
		}
		_, err := tx.ExecContext(context.Background(), `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
			INSERT INTO registrations (id, event_id, name, email, email_key, status, token_hash, registered_at, version, anonymised_at)
			SELECT 'r' || i, 'e' || (i % ?), 'N', 'p' || i || '@x.nl', 'k' || i, 'confirmed', X'00', ?, 1,
				CASE WHEN ? + (i % ?) * 28800 + 7200 <= ? THEN ? END FROM n`,
			nRegs, nEvents, start, start, nEvents, now.AddDate(-1, 0, 0).Unix(), now.Unix())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
