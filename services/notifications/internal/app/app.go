// Package app is what the notifications service does: it turns registration
// changes into queued e-mails and lists the e-mail log.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/email"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

// Service queues and lists e-mails.
type Service struct {
	db      *sqlite.DB
	notices domain.Notices
	from    mail.Address
	log     *slog.Logger
	now     func() time.Time
}

// New returns the service. from is the From of every e-mail; its domain
// also ends the Message-IDs.
func New(db *sqlite.DB, notices domain.Notices, from mail.Address, log *slog.Logger, now func() time.Time) *Service {
	return &Service{db: db, notices: notices, from: from, log: log, now: now}
}

// ApplyRegistration queues, within tx, the e-mail a registration change
// calls for, once per change: a change seen before queues nothing.
// A change no e-mail can be made of is an error wrapping domain.ErrInvalid.
func (s *Service) ApplyRegistration(ctx context.Context, tx *sqlx.Tx, c domain.Change) error {
	if c.Verb == domain.VerbErased {
		// The person's data was erased: forget the address in the log and
		// send nothing still queued for them.
		return store.EraseRegistration(ctx, tx, c.RegistrationID)
	}
	n, ok, err := s.notices.For(c)
	if err != nil {
		return fmt.Errorf("registration %s %s: %w", c.RegistrationID, c.Verb, err)
	}
	if !ok {
		return nil
	}
	to, err := mail.ParseAddress(c.Email)
	if err != nil {
		// The address is left out of the error: errors are logged.
		return fmt.Errorf("registration %s: unusable e-mail address: %w", c.RegistrationID, domain.ErrInvalid)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("new e-mail id: %w", err)
	}
	now := s.now().UTC()
	msg := email.Message{
		ID:       id.String() + "@" + hostOf(s.from.Address),
		Date:     now,
		From:     s.from,
		To:       mail.Address{Name: c.Name, Address: to.Address},
		Subject:  n.Subject,
		Body:     n.Body,
		Language: "nl",
	}
	data, err := msg.Bytes()
	if err != nil {
		return fmt.Errorf("registration %s: compose %s: %w: %w", c.RegistrationID, n.Kind, err, domain.ErrInvalid)
	}
	e := store.Email{ID: id.String(), To: to.Address, Subject: n.Subject, Kind: n.Kind,
		RegistrationID: c.RegistrationID, EventID: c.EventID, CreatedAt: now}
	queued, err := store.Enqueue(ctx, tx, e, c.Cause(n.Kind), store.Outgoing{
		EnvelopeFrom: s.from.Address, EnvelopeTo: to.Address, Message: data})
	if err != nil {
		return err
	}
	log := s.log.With(slog.String("registration_id", c.RegistrationID), slog.String("kind", string(n.Kind)))
	if !queued {
		log.Debug("e-mail for this change already queued")
		return nil
	}
	log.Info("e-mail queued", slog.String("email_id", e.ID))
	return nil
}

// List returns a page of the e-mail log.
func (s *Service) List(ctx context.Context, f store.Filter) ([]store.Email, error) {
	return store.List(ctx, s.db.R, f)
}

func hostOf(addr string) string {
	if at := strings.LastIndexByte(addr, '@'); at >= 0 && at < len(addr)-1 {
		return addr[at+1:]
	}
	return "plein.local"
}
