package sqlite_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

// Deleted rows leave no bytes on disk once the WAL is checkpointed:
// secure_delete zeroes them in the database's pages, and Checkpoint
// empties the WAL that still held the frames of before.
func TestDeletedBytesLeaveTheDisk(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "svc.db")
	migrations := fstest.MapFS{"0001_init.sql": {Data: []byte(
		"-- +goose Up\nCREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n-- +goose Down\nDROP TABLE people;\n")}}
	db, err := sqlite.Open(ctx, path, migrations, testkit.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	secret := "erase.me@example.nl"
	exec := func(query string, args ...any) {
		t.Helper()
		if err := db.InTx(ctx, func(tx sqlite.Tx) error { _, err := tx.ExecContext(ctx, query, args...); return err }); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 50 {
		exec(`INSERT INTO people (email) VALUES (?)`, strings.Repeat("x", i)+"-"+secret)
	}
	// Checkpointed while the rows live: the database file holds them.
	if err := db.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if found := holding(t, dir, secret); len(found) == 0 {
		t.Fatal("the rows are in no file before deletion: the search finds nothing")
	}
	exec(`DELETE FROM people`)
	if err := db.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if found := holding(t, dir, secret); len(found) > 0 {
		t.Errorf("deleted rows still in %v", found)
	}
}

func holding(t *testing.T, dir, s string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(s)) {
			out = append(out, filepath.Base(n))
		}
	}
	return out
}
