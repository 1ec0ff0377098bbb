package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"

	"github.com/google/uuid"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/email"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/rule"
	"plein.dev/platform/sqlite"
)

// ApplyRegistration queues, within tx, the e-mail a registration change
// calls for, once per change: a change seen before queues nothing. A
// change no e-mail can be made of is refused with a *rule.Error.
func (s *App) ApplyRegistration(ctx context.Context, tx sqlite.Tx, c domain.Change) error {
	n, ok, err := s.mail.Notices.For(c)
	if err != nil {
		return fmt.Errorf("registration %s: %w", c.RegistrationID, err)
	}
	if !ok {
		return nil
	}
	to, err := mail.ParseAddress(c.Email)
	if err != nil {
		// The address is left out of the error: errors are logged.
		return fmt.Errorf("registration %s: %w", c.RegistrationID,
			rule.InvalidField("email", "is not a usable e-mail address"))
	}
	id, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("new e-mail id: %w", err)
	}
	now := s.now().UTC()
	msg := email.Message{
		ID:       id.String() + "@" + hostOf(s.mail.From.Address),
		Date:     now,
		From:     s.mail.From,
		To:       mail.Address{Name: c.Name, Address: to.Address},
		Subject:  n.Subject,
		Body:     n.Body,
		Language: "nl",
	}
	data, err := msg.Bytes()
	if err != nil {
		return fmt.Errorf("registration %s: compose %s: %w: %w", c.RegistrationID, n.Kind, err,
			rule.Broken("no e-mail can be composed of this change"))
	}
	e := domain.Email{ID: id.String(), To: to.Address, Subject: n.Subject, Kind: n.Kind,
		RegistrationID: c.RegistrationID, EventID: c.EventID, CreatedAt: now}
	queued, err := store.Enqueue(ctx, tx, e, c.Cause(n.Kind), domain.Outgoing{
		EnvelopeFrom: s.mail.From.Address, EnvelopeTo: to.Address, Message: data})
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

// ApplyErasure forgets, within tx, a registration whose person's data was
// erased: the address leaves the e-mail log and mail still queued for them
// is not sent.
func (s *App) ApplyErasure(ctx context.Context, tx sqlite.Tx, registrationID string) error {
	return store.EraseRegistration(ctx, tx, registrationID)
}

func hostOf(addr string) string {
	if at := strings.LastIndexByte(addr, '@'); at >= 0 && at < len(addr)-1 {
		return addr[at+1:]
	}
	return "plein.local"
}
