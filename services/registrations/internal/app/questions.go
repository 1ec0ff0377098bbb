package app

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

// SetQuestions replaces the questions of an event's registration form.
// Answers already given stay as they were.
func (s *Service) SetQuestions(ctx context.Context, eventID string, qs []domain.Question) ([]domain.Question, error) {
	if err := domain.CheckQuestions(qs); err != nil {
		return nil, err
	}
	var out []domain.Question
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := store.GetEvent(ctx, tx, eventID); err != nil {
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

// Questions returns an event's questions: to organisers always, to anyone
// else only for an event that takes registrations (with the invite code for
// an invite-only one); otherwise the event does not exist for them.
func (s *Service) Questions(ctx context.Context, eventID string, organiser bool, inviteCode string) ([]domain.Question, error) {
	ev, err := store.GetEvent(ctx, s.db.R, eventID)
	if err != nil {
		return nil, err
	}
	if !organiser && (ev.Status == "draft" || ev.Visibility == "internal" || ev.CheckInvite(inviteCode) != nil) {
		return nil, fmt.Errorf("event %s: %w", eventID, domain.ErrNotFound)
	}
	return store.Questions(ctx, s.db.R, eventID)
}

// Attendance returns an event's projection and its attendance figures.
func (s *Service) Attendance(ctx context.Context, eventID string) (domain.Event, store.Attendance, error) {
	ev, err := store.GetEvent(ctx, s.db.R, eventID)
	if err != nil {
		return ev, store.Attendance{}, err
	}
	a, err := store.CountAttendance(ctx, s.db.R, eventID)
	return ev, a, err
}

// Event returns the projection of a registration's event.
func (s *Service) Event(ctx context.Context, eventID string) (domain.Event, error) {
	return store.GetEvent(ctx, s.db.R, eventID)
}

// Now returns the service's clock's time.
func (s *Service) Now() time.Time { return s.now() }
