package store_test

import (
	"encoding/json"
	"io/fs"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/events/migrations"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

// upTo returns the migrations numbered up to last.
func upTo(t *testing.T, last string) fs.FS {
	t.Helper()
	names, err := fs.Glob(migrations.FS, "*.sql")
	must(t, err)
	sub := fstest.MapFS{}
	for _, n := range names {
		if n <= last {
			b, err := fs.ReadFile(migrations.FS, n)
			must(t, err)
			sub[n] = &fstest.MapFile{Data: b}
		}
	}
	return sub
}

// TestBoundedReadsMigration: events stored before 0003 are found by theme
// afterwards (event_themes is filled from them).
func TestBoundedReadsMigration(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "events.db")
	old, err := sqlite.Open(bg, path, upTo(t, "0002_series_rooms_search.sql"), testkit.Logger(t))
	must(t, err)
	e := event("e1", at(3, 9))
	e.Themes = []string{"innovatie", "circulaire economie"}
	// Rows as the schema of then holds them (InsertEvent writes today's).
	must(t, write(old, func(tx sqlite.Tx) error {
		for _, x := range []domain.Event{e, event("e2", at(4, 9))} {
			const query = `INSERT INTO events (id, title, description, programme_id, themes, location, starts_at,
				ends_at, capacity, visibility, status, host_ambassador_ids, created_at, updated_at, version)
				VALUES (?, ?, '', '', ?, ?, ?, ?, ?, ?, ?, '[]', 0, 0, 1)`
			themes, _ := json.Marshal(x.Themes)
			if _, err := tx.ExecContext(bg, query, x.ID, x.Title, string(themes), x.Location, x.StartsAt.Unix(),
				x.EndsAt.Unix(), x.Capacity, string(x.Visibility), string(x.Status)); err != nil {
				return err
			}
		}
		return nil
	}))
	must(t, old.Close())

	db, err := sqlite.Open(bg, path, migrations.FS, testkit.Logger(t))
	must(t, err)
	t.Cleanup(func() { _ = db.Close() })
	for _, theme := range e.Themes {
		got, err := store.ListEvents(bg, db.R, store.EventQuery{Theme: theme, Limit: 10})
		must(t, err)
		if !slices.Equal(ids(got), []string{"e1"}) {
			t.Errorf("theme %q after the migration: %v", theme, ids(got))
		}
	}
	got, err := store.ListEvents(bg, db.R, store.EventQuery{Status: domain.StatusDraft, Limit: 10})
	must(t, err)
	if !slices.Equal(ids(got), []string{"e1", "e2"}) {
		t.Errorf("drafts after the migration: %v", ids(got))
	}
}
