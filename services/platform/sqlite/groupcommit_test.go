package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

// hold keeps the writer busy with a call whose function waits; release
// lets it finish (it inserts the item "gate") and returns its result.
func hold(t *testing.T, db *sqlite.DB) (release func() error) {
	t.Helper()
	running, free := make(chan struct{}), make(chan struct{})
	result := make(chan error, 1)
	go func() {
		result <- db.InTx(context.Background(), func(tx *sqlx.Tx) error {
			close(running)
			<-free
			_, err := tx.Exec(`INSERT INTO items (name) VALUES ('gate')`)
			return err
		})
	}()
	<-running
	return func() error {
		close(free)
		return <-result
	}
}

// queue starts InTx(fn) in a goroutine and returns once the call waits for
// the writer, so calls queued one after the other run in that order.
func queue(t *testing.T, db *sqlite.DB, ctx context.Context, fn func(tx *sqlx.Tx) error) <-chan error {
	t.Helper()
	result := make(chan error, 1)
	goQueued(t, db, func() { result <- db.InTx(ctx, fn) })
	return result
}

// goQueued runs call, which makes one InTx call, in a goroutine and
// returns once that call waits for the writer.
func goQueued(t *testing.T, db *sqlite.DB, call func()) {
	t.Helper()
	want := db.Queued() + 1
	go call()
	deadline := time.Now().Add(10 * time.Second)
	for db.Queued() < want {
		if time.Now().After(deadline) {
			t.Fatal("call not queued within 10 s")
		}
		time.Sleep(time.Millisecond)
	}
}

func insert(name string) func(tx *sqlx.Tx) error {
	return func(tx *sqlx.Tx) error {
		_, err := tx.Exec(`INSERT INTO items (name) VALUES (?)`, name)
		return err
	}
}

func items(t *testing.T, db *sqlite.DB) []string {
	t.Helper()
	var names []string
	if err := db.R.Select(&names, `SELECT name FROM items ORDER BY name`); err != nil {
		t.Fatal(err)
	}
	return names
}

func countCommits(db *sqlite.DB) *atomic.Int64 {
	var n atomic.Int64
	db.OnCommit(func() { n.Add(1) })
	return &n
}

// Calls that wait while the writer is busy are committed together, and
// each function is isolated in its savepoint: one that fails or panics is
// rolled back alone and gets its own outcome.
func TestBatchIsolatesEachCall(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, migrations)
	db.SetBatchLimits(1000, time.Hour)
	commits := countCommits(db)
	ctx := context.Background()
	errBoom := errors.New("boom")

	release := hold(t, db)
	ok1 := queue(t, db, ctx, insert("a"))
	failed := queue(t, db, ctx, func(tx *sqlx.Tx) error {
		if err := insert("b")(tx); err != nil {
			return err
		}
		return errBoom
	})
	ok2 := queue(t, db, ctx, insert("c"))
	panicked := make(chan any, 1)
	goQueued(t, db, func() {
		defer func() { panicked <- recover() }()
		_ = db.InTx(ctx, func(tx *sqlx.Tx) error {
			if err := insert("d")(tx); err != nil {
				return err
			}
			panic("oops")
		})
	})
	// Sees "a", inserted earlier in the same batch.
	dup := queue(t, db, ctx, insert("a"))
	ok3 := queue(t, db, ctx, insert("e"))

	if err := release(); err != nil {
		t.Fatalf("gate: %v", err)
	}
	for name, ch := range map[string]<-chan error{"a": ok1, "c": ok2, "e": ok3} {
		if err := <-ch; err != nil {
			t.Errorf("insert %s: %v", name, err)
		}
	}
	if err := <-failed; !errors.Is(err, errBoom) {
		t.Errorf("failing call = %v, want errBoom", err)
	}
	if err := <-dup; !sqlite.IsUniqueViolation(err) {
		t.Errorf("duplicate insert = %v, want a unique violation", err)
	}
	if p := <-panicked; p != "oops" {
		t.Errorf("panicking call recovered %v, want oops", p)
	}
	if got, want := items(t, db), []string{"a", "c", "e", "gate"}; !slices.Equal(got, want) {
		t.Errorf("items %v, want %v", got, want)
	}
	if n := commits.Load(); n != 1 {
		t.Errorf("%d commits, want 1 for the whole batch", n)
	}
}

