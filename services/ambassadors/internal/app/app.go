// Package app holds the ambassadors service's use cases: each decides who
// may call it (from the identity in the context), reads and changes the
// store, and writes the domain event it causes to the outbox in one
// transaction. It also applies what other services announce (credit.go)
// and the rounds of the background sweep (sweep.go).
package app

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/platform/outbox"
	"plein.dev/platform/seal"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/zone"
)

// App runs the use cases against one database.
type App struct {
	db  *sqlite.DB
	log *slog.Logger
	now func() time.Time
	// keys seal the ambassadors' addresses in the messages (SealWith).
	keys *seal.Keyring
	// shred deletes a person's data key from the bus (ShredKeysWith).
	shred func(ctx context.Context, keyID string) error
}

// New returns an App; now is the clock (time.Now in production). Calendar
// days are days in zone.Amsterdam.
func New(db *sqlite.DB, log *slog.Logger, now func() time.Time) *App {
	return &App{db: db, log: log, now: now}
}

// SealWith makes the app seal the ambassadors' e-mail addresses in its
// messages with keys (PLEIN_SEAL_KEY, which the notifications service opens
// them with); without keys the messages carry no address.
func (s *App) SealWith(keys *seal.Keyring) { s.keys = keys }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// stamp is the time recorded for a change: UTC, whole seconds as stored.
func (s *App) stamp() time.Time { return s.now().UTC().Truncate(time.Second) }

// Today is the current day in Amsterdam.
func (s *App) Today() domain.Date { return domain.DateOf(s.now(), zone.Amsterdam) }

// publish adds msg, built with err, to the outbox in tx.
func (s *App) publish(ctx context.Context, tx sqlite.Tx, msg outbox.Message, err error) error {
	if err != nil {
		return err
	}
	if _, err := outbox.Add(ctx, tx, msg); err != nil {
		return fmt.Errorf("announce %s: %w", msg.Subject, err)
	}
	return nil
}

func equalFold(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}
