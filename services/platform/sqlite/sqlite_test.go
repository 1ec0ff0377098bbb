package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/jmoiron/sqlx"

	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

var migrations = fstest.MapFS{
	"0001_init.sql": {Data: []byte(`-- +goose Up
CREATE TABLE parents (id INTEGER PRIMARY KEY);
CREATE TABLE children (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES parents (id));
CREATE TABLE items (name TEXT PRIMARY KEY);
CREATE TABLE deferred_children (id INTEGER PRIMARY KEY,
    parent INTEGER NOT NULL REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED);
-- +goose Down
DROP TABLE deferred_children;
DROP TABLE items;
DROP TABLE children;
DROP TABLE parents;
`)},
}

func TestPragmas(t *testing.T) {
	ctx := context.Background()
	db := testkit.DB(t, migrations)

	if got := db.W.Stats().MaxOpenConnections; got != 1 {
		t.Errorf("writer max open connections = %d, want 1", got)
	}
	for _, pool := range []struct {
		name string
		db   *sqlx.DB
	}{{"writer", db.W}, {"reader", db.R}} {
		var mode string
		if err := pool.db.GetContext(ctx, &mode, "PRAGMA journal_mode"); err != nil {
			t.Fatal(err)
		}
		if mode != "wal" {
			t.Errorf("%s journal_mode = %q, want wal", pool.name, mode)
		}
		var fk int
		if err := pool.db.GetContext(ctx, &fk, "PRAGMA foreign_keys"); err != nil {
			t.Fatal(err)
		}
		if fk != 1 {
			t.Errorf("%s foreign_keys = %d, want 1", pool.name, fk)
		}
	}
	var sync int
	if err := db.W.GetContext(ctx, &sync, "PRAGMA synchronous"); err != nil {
		t.Fatal(err)
	}
	if sync != 2 { // FULL
		t.Errorf("writer synchronous = %d, want 2 (FULL)", sync)
	}
	var temp int
	if err := db.W.GetContext(ctx, &temp, "PRAGMA temp_store"); err != nil {
		t.Fatal(err)
	}
	if temp != 2 { // MEMORY: the savepoints' sub-journal never goes to a file
		t.Errorf("writer temp_store = %d, want 2 (MEMORY)", temp)
	}
	var pages int
	if err := db.W.GetContext(ctx, &pages, "PRAGMA wal_autocheckpoint"); err != nil {
		t.Fatal(err)
	}
	if pages != sqlite.WALCheckpointPages {
		t.Errorf("writer wal_autocheckpoint = %d, want %d", pages, sqlite.WALCheckpointPages)
	}

	// Foreign keys are enforced.
	_, err := db.W.ExecContext(ctx, "INSERT INTO children (id, parent) VALUES (1, 42)")
	if err == nil {
		t.Error("insert with a dangling foreign key succeeded")
	}
	// Readers cannot write.
	if _, err := db.R.ExecContext(ctx, "INSERT INTO parents (id) VALUES (1)"); err == nil {
		t.Error("write through the read pool succeeded")
	}
}

func TestInTx(t *testing.T) {
	ctx := context.Background()
	db := testkit.DB(t, migrations)
	var hooks int
	db.OnCommit(func() { hooks++ })

	count := func() int {
		t.Helper()
		var n int
		if err := db.R.GetContext(ctx, &n, "SELECT count(*) FROM items"); err != nil {
			t.Fatal(err)
		}
		return n
	}

	errBoom := errors.New("boom")
	err := db.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO items (name) VALUES ('a')"); err != nil {
			return err
		}
		return errBoom
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("InTx = %v, want errBoom", err)
	}
	if n := count(); n != 0 {
		t.Errorf("after failed tx: %d rows, want 0", n)
	}
	if hooks != 0 {
		t.Errorf("hooks ran %d times after a rollback", hooks)
	}

	func() {
		defer func() {
			if p := recover(); p != "oops" {
				t.Errorf("recovered %v, want the re-panic", p)
			}
		}()
		_ = db.InTx(ctx, func(tx *sqlx.Tx) error {
			if _, err := tx.ExecContext(ctx, "INSERT INTO items (name) VALUES ('p')"); err != nil {
				return err
			}
			panic("oops")
		})
	}()
	if n := count(); n != 0 || hooks != 0 {
		t.Errorf("after panic: %d rows, %d hooks; want 0, 0", n, hooks)
	}

	var seenInHook int
	db.OnCommit(func() {
		// Runs after the commit: the row is visible to readers.
		if err := db.R.GetContext(ctx, &seenInHook, "SELECT count(*) FROM items"); err != nil {
			t.Error(err)
		}
	})
	err = db.InTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO items (name) VALUES ('b')")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if hooks != 1 || seenInHook != 1 {
		t.Errorf("after commit: hooks %d, rows seen in hook %d; want 1, 1", hooks, seenInHook)
	}

	err = db.InTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO items (name) VALUES ('b')")
		return err
	})
	if !sqlite.IsUniqueViolation(err) {
		t.Errorf("duplicate insert: IsUniqueViolation(%v) = false", err)
	}
	if sqlite.IsUniqueViolation(errBoom) {
		t.Error("IsUniqueViolation(errBoom) = true")
	}
}

func TestMigrationsIdempotent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "dir", "svc.db")
	log := testkit.Logger(t)
	for i := range 2 {
		db, err := sqlite.Open(ctx, path, migrations, log)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		var tables []string
		if err := db.R.SelectContext(ctx, &tables,
			"SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('items', 'outbox', 'inbox', 'inbox_versions') ORDER BY name"); err != nil {
			t.Fatal(err)
		}
		if len(tables) != 4 {
			t.Errorf("open #%d: tables %v, want inbox, inbox_versions, items, outbox", i+1, tables)
		}
		var versions []int64
		if err := db.R.SelectContext(ctx, &versions,
			"SELECT version_id FROM goose_db_version WHERE version_id > 0 ORDER BY id"); err != nil {
			t.Fatal(err)
		}
		if len(versions) != 1 || versions[0] != 1 {
			t.Errorf("open #%d: service versions %v, want [1]", i+1, versions)
		}
		if err := db.R.SelectContext(ctx, &versions,
			"SELECT version_id FROM plein_platform_version WHERE version_id > 0 ORDER BY id"); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(versions, []int64{1, 2, 3}) {
			t.Errorf("open #%d: platform versions %v, want [1 2 3]", i+1, versions)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestNilMigrations(t *testing.T) {
	db := testkit.DB(t, nil)
	var n int
	if err := db.R.GetContext(context.Background(), &n, "SELECT count(*) FROM outbox"); err != nil {
		t.Fatalf("platform tables missing: %v", err)
	}
}