// Concurrent callers share commits, and none returns before its change is
// committed: another connection sees it at once, and so does the file
// reopened after the database is closed.
func TestConcurrentCallsShareDurableCommits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "svc.db")
	db, err := sqlite.Open(ctx, path, migrations, testkit.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	commits := countCommits(db)
	other, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()

	const workers, each = 16, 20
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				name := fmt.Sprintf("w%d-%d", w, i)
				if err := db.InTx(ctx, insert(name)); err != nil {
					t.Error(err)
					return
				}
				var n int
				if err := other.QueryRow(`SELECT count(*) FROM items WHERE name = ?`, name).Scan(&n); err != nil || n != 1 {
					t.Errorf("%s after InTx returned: %d rows (%v), want 1", name, n, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if n := commits.Load(); n >= workers*each {
		t.Errorf("%d commits for %d calls: no batching", n, workers*each)
	}
	t.Logf("%d calls in %d commits", workers*each, commits.Load())
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = sqlite.Open(ctx, path, migrations, testkit.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := len(items(t, db)); n != workers*each {
		t.Errorf("%d items after reopening, want %d", n, workers*each)
	}
}

// A failing commit reaches every caller of the batch, and no hook runs.
func TestCommitErrorReachesTheWholeBatch(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, migrations)
	db.SetBatchLimits(1000, time.Hour)
	commits := countCommits(db)
	ctx := context.Background()

	release := hold(t, db)
	ok := queue(t, db, ctx, insert("a"))
	// A deferred foreign key is checked only at COMMIT.
	dangling := queue(t, db, ctx, func(tx *sqlx.Tx) error {
		_, err := tx.Exec(`INSERT INTO deferred_children (id, parent) VALUES (1, 42)`)
		return err
	})
	for name, err := range map[string]error{"gate": release(), "a": <-ok, "dangling": <-dangling} {
		if err == nil {
			t.Errorf("%s: no error from a failed commit", name)
		}
	}
	if got := items(t, db); len(got) != 0 {
		t.Errorf("items %v after a failed commit", got)
	}
	if n := commits.Load(); n != 0 {
		t.Errorf("hooks ran %d times", n)
	}
	if err := db.InTx(ctx, insert("after")); err != nil {
		t.Errorf("InTx after a failed commit: %v", err)
	}
}

// A caller whose context ends while it waits returns at once, and its
// function never runs.
func TestCancelledWhileQueued(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, migrations)
	release := hold(t, db)
	ctx, cancel := context.WithCancel(context.Background())
	var ran atomic.Bool
	result := queue(t, db, ctx, func(tx *sqlx.Tx) error {
		ran.Store(true)
		return insert("late")(tx)
	})
	cancel()
	select {
	case err := <-result:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("InTx = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("cancelled caller still waits for the busy writer")
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	if err := db.InTx(context.Background(), insert("next")); err != nil {
		t.Fatal(err)
	}
	if ran.Load() {
		t.Error("the function of a caller that gave up ran")
	}
	if got, want := items(t, db), []string{"gate", "next"}; !slices.Equal(got, want) {
		t.Errorf("items %v, want %v", got, want)
	}
}

// A context cancelled while its function's statement runs does not
// interrupt the statement: an interrupted write would roll back the whole
// batch, the other callers' changes with it.
func TestCancelledMidStatementKeepsTheBatch(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, migrations)
	db.SetBatchLimits(1000, time.Hour)
	release := hold(t, db)
	ok := queue(t, db, context.Background(), insert("a"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	slow := queue(t, db, ctx, func(tx *sqlx.Tx) error {
		stop := time.AfterFunc(5*time.Millisecond, cancel)
		defer stop.Stop()
		_, err := tx.ExecContext(ctx, `INSERT INTO items (name)
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 200000)
SELECT 'n' || x FROM n`)
		return err
	})
	if err := release(); err != nil {
		t.Fatalf("gate: %v", err)
	}
	if err := <-ok; err != nil {
		t.Errorf("the other caller: %v", err)
	}
	if err := <-slow; err != nil {
		t.Errorf("the statement that ran on: %v", err)
	}
	var n int
	if err := db.R.Get(&n, `SELECT count(*) FROM items`); err != nil {
		t.Fatal(err)
	}
	if n != 200002 {
		t.Errorf("%d items, want 200002 (gate, a and the slow insert)", n)
	}
}

// InTx inside an InTx function cannot run (the writer is busy with the
// outer one): it returns ErrNestedTx instead of waiting for ever.
func TestNestedInTx(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, migrations)
	ctx := context.Background()
	var innerRan atomic.Bool
	done := make(chan error, 1)
	go func() {
		done <- db.InTx(ctx, func(tx *sqlx.Tx) error {
			if err := insert("outer")(tx); err != nil {
				return err
			}
			return db.InTx(ctx, func(tx *sqlx.Tx) error {
				innerRan.Store(true)
				return nil
			})
		})
	}()
	select {
	case err := <-done:
		if !errors.Is(err, sqlite.ErrNestedTx) {
			t.Errorf("nested InTx = %v, want ErrNestedTx", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("nested InTx deadlocked")
	}
	if innerRan.Load() {
		t.Error("the inner function ran")
	}
	if err := db.InTx(ctx, insert("after")); err != nil {
		t.Fatal(err)
	}
	if got, want := items(t, db), []string{"after"}; !slices.Equal(got, want) {
		t.Errorf("items %v, want %v", got, want)
	}
}

// A function that ends its goroutine (t.FailNow inside it, say) costs its
// batch, not the writer: later calls still commit.
func TestGoexitInFunction(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, migrations)
	ctx := context.Background()
	err := db.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := insert("a")(tx); err != nil {
			return err
		}
		runtime.Goexit()
		return nil
	})
	if err == nil {
		t.Error("InTx of a function that called Goexit returned nil")
	}
	if err := db.InTx(ctx, insert("b")); err != nil {
		t.Fatal(err)
	}
	if got, want := items(t, db), []string{"b"}; !slices.Equal(got, want) {
		t.Errorf("items %v, want %v", got, want)
	}
}

func TestClosedRefusesCalls(t *testing.T) {
	t.Parallel()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "svc.db"), migrations, testkit.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.InTx(context.Background(), insert("a")); !errors.Is(err, sqlite.ErrClosed) {
		t.Errorf("InTx after Close = %v, want ErrClosed", err)
	}
}
