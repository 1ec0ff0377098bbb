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

// DeadLetter is a message a consumer gave up on: it failed Spec.Attempts
// times, or failed permanently. It keeps the payload, so that Retry can
// apply it once the cause is fixed.
type DeadLetter struct {
	ID        int64  `db:"id"`
	Consumer  string `db:"consumer"`
	Stream    string `db:"stream"`
	StreamSeq uint64 `db:"stream_seq"`
	Subject   string `db:"subject"`
	MsgID     string `db:"msg_id"`
	Aggregate string `db:"aggregate"`
	Version   int64  `db:"version"`
	Payload   []byte `db:"payload"`
	// Error is the last failure.
	Error    string `db:"error"`
	Attempts int    `db:"attempts"`
	// FirstFailed and LastFailed are unix milliseconds.
	FirstFailed int64 `db:"first_failed_at"`
	LastFailed  int64 `db:"last_failed_at"`
}

// Message is the message d keeps.
func (d DeadLetter) Message() Message {
	return Message{ID: d.MsgID, Subject: d.Subject, Aggregate: d.Aggregate, Version: d.Version, Data: d.Payload}
}

// ConsumerCount tells, for one consumer, how many dead letters wait and
// how many it ever gave up on.
type ConsumerCount struct {
	Consumer string `db:"consumer"`
	Waiting  int64  `db:"waiting"`
	Total    int64  `db:"total"`
}

// Errors of Retry.
var (
	// ErrNoDeadLetter: no dead letter has the id (retried already?).
	ErrNoDeadLetter = errors.New("no such dead letter")
	// ErrFailedAgain: the handler failed again; the dead letter stays,
	// with the new error and one attempt more.
	ErrFailedAgain = errors.New("the message failed again")
)

const (
	failureSQL = `INSERT INTO inbox_failures (consumer, msg_id, first_failed_at) VALUES (?, ?, ?)
ON CONFLICT (consumer, msg_id) DO NOTHING`
	firstFailureSQL  = `SELECT first_failed_at FROM inbox_failures WHERE consumer = ? AND msg_id = ?`
	forgetFailureSQL = `DELETE FROM inbox_failures WHERE consumer = ? AND msg_id = ?`
	burySQL          = `INSERT INTO dead_letters (consumer, stream, stream_seq, subject, msg_id, aggregate, version,
    payload, error, attempts, first_failed_at, last_failed_at)
VALUES (:consumer, :stream, :stream_seq, :subject, :msg_id, :aggregate, :version,
    :payload, :error, :attempts, :first_failed_at, :last_failed_at)
ON CONFLICT (consumer, msg_id) DO UPDATE SET error = excluded.error,
    attempts = dead_letters.attempts + excluded.attempts, last_failed_at = excluded.last_failed_at`
	buriedSQL      = `SELECT EXISTS (SELECT 1 FROM dead_letters WHERE consumer = ? AND msg_id = ?)`
	countBuriedSQL = `INSERT INTO dead_letter_totals (consumer, total) VALUES (?, 1)
ON CONFLICT (consumer) DO UPDATE SET total = total + 1`
	pruneFailuresSQL = `DELETE FROM inbox_failures WHERE consumer = ? AND first_failed_at < ?`
)

// noteFailure records, within tx, when m first failed for consumer; a
// message that fails again keeps its first time.
func noteFailure(ctx context.Context, tx *sqlx.Tx, consumer string, m Message, now time.Time) error {
	if _, err := tx.ExecContext(ctx, failureSQL, consumer, m.ID, now.UnixMilli()); err != nil {
		return fmt.Errorf("note failure of %s: %w", m.ID, err)
	}
	return nil
}

// bury moves m to the dead letters within tx, after its last failed
// attempt (cause); the message is terminated once tx committed.
func bury(ctx context.Context, tx *sqlx.Tx, d DeadLetter, cause error, now time.Time) error {
	d.Error = cause.Error()
	d.LastFailed = now.UnixMilli()
	d.FirstFailed = d.LastFailed
	err := tx.GetContext(ctx, &d.FirstFailed, firstFailureSQL, d.Consumer, d.MsgID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read first failure of %s: %w", d.MsgID, err)
	}
	if _, err := tx.ExecContext(ctx, forgetFailureSQL, d.Consumer, d.MsgID); err != nil {
		return fmt.Errorf("forget failures of %s: %w", d.MsgID, err)
	}
	if d.Payload == nil {
		d.Payload = []byte{}
	}
	// A message given up again — delivered anew because its termination
	// after the commit was lost — is the same dead letter, counted once.
	var buried bool
	if err := tx.GetContext(ctx, &buried, buriedSQL, d.Consumer, d.MsgID); err != nil {
		return fmt.Errorf("look up dead letter %s: %w", d.MsgID, err)
	}
	if _, err := tx.NamedExecContext(ctx, burySQL, d); err != nil {
		return fmt.Errorf("store dead letter %s: %w", d.MsgID, err)
	}
	if buried {
		return nil
	}
	if _, err := tx.ExecContext(ctx, countBuriedSQL, d.Consumer); err != nil {
		return fmt.Errorf("count dead letter %s: %w", d.MsgID, err)
	}
	return nil
}

