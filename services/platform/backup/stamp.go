package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The stamp is a table of one row in every copy, never in a database a
// service wrote itself: its name is not one a service may use.
const (
	stampTable = "plein_backup"
	createSQL  = `CREATE TABLE IF NOT EXISTS plein_backup (taken_at INTEGER NOT NULL); DELETE FROM plein_backup`
	insertSQL  = `INSERT INTO plein_backup (taken_at) VALUES (?)` // unix milliseconds
	existsSQL  = `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'plein_backup'`
	readSQL    = `SELECT taken_at FROM plein_backup`
	dropSQL    = `DROP TABLE IF EXISTS plein_backup`
)

// stamp marks the copy at path as taken at now.
func stamp(ctx context.Context, path string, now time.Time) error {
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		return fmt.Errorf("stamp %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	_, err = db.ExecContext(ctx, createSQL)
	if err == nil {
		_, err = db.ExecContext(ctx, insertSQL, now.UnixMilli())
	}
	if err = errors.Join(err, db.Close()); err != nil {
		return fmt.Errorf("stamp %s: %w", path, err)
	}
	return nil
}

// Querier is what Stamped reads with: a *sql.DB, *sqlx.DB or a transaction.
type Querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Stamped reports whether db is a copy made by this package, and when it
// was taken: a database restored from a backup that the service has not
// yet caught up (see Unstamp).
func Stamped(ctx context.Context, db Querier) (time.Time, bool, error) {
	var n int
	if err := db.QueryRowContext(ctx, existsSQL).Scan(&n); err != nil {
		return time.Time{}, false, fmt.Errorf("read backup stamp: %w", err)
	}
	if n == 0 {
		return time.Time{}, false, nil
	}
	var ms int64
	err := db.QueryRowContext(ctx, readSQL).Scan(&ms)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return time.Time{}, true, nil
	case err != nil:
		return time.Time{}, false, fmt.Errorf("read backup stamp: %w", err)
	}
	return time.UnixMilli(ms).UTC(), true, nil
}

// Execer is what Unstamp writes with.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Unstamp removes the stamp of a restored copy once the service no longer
// needs to know: its own copies are stamped afresh.
func Unstamp(ctx context.Context, db Execer) error {
	if _, err := db.ExecContext(ctx, dropSQL); err != nil {
		return fmt.Errorf("remove backup stamp: %w", err)
	}
	return nil
}
