package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"plein.dev/ambassadors/migrations"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

// TestExpiredIdeasPlan: the idea retention sweep reads the expired ideas
// still holding their submitter's data through ideas_held, in its order —
// not a scan and sort of every idea per batch (which made a sweep over N
// cost N²/batch, and a sweep with nothing to do a pass over the table).
// Most ideas of the years before are anonymised. Asserted without
// statistics (the service does not run ANALYZE) and with them.
func TestExpiredIdeasPlan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testkit.DB(t, migrations.FS)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	start, gone := now.AddDate(-3, 0, 0).Unix(), now.AddDate(-1, 0, 0).Unix()
	err := db.InTx(ctx, func(tx sqlite.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO programmes (id, name, municipality, starts_on, ends_on, status, created_at, updated_at, version)
			VALUES ('p1', 'Ondernemen', 'Utrecht', '2023-01-01', '2030-01-01', 'active', 0, 0, 1)`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < 5000)
			INSERT INTO ideas (id, programme_id, name, email, title, description, status, language, decided_at, anonymised_at, created_at, updated_at, version)
			SELECT 'i' || i, 'p1', 'N', 'p' || i || '@x.nl', 'Idee', 'Een idee', CASE WHEN i % 3 = 0 THEN 'new' ELSE 'afgewezen' END, 'nl',
				CASE WHEN i % 3 = 0 THEN NULL ELSE ? + i * 20000 + 86400 END,
				CASE WHEN ? + i * 20000 < ? THEN ? END, ? + i * 20000, ? + i * 20000, 1 FROM n`,
			start, start, gone, now.Unix(), start, start)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		plan := testkit.QueryPlan(t, db, expiredIdeasQuery, now.AddDate(0, 0, -180).Unix(), 200)
		text := strings.Join(plan, "\n")
		t.Logf("%s:\n%s", when, text)
		if text != "SEARCH ideas USING INDEX ideas_held (<expr><?)" {
			t.Errorf("%s, the plan of the expired ideas is\n%s\nwant SEARCH ideas USING INDEX ideas_held (<expr><?) alone: no scan, no sort", when, text)
		}
	}
	check("without statistics")
	if _, err := db.W.ExecContext(ctx, `ANALYZE`); err != nil {
		t.Fatal(err)
	}
	check("after ANALYZE")
}
