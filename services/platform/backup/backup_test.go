package backup_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/platform/backup"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

// open opens a service database with one table of counters in dir.
func open(t *testing.T, dir string) (*sqlite.DB, string) {
	t.Helper()
	path := filepath.Join(dir, "svc.db")
	db, err := sqlite.Open(context.Background(), path, nil, testkit.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := db.W.Exec(`CREATE TABLE n (i INTEGER PRIMARY KEY, pair INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return db, path
}

func readOnly(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// TestTakeWhileWriting copies a database while transactions commit: each
// writes two rows, so a copy holding an odd number of rows, or a row
// without its pair, saw half a transaction. Every copy passes the
// integrity check, carries its stamp, and the newest keep remain.
func TestTakeWhileWriting(t *testing.T) {
	ctx := context.Background()
	db, path := open(t, t.TempDir())
	var written atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := int64(0); ; i += 2 {
			select {
			case <-stop:
				return
			default:
			}
			err := db.InTx(ctx, func(tx *sqlx.Tx) error {
				if _, err := tx.Exec(`INSERT INTO n (i, pair) VALUES (?, ?), (?, ?)`, i, i+1, i+1, i); err != nil {
					return err
				}
				return nil
			})
			if err != nil {
				t.Error(err)
				return
			}
			written.Store(i + 2)
		}
	}()

	dir := filepath.Join(t.TempDir(), "backups")
	start := time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)
	const copies, keep = 6, 3
	var taken []backup.File
	for k := range copies {
		time.Sleep(20 * time.Millisecond)
		before := written.Load()
		f, err := backup.Take(ctx, path, dir, keep, start.Add(time.Duration(k)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		after := written.Load()
		var rows, unpaired int64
		c := readOnly(t, f.Path)
		if err := c.QueryRow(`SELECT count(*), (SELECT count(*) FROM n a WHERE NOT EXISTS (SELECT 1 FROM n b WHERE b.i = a.pair)) FROM n`).Scan(&rows, &unpaired); err != nil {
			t.Fatal(err)
		}
		if rows%2 != 0 || unpaired != 0 || rows < before || rows > after+2 {
			t.Errorf("copy %d holds %d rows (%d unpaired); %d..%d were committed while it was taken", k, rows, unpaired, before, after)
		}
		if err := backup.Check(ctx, f.Path); err != nil {
			t.Error(err)
		}
		st, stamped, err := backup.Stamped(ctx, c)
		if err != nil || !stamped || !st.TakenAt.Equal(start.Add(time.Duration(k)*time.Minute)) ||
			!slices.Equal(st.Databases, []string{"svc"}) || !st.RestoredAt.IsZero() {
			t.Errorf("copy %d stamped %v: %+v (%v)", k, stamped, st, err)
		}
		taken = append(taken, f)
	}
	close(stop)
	wg.Wait()
	if written.Load() < 10 {
		t.Fatalf("only %d rows written during the copies", written.Load())
	}

	files, err := backup.Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != keep {
		t.Fatalf("%d copies kept, want %d: %v", len(files), keep, files)
	}
	for i, f := range files {
		want := taken[copies-keep+i]
		if f.Path != want.Path || !f.Taken.Equal(want.Taken) || f.Size == 0 {
			t.Errorf("kept %+v, want %+v", f, want)
		}
	}
	if got := filepath.Base(files[0].Path); got != "20261202T150300.000Z.db" {
		t.Errorf("copy named %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != keep {
		t.Errorf("%d files in the backup directory, want only the %d copies", len(entries), keep)
	}
	// The database the service writes carries no stamp.
	if _, stamped, err := backup.Stamped(ctx, db.R); err != nil || stamped {
		t.Errorf("the live database is stamped: %v %v", stamped, err)
	}
}

func TestIntoRefusesAnExistingFile(t *testing.T) {
	_, path := open(t, t.TempDir())
	dst := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(dst, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := backup.Into(context.Background(), path, dst, time.Now()); err == nil {
		t.Fatal("copied over an existing file")
	}
	if b, _ := os.ReadFile(dst); string(b) != "keep me" {
		t.Errorf("the existing file was changed: %q", b)
	}
	entries, _ := os.ReadDir(filepath.Dir(dst))
	if len(entries) != 1 {
		t.Errorf("left %d files behind", len(entries))
	}
}

func TestPruneKeepsOtherFiles(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)
	for _, name := range []string{backup.Name(now.Add(-3 * time.Hour)), backup.Name(now.Add(-2 * time.Hour)),
		backup.Name(now.Add(-time.Hour)), "notes.txt", "other.db", ".x.db.tmp-1", ".y.db.tmp-2"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// One temporary file is old: the leftover of an interrupted copy.
	old := now.Add(-2 * time.Hour)
	if err := os.Chtimes(filepath.Join(dir, ".x.db.tmp-1"), old, old); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(filepath.Join(dir, ".y.db.tmp-2"), now, now); err != nil {
		t.Fatal(err)
	}
	if err := backup.Prune(dir, 1, now); err != nil {
		t.Fatal(err)
	}
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	want := []string{".y.db.tmp-2", backup.Name(now.Add(-time.Hour)), "notes.txt", "other.db"}
	if len(left) != len(want) {
		t.Fatalf("left %v, want %v", left, want)
	}
	for i := range want {
		if left[i] != want[i] {
			t.Errorf("left %v, want %v", left, want)
			break
		}
	}
}

func TestCheckFindsDamage(t *testing.T) {
	ctx := context.Background()
	db, path := open(t, t.TempDir())
	if _, err := db.W.Exec(`WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 1999)
		INSERT INTO n (i, pair) SELECT i, i FROM k`); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "copy.db")
	if err := backup.Into(ctx, path, dst, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := backup.Check(ctx, dst); err != nil {
		t.Fatalf("a fresh copy fails the check: %v", err)
	}
	// Overwrite a page in the middle of the table with garbage.
	f, err := os.OpenFile(dst, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(i * 7)
	}
	if _, err := f.WriteAt(junk, fi.Size()/2/4096*4096); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	if err := backup.Check(ctx, dst); err == nil {
		t.Fatal("a damaged copy passed the check")
	}
	if err := backup.Check(ctx, filepath.Join(t.TempDir(), "none.db")); err == nil {
		t.Fatal("a missing file passed the check")
	}
}

func TestUnstamp(t *testing.T) {
	ctx := context.Background()
	_, path := open(t, t.TempDir())
	dir := t.TempDir()
	dst := filepath.Join(dir, "restored.db")
	if err := backup.Into(ctx, path, dst, time.Now()); err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, dst, nil, testkit.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, stamped, _ := backup.Stamped(ctx, db.R); !stamped {
		t.Fatal("copy not stamped")
	}
	if err := backup.Unstamp(ctx, db.W); err != nil {
		t.Fatal(err)
	}
	if _, stamped, err := backup.Stamped(ctx, db.R); stamped || err != nil {
		t.Fatalf("still stamped after Unstamp: %v", err)
	}
}

func TestEmpty(t *testing.T) {
	dir := t.TempDir()
	if err := backup.Empty(filepath.Join(dir, "missing")); err != nil {
		t.Errorf("a missing directory: %v", err)
	}
	if err := backup.Empty(dir); err != nil {
		t.Errorf("an empty directory: %v", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "nats"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := backup.Empty(dir, "nats"); err != nil {
		t.Errorf("holding only what is allowed: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "events.db"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := backup.Empty(dir, "nats"); !errors.Is(err, backup.ErrNotEmpty) {
		t.Errorf("holding a database: %v", err)
	}
}

// TestSetIsOneInstant copies two databases while every transaction writes
// row i to the first and then to the second: copies of one instant differ
// by at most that one row, whatever the first copy's size (copies taken
// one after the other would let the second run ahead while the first is
// copied).
func TestSetIsOneInstant(t *testing.T) {
	ctx := context.Background()
	a, pathA := open(t, t.TempDir())
	b, pathB := open(t, t.TempDir())
	// Some 16 MB in the first, so that copying it takes a while.
	if _, err := a.W.Exec(`CREATE TABLE ballast (b BLOB);
		WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 4095)
		INSERT INTO ballast SELECT randomblob(4096) FROM k`); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			for _, db := range []*sqlite.DB{a, b} {
				if err := db.InTx(ctx, func(tx *sqlx.Tx) error {
					_, err := tx.Exec(`INSERT INTO n (i, pair) VALUES (?, ?)`, i, i)
					return err
				}); err != nil {
					t.Error(err)
					return
				}
			}
		}
	}()
	defer func() { close(stop); wg.Wait() }()
	time.Sleep(100 * time.Millisecond)

	dir := t.TempDir()
	copyA, copyB := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	if err := backup.Set(ctx, []backup.Copy{{Src: pathA, Dst: copyA}, {Src: pathB, Dst: copyB}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	var inA, inB int
	if err := readOnly(t, copyA).QueryRow(`SELECT count(*) FROM n`).Scan(&inA); err != nil {
		t.Fatal(err)
	}
	if err := readOnly(t, copyB).QueryRow(`SELECT count(*) FROM n`).Scan(&inB); err != nil {
		t.Fatal(err)
	}
	if inA < 5 || inB < inA-1 || inB > inA {
		t.Errorf("copies of one instant hold %d rows of the first and %d of the second", inA, inB)
	}
	for _, c := range []string{copyA, copyB} {
		st, ok, err := backup.Stamped(ctx, readOnly(t, c))
		if err != nil || !ok || !slices.Equal(st.Databases, []string{"svc", "svc"}) {
			t.Errorf("%s stamped %v %+v %v", c, ok, st, err)
		}
	}
}

// A copy names the messages in its outbox at the instant it shows: they
// are part of its state whether or not they were published.
func TestStampHoldsTheOutbox(t *testing.T) {
	ctx := context.Background()
	db, path := open(t, t.TempDir())
	if _, err := db.W.Exec(`INSERT INTO outbox (id, subject, payload, created_at) VALUES ('m1', 's', x'', 0), ('m2', 's', x'', 0)`); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "copy.db")
	if err := backup.Into(ctx, path, dst, time.Now()); err != nil {
		t.Fatal(err)
	}
	restoredAt := time.Now().Truncate(time.Millisecond)
	if err := backup.MarkRestored(ctx, dst, restoredAt); err != nil {
		t.Fatal(err)
	}
	st, ok, err := backup.Stamped(ctx, readOnly(t, dst))
	if err != nil || !ok || !slices.Equal(st.Pending["svc"], []string{"m1", "m2"}) || !st.RestoredAt.Equal(restoredAt) {
		t.Errorf("stamped %v: %+v (%v)", ok, st, err)
	}
}
