package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The stamp is a table of one row in every copy, never in a database a
// service wrote itself: its name is not one a service may use.
const (
	createSQL = `CREATE TABLE IF NOT EXISTS plein_backup (
    taken_at    INTEGER NOT NULL, -- unix milliseconds
    databases   TEXT    NOT NULL, -- the databases copied at the same instant, comma separated
    restored_at INTEGER           -- unix milliseconds, set by MarkRestored
); DELETE FROM plein_backup;
CREATE TABLE IF NOT EXISTS plein_backup_pending (
    database TEXT NOT NULL, -- of the set
    msg_id   TEXT NOT NULL  -- in its outbox at the instant: not yet published, or published and not yet deleted
); DELETE FROM plein_backup_pending`
	pendingSQL     = `INSERT INTO plein_backup_pending (database, msg_id) VALUES (?, ?)`
	readPendingSQL = `SELECT database, msg_id FROM plein_backup_pending`
	insertSQL      = `INSERT INTO plein_backup (taken_at, databases) VALUES (?, ?)`
	existsSQL      = `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'plein_backup'`
	readSQL        = `SELECT taken_at, databases, restored_at FROM plein_backup`
	restoredSQL    = `UPDATE plein_backup SET restored_at = ?`
	dropSQL        = `DROP TABLE IF EXISTS plein_backup; DROP TABLE IF EXISTS plein_backup_pending`
)

// Stamp is what a copy says of itself.
type Stamp struct {
	// TakenAt is the instant the copy shows its database at.
	TakenAt time.Time
	// Databases names the databases copied at that same instant (e.g.
	// "registrations"), this one among them.
	Databases []string
	// RestoredAt is when the copy was put back as a whole with the others
	// (MarkRestored); zero if it was not.
	RestoredAt time.Time
	// Pending holds, for each database of the set, the ids of the
	// messages in its outbox at that instant: part of its state, whether
	// or not they were published before it.
	Pending map[string][]string
}

type stampOf struct {
	takenAt   time.Time
	databases []string
	pending   map[string][]string
}

// stamp marks the copy at path, in one transaction; the copy is left in
// rollback-journal mode, a single file. It does not sync: the caller syncs
// the file once, when it is complete.
func stamp(ctx context.Context, path string, st stampOf) error {
	db, err := openUnsynced(path)
	if err != nil {
		return fmt.Errorf("stamp %s: %w", path, err)
	}
	_, err = db.ExecContext(ctx, "PRAGMA journal_mode = DELETE")
	if err == nil {
		err = inTx(ctx, db, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, createSQL); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, insertSQL, st.takenAt.UnixMilli(), strings.Join(st.databases, ",")); err != nil {
				return err
			}
			for name, ids := range st.pending {
				for _, id := range ids {
					if _, err := tx.ExecContext(ctx, pendingSQL, name, id); err != nil {
						return err
					}
				}
			}
			return nil
		})
	}
	if err = errors.Join(err, db.Close()); err != nil {
		return fmt.Errorf("stamp %s: %w", path, err)
	}
	return nil
}

// openUnsynced opens one connection to path that does not sync (the
// caller syncs the file once it is complete).
func openUnsynced(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite3", path+"?_sync=OFF")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

func inTx(ctx context.Context, db *sql.DB, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}

// MarkRestored records in the copy at path, just put back into a data
// directory together with the other databases of its stamp, when that
// was. A service started on it then treats what the others published
// between the backup and the restore as lost with them (see Stamp).
func MarkRestored(ctx context.Context, path string, at time.Time) error {
	db, err := openUnsynced(path)
	if err != nil {
		return fmt.Errorf("mark %s restored: %w", path, err)
	}
	_, err = db.ExecContext(ctx, restoredSQL, at.UnixMilli())
	if err = errors.Join(err, db.Close()); err != nil {
		return fmt.Errorf("mark %s restored: %w", path, err)
	}
	return syncFile(path)
}

// Querier is what Stamped reads with: a *sql.DB, *sqlx.DB or a transaction.
type Querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Stamped returns the stamp of db if it is a copy made by this package: a
// database restored from a backup that the service has not yet caught up
// (see Unstamp).
func Stamped(ctx context.Context, db Querier) (Stamp, bool, error) {
	var n int
	if err := db.QueryRowContext(ctx, existsSQL).Scan(&n); err != nil {
		return Stamp{}, false, fmt.Errorf("read backup stamp: %w", err)
	}
	if n == 0 {
		return Stamp{}, false, nil
	}
	var (
		taken     int64
		databases string
		restored  sql.NullInt64
	)
	err := db.QueryRowContext(ctx, readSQL).Scan(&taken, &databases, &restored)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Stamp{}, true, nil
	case err != nil:
		return Stamp{}, false, fmt.Errorf("read backup stamp: %w", err)
	}
	st := Stamp{TakenAt: time.UnixMilli(taken).UTC(), Databases: strings.Split(databases, ","), Pending: map[string][]string{}}
	if restored.Valid {
		st.RestoredAt = time.UnixMilli(restored.Int64).UTC()
	}
	rows, err := db.QueryContext(ctx, readPendingSQL)
	if err != nil {
		return Stamp{}, false, fmt.Errorf("read backup stamp: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, id string
		if err := rows.Scan(&name, &id); err != nil {
			return Stamp{}, false, fmt.Errorf("read backup stamp: %w", err)
		}
		st.Pending[name] = append(st.Pending[name], id)
	}
	if err := rows.Err(); err != nil {
		return Stamp{}, false, fmt.Errorf("read backup stamp: %w", err)
	}
	return st, true, nil
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
