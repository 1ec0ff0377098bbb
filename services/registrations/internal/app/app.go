// Package app holds the registrations service's use cases. It decides who
// may do what from the caller's identity in the context; each change runs
// in one write transaction with the outbox messages announcing it. The
// writer runs the functions of write transactions one at a time, so the
// seat counts read in one cannot change before the registration they
// decide is written: capacity is never exceeded.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"plein.dev/platform/identity"
	"plein.dev/platform/outbox"
	"plein.dev/platform/seal"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
	"plein.dev/registrations/internal/bus"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

// App runs the use cases against one database.
type App struct {
	db  *sqlite.DB
	log *slog.Logger
	now func() time.Time
	// keys seal each new manage token for the notifications service's
	// e-mail; nil seals none (the e-mail then has no manage link).
	keys *seal.Keyring

	// shred deletes an erased person's key from the bus; nil leaves the
	// bus alone (tests without NATS).
	shred func(ctx context.Context, keyID string) error

	secretMu sync.Mutex
	secret   []byte // derives manage tokens; see tokenSecret
}

// New returns an App; now is the clock.
func New(db *sqlite.DB, log *slog.Logger, now func() time.Time) *App {
	return &App{db: db, log: log, now: now}
}

// SealTokensWith makes the app seal each new manage token with keys into
// the message announcing the registration (PLEIN_SEAL_KEY), so that the
// notifications service can put it in the e-mailed link; it returns a.
func (a *App) SealTokensWith(keys *seal.Keyring) *App {
	a.keys = keys
	return a
}

// sealToken returns the manage token of a new registration sealed for its
// e-mail, "" without keys.
func (a *App) sealToken(token, registrationID string) string {
	if a.keys == nil {
		return ""
	}
	return a.keys.Seal(token, registrationID)
}

// manages reports whether the caller is an organiser of one of the
// event's owners (or an organiser who is also an administrator).
func manages(ctx context.Context, ev domain.Event) bool {
	id := identity.FromContext(ctx)
	return id.Has(identity.RoleOrganiser) && id.Manages(ev.Owners...)
}

// managedEvent returns the event if the caller manages it, and
// ErrNotFound otherwise: another organisation's attendees are none of the
// caller's business, not even that the event exists.
func managedEvent(ctx context.Context, q store.Queryer, id string) (domain.Event, error) {
	ev, err := store.GetEvent(ctx, q, id)
	if err != nil {
		return domain.Event{}, err
	}
	if !manages(ctx, ev) {
		return domain.Event{}, fmt.Errorf("event %s, of other organisations: %w", id, domain.ErrNotFound)
	}
	return ev, nil
}

// opens reports whether the caller may read or change reg, of event ev:
// an organiser managing the event, or whoever holds its manage token. To
// anyone else it does not exist.
func opens(ctx context.Context, reg domain.Registration, ev domain.Event, token string) bool {
	return manages(ctx, ev) || domain.TokenMatches(reg.TokenHash, token)
}

// announce adds the message s about reg to the outbox.
func (a *App) announce(ctx context.Context, tx sqlite.Tx, s subject.Subject, reg domain.Registration, ev domain.Event) error {
	return a.announceWith(ctx, tx, s, reg, ev, "")
}

// announceWith adds the message s about reg to the outbox, with the
// sealed manage token (at the registration's creation) and the SEQUENCE of
// its calendar file for the e-mail.
func (a *App) announceWith(ctx context.Context, tx sqlite.Tx, s subject.Subject, reg domain.Registration, ev domain.Event, sealedToken string) error {
	seq, err := a.calendarSequenceIn(ctx, tx, reg, ev)
	if err != nil {
		return err
	}
	key, err := a.personKey(ctx, tx, reg)
	if err != nil {
		return err
	}
	msg, err := bus.RegistrationChanged(s, reg, ev, bus.ForMail{SealedToken: sealedToken, CalendarSequence: seq,
		PersonKey: key}, a.now())
	if err != nil {
		return err
	}
	if _, err := outbox.Add(ctx, tx, msg); err != nil {
		return fmt.Errorf("announce registration %s %s: %w", reg.ID, s.Verb(), err)
	}
	return nil
}
