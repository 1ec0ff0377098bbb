package inbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/platform/sqlite"
)

// Result tells what Apply did with a message.
type Result int

// Results of Apply.
const (
	// Applied: the handler ran and its transaction committed.
	Applied Result = iota + 1
	// Duplicate: the message id was already recorded; nothing done.
	Duplicate
	// Stale: the aggregate's version applied is at least the message's;
	// only the id was recorded.
	Stale
)

func (r Result) String() string {
	switch r {
	case Applied:
		return "applied"
	case Duplicate:
		return "duplicate"
	case Stale:
		return "stale"
	}
	return "unknown"
}

// A message's id is recorded first and its aggregate's version raised next,
// each in one statement whose count of changed rows says whether the
// message is new and newer; the handler runs after both, and when it fails
// the savepoint (or the call's) takes both back.
const (
	recordSQL = `INSERT INTO inbox (consumer, msg_id, received_at) VALUES (?, ?, ?)
ON CONFLICT (consumer, msg_id) DO NOTHING`
	advanceSQL = `INSERT INTO inbox_versions (consumer, aggregate, version) VALUES (?, ?, ?)
ON CONFLICT (consumer, aggregate) DO UPDATE SET version = excluded.version
WHERE excluded.version > inbox_versions.version`
)

// Apply processes m for consumer in one transaction of db: a message id
// already recorded is skipped; a versioned message (Aggregate set,
// Version > 0) not newer than the version applied for its aggregate is only
// recorded; otherwise h runs, the aggregate's version is raised and the id
// recorded. A handler error rolls everything back and is returned.
//
// Run does the same for the messages it receives together in one
// transaction, each in a savepoint of its own; tests of handlers may call
// Apply directly.
func Apply(ctx context.Context, db *sqlite.DB, consumer string, h Handler, m Message) (Result, error) {
	var res Result
	err := db.InTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		res, err = apply(ctx, tx, consumer, h, m)
		return err
	})
	if err != nil {
		return 0, err
	}
	return res, nil
}

const (
	savepointSQL  = "SAVEPOINT plein_msg"
	releaseSQL    = "RELEASE plein_msg"
	rollbackToSQL = "ROLLBACK TO plein_msg; RELEASE plein_msg"
)

// applyInSavepoint applies m within tx in a savepoint of its own, so that a
// failing message leaves the others of its transaction as they are.
func applyInSavepoint(ctx context.Context, tx *sqlx.Tx, consumer string, h Handler, m Message) (Result, error) {
	if _, err := tx.ExecContext(ctx, savepointSQL); err != nil {
		return 0, fmt.Errorf("savepoint for %s: %w", m.ID, err)
	}
	res, err := apply(ctx, tx, consumer, h, m)
	if err != nil {
		if _, rbErr := tx.ExecContext(ctx, rollbackToSQL); rbErr != nil {
			return 0, errors.Join(err, fmt.Errorf("roll back to savepoint: %w", rbErr))
		}
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, releaseSQL); err != nil {
		return 0, fmt.Errorf("release savepoint of %s: %w", m.ID, err)
	}
	return res, nil
}

// apply processes m within tx (see Apply).
func apply(ctx context.Context, tx *sqlx.Tx, consumer string, h Handler, m Message) (Result, error) {
	recorded, err := changed(tx.ExecContext(ctx, recordSQL, consumer, m.ID, time.Now().UnixMilli()))
	if err != nil {
		return 0, fmt.Errorf("record message id: %w", err)
	}
	if !recorded {
		return Duplicate, nil
	}
	if m.Aggregate != "" && m.Version > 0 {
		newer, err := changed(tx.ExecContext(ctx, advanceSQL, consumer, m.Aggregate, m.Version))
		if err != nil {
			return 0, fmt.Errorf("store aggregate version: %w", err)
		}
		if !newer {
			return Stale, nil
		}
	}
	if err := call(ctx, tx, h, m); err != nil {
		return 0, fmt.Errorf("handle %s (%s): %w", m.Subject, m.ID, err)
	}
	return Applied, nil
}

// changed reports whether the statement changed a row.
func changed(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// call runs h, turning a panic into an error, so that a message that makes
// its handler panic fails (and is given up after its attempts) instead of
// stopping the service at every delivery.
func call(ctx context.Context, tx *sqlx.Tx, h Handler, m Message) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("handler panicked: %v", v)
		}
	}()
	return h(ctx, tx, m)
}
