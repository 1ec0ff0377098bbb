// Package sqlite opens a service's SQLite database: one writer connection,
// a read-only pool, migrations applied at open, and InTx, the transaction
// helper that commits concurrent transactions together (group commit).
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/jmoiron/sqlx"
	"github.com/mattn/go-sqlite3"
	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
var platformFS embed.FS

const (
	driverName = "sqlite3"

	// platformVersionTable tracks the platform's own migrations (outbox,
	// inbox), so that a service's migration numbering is independent.
	platformVersionTable = "plein_platform_version"
	// serviceVersionTable tracks the service's migrations (goose default).
	serviceVersionTable = "goose_db_version"

	readers = 4
)

// Writer settings. synchronous=FULL makes SQLite sync the WAL on every
// commit, so a transaction that returned from Commit survives a power loss:
// nothing acknowledged to a caller (or relayed from the outbox) is lost.
// NORMAL would be ~4x faster here but may lose the last commits on power
// failure; group commit (InTx) wins that back by syncing once per batch.
// _txlock=immediate takes the write lock at BEGIN, so a transaction never
// fails half-way with SQLITE_BUSY on lock upgrade. Every connection keeps
// its prepared statements (_stmt_cache_size): a service runs the same few
// queries all day, and preparing them took a tenth of the writer's time.
// _secure_delete=on makes SQLite overwrite deleted content with zeros, so
// that an erased person's data does not linger in free pages (see
// Checkpoint for the WAL).
const writerParams = "_journal_mode=WAL&_synchronous=FULL&_foreign_keys=1&_busy_timeout=5000&_txlock=immediate&_stmt_cache_size=256&_secure_delete=on"

// walCheckpointPages is how many pages the WAL holds before a commit
// copies them into the database file (SQLite's automatic checkpoint, run
// by the committing connection: the writer, which waits for it). The
// default of 1,000 (4 MB) came every fifty registrations or so; the same
// hot pages (an event's counters, the outbox, the upper levels of every
// index) were copied again at each. Ten times as many lets them be copied
// once per ten: in the bench's cost phase a registration took 750–890 µs
// of wall time instead of 950–1,040 µs, alternating runs. The WAL file may
// grow to about 40 MB per database between checkpoints.
const walCheckpointPages = 10000

// writerPragmas sets what the writer's DSN cannot say. temp_store=MEMORY
// keeps the sub-journal of the group commit's savepoints in memory: each
// InTx function runs in a savepoint, and SQLite copies every page the
// function changes into the sub-journal first; once a function changed
// more than 64 KiB of pages (a registration changes about twenty), SQLite
// moved the sub-journal to a temporary file for the rest of the
// connection's life, and every page copy became a write(2) — a third of
// the writer's time. The sub-journal holds one function's pages at a time.
func writerPragmas(conn *sqlite3.SQLiteConn) error {
	if _, err := conn.Exec("PRAGMA temp_store = MEMORY", nil); err != nil {
		return fmt.Errorf("sqlite: temp_store: %w", err)
	}
	if _, err := conn.Exec(fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", walCheckpointPages), nil); err != nil {
		return fmt.Errorf("sqlite: wal_autocheckpoint: %w", err)
	}
	return nil
}

// Reader settings: query_only refuses any write; deferred transactions so
// readers never take the write lock.
const readerParams = "_journal_mode=WAL&_foreign_keys=1&_busy_timeout=5000&_txlock=deferred&_query_only=1&_stmt_cache_size=256"

// DB is a service database.
type DB struct {
	// W is the only writer: a pool of exactly one connection, on which
	// InTx runs its batches (see InTx). Prefer InTx: a statement on W
	// waits for the batch in progress and commits on its own, with its own
	// fsync. Never use W from inside an InTx function: it waits for the
	// connection that function holds, for ever.
	W *sqlx.DB
	// R is a pool of read-only connections. In WAL mode readers do not block
	// the writer and see the last committed state.
	R *sqlx.DB

	mu    sync.Mutex
	hooks []func()
	w     *writer
}

