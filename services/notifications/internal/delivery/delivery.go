// Package delivery sends queued e-mails: a Dispatcher takes them from the
// mail queue after the transaction that queued them committed and hands
// them to a Sender, which writes .eml files (Files) or talks to an SMTP
// server (SMTP).
package delivery

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

// Mail is a composed e-mail with its envelope.
type Mail struct {
	// ID is the e-mail's id in the log.
	ID string
	// From and To are the envelope addresses (SMTP MAIL FROM and RCPT TO).
	From, To string
	// Created is when the e-mail was queued; it does not change between
	// attempts.
	Created time.Time
	// Message is the RFC 5322 message.
	Message []byte
}

// Sender hands a mail on. Sending the same mail twice should be harmless
// where the medium allows (Files overwrites, SMTP keeps the Message-ID).
type Sender interface {
	Send(ctx context.Context, m Mail) error
}

// ErrPermanent marks a mail that will never be accepted (e.g. an SMTP 5xx
// answer to the recipient); it is not tried again.
var ErrPermanent = errors.New("permanent delivery failure")

const (
	batch       = 50
	sendTimeout = 30 * time.Second
	// firstRetry doubles with each failed attempt up to maxRetry; after
	// maxAttempts attempts (about a day) the e-mail is marked failed.
	firstRetry  = 10 * time.Second
	maxRetry    = time.Hour
	maxAttempts = 30
	// poll is how often the queue is looked at when nothing wakes the
	// dispatcher, in case a wake-up was missed.
	poll = time.Minute
	// errorWait is the pause after the queue could not be read or updated.
	errorWait = 5 * time.Second
)

// Dispatcher delivers the mail queue.
type Dispatcher struct {
	db     *sqlite.DB
	sender Sender
	log    *slog.Logger
	now    func() time.Time
	wake   chan struct{}
}

// NewDispatcher returns a dispatcher for db's mail queue. Every committed
// transaction of db wakes it.
func NewDispatcher(db *sqlite.DB, sender Sender, log *slog.Logger, now func() time.Time) *Dispatcher {
	d := &Dispatcher{db: db, sender: sender, log: log.With(slog.String("component", "delivery")),
		now: now, wake: make(chan struct{}, 1)}
	db.OnCommit(d.Notify)
	return d
}

// Notify wakes the dispatcher without blocking.
func (d *Dispatcher) Notify() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run delivers due mail until ctx is done. A mail being sent when ctx ends
// is finished first (within the send timeout), so that it is not sent
// again at the next start.
func (d *Dispatcher) Run(ctx context.Context) {
	for {
		wait := poll
		if err := d.DeliverDue(ctx); err != nil {
			if ctx.Err() == nil {
				d.log.Warn("delivering mail", slog.Any("err", err))
			}
			// The database failed; do not spin on it.
			wait = errorWait
		} else if at, ok, err := store.NextDue(ctx, d.db.R); err == nil && ok {
			wait = min(max(at.Sub(d.now()), 0), poll)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-d.wake:
			t.Stop()
		case <-t.C:
		}
	}
}

// DeliverDue sends every mail due now, stopping early when ctx ends.
func (d *Dispatcher) DeliverDue(ctx context.Context) error {
	for ctx.Err() == nil {
		due, err := store.Due(ctx, d.db.R, d.now(), batch)
		if err != nil {
			return err
		}
		for _, o := range due {
			if ctx.Err() != nil {
				return nil
			}
			if err := d.deliver(ctx, o); err != nil {
				return err
			}
		}
		if len(due) < batch {
			return nil
		}
	}
	return nil
}

// deliver makes one attempt. It returns an error only when the outcome
// could not be recorded.
func (d *Dispatcher) deliver(ctx context.Context, o store.Outgoing) error {
	log := d.log.With(slog.String("email_id", o.EmailID))
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sendTimeout)
	err := d.sender.Send(sendCtx, Mail{ID: o.EmailID, From: o.EnvelopeFrom, To: o.EnvelopeTo,
		Created: o.CreatedAt, Message: o.Message})
	cancel()
	// The outcome is recorded even when ctx just ended.
	recCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sendTimeout)
	defer cancel()
	attempts := o.Attempts + 1
	switch {
	case err == nil:
		if err := d.db.InTx(recCtx, func(tx *sqlx.Tx) error {
			return store.MarkSent(recCtx, tx, o.EmailID, d.now())
		}); err != nil {
			return fmt.Errorf("e-mail %s sent but not recorded (it will be sent again): %w", o.EmailID, err)
		}
		log.Info("e-mail sent", slog.Int("attempts", attempts))
		return nil
	case errors.Is(err, ErrPermanent) || attempts >= maxAttempts:
		reason := err.Error()
		if !errors.Is(err, ErrPermanent) {
			reason = fmt.Sprintf("gave up after %d attempts: %s", attempts, reason)
		}
		if rerr := d.db.InTx(recCtx, func(tx *sqlx.Tx) error {
			return store.MarkFailed(recCtx, tx, o.EmailID, reason)
		}); rerr != nil {
			return rerr
		}
		log.Error("e-mail not delivered", slog.Int("attempts", attempts), slog.Any("err", err))
		return nil
	default:
		delay := retryDelay(attempts)
		if rerr := d.db.InTx(recCtx, func(tx *sqlx.Tx) error {
			return store.Retry(recCtx, tx, o.EmailID, d.now().Add(delay), err.Error())
		}); rerr != nil {
			return rerr
		}
		log.Warn("e-mail not sent, will retry", slog.Int("attempts", attempts),
			slog.Duration("retry_in", delay), slog.Any("err", err))
		return nil
	}
}

// retryDelay is the wait after the given number of failed attempts.
func retryDelay(attempts int) time.Duration {
	d := firstRetry
	for i := 1; i < attempts && d < maxRetry; i++ {
		d *= 2
	}
	return min(d, maxRetry)
}
