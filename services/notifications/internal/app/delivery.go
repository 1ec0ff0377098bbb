package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"time"

	gomail "github.com/wneessen/go-mail"

	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/email"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

const (
	// batch is how many due mails a round sends over one connection.
	batch = 50
	// recordTimeout bounds recording the outcome of a batch.
	recordTimeout = 30 * time.Second
	// maxRetry is the longest wait between attempts; after maxAttempts
	// attempts (about a day) the e-mail is marked failed.
	maxRetry    = time.Hour
	maxAttempts = 30
)

// DefaultFirstRetry is the wait after a first failed attempt.
const DefaultFirstRetry = 10 * time.Second

// DeliveryWake receives when mail may be due: after WakeDelivery (wired to
// every commit of the database, so mail a consumer queued goes out at
// once) and when a retry falls due. The delivery loop takes it as its Wake.
func (s *App) DeliveryWake() <-chan struct{} { return s.wake }

// WakeDelivery wakes the delivery loop without blocking.
func (s *App) WakeDelivery() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Deliver is a round of the delivery loop: it writes every mail due now
// and hands it to the sender a batch at a time (stopping between mails
// when ctx ends), records the outcomes of a batch in one transaction, and
// arranges to be woken when the next queued mail falls due. Outcomes are
// recorded even when ctx just ended, so that a mail handed over is not
// sent again at the next start.
func (s *App) Deliver(ctx context.Context) error {
	for ctx.Err() == nil {
		due, err := store.Due(ctx, s.db.R, s.now(), batch)
		if err != nil {
			return err
		}
		if len(due) == 0 {
			break
		}
		if err := s.deliver(ctx, due); err != nil {
			return err
		}
		if len(due) < batch {
			break
		}
	}
	at, ok, err := store.NextDue(ctx, s.db.R)
	if err != nil || !ok {
		return err
	}
	s.wakeAt(at)
	return nil
}

// wakeAt wakes the delivery loop at at (replacing an earlier such wake-up).
func (s *App) wakeAt(at time.Time) {
	s.retryMu.Lock()
	defer s.retryMu.Unlock()
	if s.retry != nil {
		s.retry.Stop()
	}
	s.retry = time.AfterFunc(max(at.Sub(s.now()), 0), s.WakeDelivery)
}

// deliver writes and sends one batch and records what became of each
// mail. It returns an error only when the outcomes could not be recorded.
func (s *App) deliver(ctx context.Context, due []store.Queued) error {
	outcome := make([]error, len(due))
	spans := s.sendSpans(ctx, due) // trace.go
	defer endSendSpans(spans, outcome)
	var mails []delivery.Mail
	var sent []int // the index in due of each mail
	for i, q := range due {
		msg, err := s.write(q)
		if err != nil {
			outcome[i] = &delivery.Error{Step: "compose", Detail: err.Error(), Permanent: true}
			continue
		}
		mails = append(mails, delivery.Mail{ID: q.EmailID, Created: q.CreatedAt, Msg: msg})
		sent = append(sent, i)
	}
	for j, err := range s.mail.Sender.Send(ctx, mails) {
		outcome[sent[j]] = err
	}
	recCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	now := s.now()
	err := s.db.InTx(recCtx, func(tx sqlite.Tx) error {
		for i, q := range due {
			if err := s.record(recCtx, tx, q.Outgoing, outcome[i], now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record a batch of %d e-mails (those sent will be sent again): %w", len(due), err)
	}
	for i, q := range due {
		s.logOutcome(q.Outgoing, outcome[i])
		s.countOutcome(outcome[i])
	}
	written := make([]string, len(mails))
	for j, m := range mails {
		written[j] = m.ID
	}
	return s.removeErased(recCtx, written) // erasure.go
}

// record writes, within tx, what became of one mail.
func (s *App) record(ctx context.Context, tx sqlite.Tx, o domain.Outgoing, err error, now time.Time) error {
	attempts := o.Attempts + 1
	switch {
	case err == nil:
		return store.MarkSent(ctx, tx, o.EmailID, now)
	case errors.Is(err, delivery.ErrNotTried):
		return nil
	case delivery.IsPermanent(err) || attempts >= maxAttempts:
		return store.MarkFailed(ctx, tx, o.EmailID, failure(err))
	default:
		return store.Retry(ctx, tx, o.EmailID, now.Add(s.retryDelay(attempts)), failure(err))
	}
}

func (s *App) logOutcome(o domain.Outgoing, err error) {
	log := s.log.With(slog.String("email_id", o.EmailID), slog.Int("attempts", o.Attempts+1))
	switch {
	case err == nil:
		log.Info("e-mail sent")
	case errors.Is(err, delivery.ErrNotTried):
	case delivery.IsPermanent(err) || o.Attempts+1 >= maxAttempts:
		log.Error("e-mail not delivered", slog.Any("err", err))
	default:
		log.Warn("e-mail not sent, will retry", slog.Duration("retry_in", s.retryDelay(o.Attempts+1)),
			slog.Any("err", err))
	}
}

// failure is what the log keeps of a failed attempt.
func failure(err error) domain.Failure {
	var de *delivery.Error
	if errors.As(err, &de) {
		return domain.Failure{Step: de.Step, Code: de.Code, Detail: de.Detail}
	}
	return domain.Failure{Step: "send", Detail: err.Error()}
}

// write writes the message of a queued e-mail, opening its manage token.
func (s *App) write(q store.Queued) (*gomail.Msg, error) {
	if q.Unreadable != nil {
		return nil, q.Unreadable
	}
	if q.Composed != nil {
		// Queued before letters were: sent as it was composed then.
		return gomail.EMLToMsgFromReader(bytes.NewReader(q.Composed))
	}
	l := q.Letter
	content, err := s.mail.Writer.Write(l, s.token(l), q.CreatedAt)
	if err != nil {
		return nil, err
	}
	return email.Compose(email.Envelope{
		MessageID: q.EmailID + "@" + hostOf(s.mail.From.Address),
		Date:      q.CreatedAt,
		From:      s.mail.From,
		To:        mail.Address{Name: l.To.Name, Address: q.EnvelopeTo},
	}, content)
}

// token opens the manage token of a letter to an attendee; "" when there
// is none or it does not open (the e-mail then says where the link is).
// For a digest it is the unsubscribe token.
func (s *App) token(l domain.Letter) string {
	if l.Organiser != nil {
		return s.unsubscribeToken(l)
	}
	r := l.Registration
	if r == nil || r.SealedToken == "" {
		return ""
	}
	if s.mail.Keys == nil {
		s.log.Warn("no PLEIN_SEAL_KEY: the e-mail goes without manage link", "registration_id", r.ID)
		return ""
	}
	token, err := s.mail.Keys.Open(r.SealedToken, r.ID)
	if err != nil {
		s.log.Warn("manage token does not open with PLEIN_SEAL_KEY: the e-mail goes without manage link",
			"registration_id", r.ID, "err", err)
		return ""
	}
	return token
}

// retryDelay is the wait after the given number of failed attempts.
func (s *App) retryDelay(attempts int) time.Duration {
	d := s.mail.FirstRetry
	if d <= 0 {
		d = DefaultFirstRetry
	}
	for i := 1; i < attempts && d < maxRetry; i++ {
		d *= 2
	}
	return min(d, maxRetry)
}
