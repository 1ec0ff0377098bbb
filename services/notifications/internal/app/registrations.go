package app

import (
	"context"
	"fmt"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

// ApplyRegistration records, within tx, what a registration change says
// (the reminders are made from it) and queues the e-mail the change calls
// for, once per change: a change seen before queues nothing. The manage
// token comes, sealed, with the registration's first message; later
// e-mails take it from what was recorded. A change no e-mail can be made
// of is refused with a *rule.Error.
func (s *App) ApplyRegistration(ctx context.Context, tx sqlite.Tx, c domain.Change) error {
	r := &c.Registration
	known, ok, err := store.Attendee(ctx, tx, r.ID)
	if err != nil {
		return err
	}
	if ok {
		if r.SealedToken == "" {
			r.SealedToken = known.SealedToken
		}
		if r.RegisteredAt.IsZero() {
			r.RegisteredAt = known.RegisteredAt
		}
	}
	if r.Live() {
		err = store.PutAttendee(ctx, tx, *r)
	} else if ok {
		// Nothing more is sent about a cancelled registration.
		err = store.EraseAttendee(ctx, tx, r.ID)
	}
	if err != nil {
		return err
	}
	l, ok, err := c.Letter()
	if err != nil || !ok {
		return err
	}
	if err := s.queue(ctx, tx, l, c.Cause(l.Kind), about{registrationID: r.ID, eventID: r.EventID}); err != nil {
		return fmt.Errorf("registration %s: %w", r.ID, err)
	}
	return nil
}

// ApplyErasure forgets, within tx, a registration whose person's data was
// erased: the address leaves the e-mail log, mail still queued for them is
// not sent, and what was recorded of them is deleted.
// The mail files written for it are deleted too.
func (s *App) ApplyErasure(ctx context.Context, tx sqlite.Tx, registrationID string) error {
	ids, err := store.EmailsAbout(ctx, tx, registrationID)
	if err != nil {
		return err
	}
	if err := store.EraseRegistration(ctx, tx, registrationID); err != nil {
		return err
	}
	return s.removeFiles(ids)
}