// Open opens (creating if needed, with its parent directory) the database at
// path, applies the platform's migrations and then the service's migrations
// found at the root of migrations (goose-format files such as
// "0001_init.sql"; use fs.Sub for an embedded sub-directory). migrations may
// be nil when the service has no tables of its own.
func Open(ctx context.Context, path string, migrations fs.FS, log *slog.Logger) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
	}
	w := sqlx.NewDb(sql.OpenDB(writerConnector{dsn: path + "?" + writerParams, drv: &sqlite3.SQLiteDriver{ConnectHook: writerPragmas}}), driverName)
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("open writer %s: %w", path, err)
	}

	platform, err := fs.Sub(platformFS, "migrations")
	if err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("platform migrations: %w", err)
	}
	if err := migrate(ctx, w.DB, platform, platformVersionTable, log); err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("platform migrations: %w", err)
	}
	if migrations != nil {
		if err := migrate(ctx, w.DB, migrations, serviceVersionTable, log); err != nil {
			_ = w.Close()
			return nil, fmt.Errorf("service migrations: %w", err)
		}
	}

	r, err := sqlx.Open(driverName, path+"?"+readerParams)
	if err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("open readers %s: %w", path, err)
	}
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	if err := r.PingContext(ctx); err != nil {
		_ = r.Close()
		_ = w.Close()
		return nil, fmt.Errorf("open readers %s: %w", path, err)
	}
	db := &DB{W: w, R: r}
	db.w = newWriter(w, log.With(slog.String("component", "sqlite")), db.commitHooks)
	return db, nil
}

func migrate(ctx context.Context, db *sql.DB, fsys fs.FS, table string, log *slog.Logger) error {
	p, err := goose.NewProvider(goose.DialectSQLite3, db, fsys,
		goose.WithTableName(table),
		goose.WithDisableGlobalRegistry(true),
		goose.WithSlog(log.With(slog.String("migrations", table))),
	)
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("apply migrations: %w", err)
	}
	for _, r := range res {
		log.Info("migration applied", slog.String("table", table),
			slog.Int64("version", r.Source.Version), slog.Duration("took", r.Duration))
	}
	return nil
}

// InTx runs fn in a write transaction and returns fn's error, or the
// commit's. It returns only once the transaction holding fn's change is
// committed (synchronous=FULL: durable), or fn's change is rolled back.
//
// Concurrent calls are committed together (group commit): the writer runs
// their functions one after the other in one transaction, each in its own
// savepoint, and commits them with one fsync. A function that returns an
// error is rolled back to its savepoint; one that panics too, and the
// panic goes on in its own caller. The others in the batch are not
// affected, except by a failing commit, which every caller of the batch
// gets. Deferred constraints are checked only at that commit, so do not
// use them. After each commit the OnCommit hooks run, before the callers
// return.
//
// A caller whose ctx ends before fn starts gets ctx's error and fn never
// runs; once fn has started, InTx waits for the outcome. fn runs on the
// writer's goroutine: it must use tx (with any context) for its statements
// and must not commit or roll back tx, nor wait for another goroutine's
// InTx. A call of InTx from inside fn returns ErrNestedTx.
func (db *DB) InTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	return db.w.do(ctx, fn)
}

// Tx is an open transaction of a service database, as InTx and the
// consumers' handlers pass it on. Layers above the store name it by this
// name and need not import sqlx.
type Tx = *sqlx.Tx

// OnCommit registers hook to run after every successful InTx commit (once
// per batch), on the writer's goroutine, before the batch's callers
// return. Hooks must be quick and must not block (e.g. a non-blocking
// channel send); a hook that panics is logged.
func (db *DB) OnCommit(hook func()) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.hooks = append(db.hooks, hook)
}

func (db *DB) commitHooks() []func() {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.hooks
}

// Close waits for the InTx calls already made, refuses new ones
// (ErrClosed) and closes the read pool and the writer.
func (db *DB) Close() error {
	db.w.close()
	return errors.Join(db.R.Close(), db.W.Close())
}

// IsUniqueViolation reports whether err comes from a UNIQUE or PRIMARY KEY
// constraint.
func IsUniqueViolation(err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	return se.ExtendedCode == sqlite3.ErrConstraintUnique ||
		se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey
}
