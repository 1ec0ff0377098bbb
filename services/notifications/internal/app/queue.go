package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"

	"github.com/google/uuid"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/rule"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/tracing"
)

// about names what an e-mail concerns, for the log.
type about struct {
	registrationID, eventID string
	// programmeID: an e-mail about a programme's idea.
	programmeID string
}

// queue logs and queues, within tx, the e-mail of letter l for cause,
// unless one was queued for that cause before. A letter that names no
// usable address, or cannot be written, is refused with a *rule.Error.
func (s *App) queue(ctx context.Context, tx sqlite.Tx, l domain.Letter, cause string, on about) (err error) {
	ctx, span := composeSpan(ctx, l.Kind)
	defer func() { endSpan(span, err) }()
	l.Trace = tracing.Parent(ctx)
	to, err := mail.ParseAddress(l.To.Email)
	if err != nil {
		// The address is left out of the error: errors are logged.
		return rule.InvalidField("email", "is not a usable e-mail address")
	}
	now := s.now().UTC()
	// Written now for the log's subject (and to refuse what cannot be
	// written); delivery writes it again with the manage token.
	content, err := s.mail.Writer.Write(l, "", now)
	if err != nil {
		return fmt.Errorf("%w: %w", err, rule.Broken("no e-mail can be written of this change"))
	}
	id, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("new e-mail id: %w", err)
	}
	e := domain.Email{ID: id.String(), To: to.Address, Subject: content.Subject, Kind: l.Kind,
		RegistrationID: on.registrationID, EventID: on.eventID, ProgrammeID: on.programmeID, CreatedAt: now}
	queued, err := store.Enqueue(ctx, tx, e, cause, s.mail.From.Address,
		domain.Outgoing{EnvelopeTo: to.Address, Letter: l})
	if err != nil {
		return err
	}
	log := s.log.With(slog.String("kind", string(l.Kind)), slog.String("cause", cause))
	if !queued {
		log.Debug("e-mail for this cause already queued")
		return nil
	}
	log.Info("e-mail queued", slog.String("email_id", e.ID))
	return nil
}

// hostOf is the domain of an address, which ends the Message-IDs.
func hostOf(addr string) string {
	if at := strings.LastIndexByte(addr, '@'); at >= 0 && at < len(addr)-1 {
		return addr[at+1:]
	}
	return "plein.local"
}
