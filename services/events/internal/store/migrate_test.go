package store_test

import (
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
	insert(t, old, e, event("e2", at(4, 9)))
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