const listSQL = `SELECT id, consumer, stream, stream_seq, subject, msg_id, aggregate, version, payload, error,
    attempts, first_failed_at, last_failed_at
FROM dead_letters ORDER BY id LIMIT ?`

// DeadLetters returns the oldest limit dead letters of db, oldest first.
func DeadLetters(ctx context.Context, db *sqlite.DB, limit int) ([]DeadLetter, error) {
	var out []DeadLetter
	if err := db.R.SelectContext(ctx, &out, listSQL, limit); err != nil {
		return nil, fmt.Errorf("list dead letters: %w", err)
	}
	return out, nil
}

const countsSQL = `SELECT t.consumer, t.total, COUNT(d.id) AS waiting
FROM dead_letter_totals t LEFT JOIN dead_letters d ON d.consumer = t.consumer
GROUP BY t.consumer ORDER BY t.consumer`

// Counts returns, per consumer that ever gave up on a message, how many
// dead letters wait and how many there were in all.
func Counts(ctx context.Context, db *sqlite.DB) ([]ConsumerCount, error) {
	var out []ConsumerCount
	if err := db.R.SelectContext(ctx, &out, countsSQL); err != nil {
		return nil, fmt.Errorf("count dead letters: %w", err)
	}
	return out, nil
}

const (
	getSQL = `SELECT id, consumer, stream, stream_seq, subject, msg_id, aggregate, version, payload, error,
    attempts, first_failed_at, last_failed_at
FROM dead_letters WHERE id = ?`
	deleteSQL    = `DELETE FROM dead_letters WHERE id = ?`
	failAgainSQL = `UPDATE dead_letters SET error = ?, attempts = attempts + 1, last_failed_at = ? WHERE id = ?`
)

// Retry applies dead letter id again, with the handler of its consumer
// (handler tells it by stream and durable name, false for a consumer the
// service no longer has),
// through the inbox like a delivery: in one transaction that removes the
// dead letter. When the handler fails again the dead letter stays, with the
// new error and one attempt more, and the error wraps ErrFailedAgain.
func Retry(ctx context.Context, db *sqlite.DB, id int64, handler func(stream, durable string) (Handler, bool)) (Result, error) {
	var (
		res    Result
		failed error
	)
	err := db.InTx(ctx, func(tx *sqlx.Tx) error {
		var d DeadLetter
		if err := tx.GetContext(ctx, &d, getSQL, id); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("dead letter %d: %w", id, ErrNoDeadLetter)
			}
			return fmt.Errorf("read dead letter %d: %w", id, err)
		}
		h, ok := handler(d.Stream, d.Consumer)
		if !ok {
			failed = fmt.Errorf("consumer %s of %s is gone", d.Consumer, d.Stream)
		} else {
			var err error
			res, err = applyInSavepoint(ctx, tx, d.Consumer, h, d.Message())
			if err != nil {
				failed = err
			}
		}
		if failed != nil {
			_, err := tx.ExecContext(ctx, failAgainSQL, failed.Error(), time.Now().UnixMilli(), id)
			return err
		}
		_, err := tx.ExecContext(ctx, deleteSQL, id)
		return err
	})
	switch {
	case err != nil:
		return 0, err
	case failed != nil:
		return 0, fmt.Errorf("retry dead letter %d: %w: %w", id, ErrFailedAgain, failed)
	}
	return res, nil
}

// Discard drops dead letter id without applying it, and returns it.
func Discard(ctx context.Context, db *sqlite.DB, id int64) (DeadLetter, error) {
	var d DeadLetter
	err := db.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := tx.GetContext(ctx, &d, getSQL, id); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("dead letter %d: %w", id, ErrNoDeadLetter)
			}
			return fmt.Errorf("read dead letter %d: %w", id, err)
		}
		_, err := tx.ExecContext(ctx, deleteSQL, id)
		return err
	})
	if err != nil {
		return DeadLetter{}, err
	}
	return d, nil
}
