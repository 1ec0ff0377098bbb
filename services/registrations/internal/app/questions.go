package app

import (
	"context"
	"fmt"

	"plein.dev/platform/identity"
	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

// SetQuestions replaces the questions of an event's registration form, for
// organisers. Answers already given stay as they were.
func (a *App) SetQuestions(ctx context.Context, eventID string, qs []domain.Question) ([]domain.Question, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, err
	}
	if err := domain.CheckQuestions(qs); err != nil {
		return nil, err
	}
	var out []domain.Question
	err := a.db.InTx(ctx, func(tx sqlite.Tx) error {
		if _, err := managedEvent(ctx, tx, eventID); err != nil {
			return err
		}
		if err := store.SetQuestions(ctx, tx, eventID, qs); err != nil {
			return err
		}
		var err error
		out, err = store.Questions(ctx, tx, eventID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("set questions of event %s: %w", eventID, err)
	}
	return out, nil
}

// Questions returns an event's questions: to its organisers always, to anyone
// else only for an event that is not hidden, with the invite code for an
// invite-only one; otherwise the event does not exist for them.
func (a *App) Questions(ctx context.Context, eventID, inviteCode string) ([]domain.Question, error) {
	ev, err := store.GetEvent(ctx, a.db.R, eventID)
	if err != nil {
		return nil, err
	}
	if !manages(ctx, ev) && (ev.Hidden() || ev.CheckInvite(inviteCode) != nil) {
		return nil, fmt.Errorf("event %s: %w", eventID, domain.ErrNotFound)
	}
	return store.Questions(ctx, a.db.R, eventID)
}
