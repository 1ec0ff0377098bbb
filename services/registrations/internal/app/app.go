// Package app holds the registrations service's use cases. Each runs in one
// write transaction, which SQLite serialises, so the seat count read in it
// cannot change before the registration it decides is written: capacity is
// never exceeded.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"plein.dev/platform/outbox"
	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/bus"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

// Service runs the use cases against one database.
type Service struct {
	db  *sqlite.DB
	log *slog.Logger
	now func() time.Time
}

// New returns a Service; now is the clock.
func New(db *sqlite.DB, log *slog.Logger, now func() time.Time) *Service {
	return &Service{db: db, log: log, now: now}
}

// Request is what an attendee sends to register.
type Request struct {
	EventID      string
	Name         string
	Email        string
	Organisation string
	Answers      []domain.Answer
	// InviteCode opens an invite-only event.
	InviteCode string
	// ConsentVersion is the version of the privacy statement agreed to.
	ConsentVersion string
}

// Register confirms the registration while seats remain and puts it on the
// waiting list otherwise. It returns the registration and its manage token.
func (s *Service) Register(ctx context.Context, req Request) (domain.Registration, string, error) {
	email, err := domain.NormaliseEmail(req.Email)
	if err != nil {
		return domain.Registration{}, "", fmt.Errorf("register for event %s: %w", req.EventID, err)
	}
	token, hash, err := domain.NewToken()
	if err != nil {
		return domain.Registration{}, "", err
	}
	var reg domain.Registration
	err = s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		now := s.now().UTC()
		ev, err := store.GetEvent(ctx, tx, req.EventID)
		if err != nil {
			return err
		}
		if err := ev.RegistrationOpen(now); err != nil {
			return err
		}
		if err := ev.CheckInvite(req.InviteCode); err != nil {
			return err
		}
		questions, err := store.Questions(ctx, tx, ev.ID)
		if err != nil {
			return err
		}
		answers, err := domain.CheckAnswers(questions, req.Answers)
		if err != nil {
			return err
		}
		code, err := s.newCheckInCode(ctx, tx, ev.ID)
		if err != nil {
			return err
		}
		// The guard: the seats are counted in the same write transaction
		// that inserts the registration, and write transactions run one at
		// a time (one writer connection, BEGIN IMMEDIATE, which also locks
		// out other processes on the same file).
		counts, err := store.CountSeats(ctx, tx, ev.ID)
		if err != nil {
			return err
		}
		reg = domain.Registration{
			ID:             uuid.Must(uuid.NewV7()).String(),
			EventID:        ev.ID,
			Name:           req.Name,
			Email:          email,
			Organisation:   req.Organisation,
			Answers:        answers,
			TokenHash:      hash,
			RegisteredAt:   now,
			Version:        1,
			ConsentVersion: req.ConsentVersion,
			ConsentedAt:    &now,
			CheckInCode:    code,
		}
		verb := "confirmed"
		if counts.Confirmed < ev.Capacity {
			reg.Status = domain.StatusConfirmed
			reg.ConfirmedAt = &now
		} else {
			reg.Status = domain.StatusWaitlisted
			reg.WaitlistPosition = counts.Waitlisted + 1
			verb = "waitlisted"
		}
		if err := store.InsertRegistration(ctx, tx, reg); err != nil {
			return err
		}
		if err := s.announce(ctx, tx, verb, reg, ev); err != nil {
			return err
		}
		return s.announceSeats(ctx, tx, ev)
	})
	if err != nil {
		return domain.Registration{}, "", fmt.Errorf("register for event %s: %w", req.EventID, err)
	}
	return reg, token, nil
}

func (s *Service) newCheckInCode(ctx context.Context, tx *sqlx.Tx, eventID string) (string, error) {
	for range 10 {
		code, err := domain.NewCheckInCode()
		if err != nil {
			return "", err
		}
		taken, err := store.CheckInCodeTaken(ctx, tx, eventID, code)
		if err != nil {
			return "", err
		}
		if !taken {
			return code, nil
		}
	}
	return "", errors.New("no free check-in code after 10 tries")
}

// Access says on whose behalf a registration is read or changed: an
// organiser, or the holder of its manage token.
type Access struct {
	Organiser bool
	Token     string
}

// Get returns a registration to an organiser or its token holder; to anyone
// else it does not exist.
func (s *Service) Get(ctx context.Context, id string, a Access) (domain.Registration, error) {
	reg, err := store.GetRegistration(ctx, s.db.R, id)
	if err != nil {
		return domain.Registration{}, err
	}
	if !allowed(reg, a) {
		return domain.Registration{}, fmt.Errorf("registration %s: %w", id, domain.ErrNotFound)
	}
	return reg, nil
}

func allowed(reg domain.Registration, a Access) bool {
	return a.Organiser || domain.TokenMatches(reg.TokenHash, a.Token)
}

// Cancel cancels a registration and, if it held a seat, promotes from the
// waiting list in the same transaction. Cancelling twice is harmless.
func (s *Service) Cancel(ctx context.Context, id string, a Access, by, reason string) error {
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		reg, err := store.GetRegistration(ctx, tx, id)
		if err != nil {
			return err
		}
		if !allowed(reg, a) {
			return fmt.Errorf("registration %s: %w", id, domain.ErrNotFound)
		}
		if reg.Status == domain.StatusCancelled {
			return nil
		}
		ev, err := store.GetEvent(ctx, tx, reg.EventID)
		if err != nil {
			return err
		}
		if err := s.cancel(ctx, tx, reg, ev, by, reason); err != nil {
			return err
		}
		if err := s.promote(ctx, tx, ev); err != nil {
			return err
		}
		return s.announceSeats(ctx, tx, ev)
	})
	if err != nil {
		return fmt.Errorf("cancel registration %s: %w", id, err)
	}
	return nil
}

func (s *Service) cancel(ctx context.Context, tx *sqlx.Tx, reg domain.Registration, ev domain.Event, by, reason string) error {
	now := s.now().UTC()
	reg.Status = domain.StatusCancelled
	reg.CancelledAt = &now
	reg.CancelledBy = by
	reg.CancellationReason = reason
	reg.WaitlistPosition = 0
	reg.Version++
	if err := store.SaveStatus(ctx, tx, reg); err != nil {
		return err
	}
	return s.announce(ctx, tx, "cancelled", reg, ev)
}

// promote confirms waitlisted registrations, first come first served, while
// the event has free seats and is open.
func (s *Service) promote(ctx context.Context, tx *sqlx.Tx, ev domain.Event) error {
	if ev.Status != "published" {
		return nil
	}
	counts, err := store.CountSeats(ctx, tx, ev.ID)
	if err != nil {
		return err
	}
	free := ev.Capacity - counts.Confirmed
	if free <= 0 || counts.Waitlisted == 0 {
		return nil
	}
	next, err := store.NextWaitlisted(ctx, tx, ev.ID, free)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	for _, reg := range next {
		reg.Status = domain.StatusConfirmed
		reg.ConfirmedAt = &now
		reg.WaitlistPosition = 0
		reg.Version++
		if err := store.SaveStatus(ctx, tx, reg); err != nil {
			return err
		}
		if err := s.announce(ctx, tx, "promoted", reg, ev); err != nil {
			return err
		}
	}
	return nil
}

// Seats returns an event's seat counts.
func (s *Service) Seats(ctx context.Context, eventID string) (domain.Event, store.Counts, error) {
	ev, err := store.GetEvent(ctx, s.db.R, eventID)
	if err != nil {
		return ev, store.Counts{}, err
	}
	c, err := store.CountSeats(ctx, s.db.R, eventID)
	return ev, c, err
}

// List returns an event's registrations in arrival order, and the cursor of
// each.
func (s *Service) List(ctx context.Context, f store.ListFilter) ([]domain.Registration, []int64, error) {
	if _, err := store.GetEvent(ctx, s.db.R, f.EventID); err != nil {
		return nil, nil, err
	}
	return store.ListRegistrations(ctx, s.db.R, f)
}

// CheckIn records that a confirmed attendee arrived; a second check-in
// returns the first time.
func (s *Service) CheckIn(ctx context.Context, id string) (time.Time, error) {
	var at time.Time
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		at, err = s.checkIn(ctx, tx, id)
		return err
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("check in %s: %w", id, err)
	}
	return at, nil
}

// CheckInByCode checks in the registration of an event with a check-in
// code; it returns the registration as checked in.
func (s *Service) CheckInByCode(ctx context.Context, eventID, code string) (domain.Registration, error) {
	var reg domain.Registration
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		id, err := store.RegistrationIDByCode(ctx, tx, eventID, domain.NormaliseCheckInCode(code))
		if err != nil {
			return err
		}
		if _, err := s.checkIn(ctx, tx, id); err != nil {
			return err
		}
		reg, err = store.GetRegistration(ctx, tx, id)
		return err
	})
	if err != nil {
		return domain.Registration{}, fmt.Errorf("check in by code at event %s: %w", eventID, err)
	}
	return reg, nil
}

func (s *Service) checkIn(ctx context.Context, tx *sqlx.Tx, id string) (time.Time, error) {
	var at time.Time
	err := func() error {
		reg, err := store.GetRegistration(ctx, tx, id)
		if err != nil {
			return err
		}
		if reg.CheckedInAt != nil {
			at = *reg.CheckedInAt
			return nil
		}
		if reg.Status != domain.StatusConfirmed {
			return &domain.RuleError{Reason: "only confirmed registrations can check in; this one is " + string(reg.Status)}
		}
		ev, err := store.GetEvent(ctx, tx, reg.EventID)
		if err != nil {
			return err
		}
		at = s.now().UTC().Truncate(time.Second)
		reg.CheckedInAt = &at
		reg.Version++
		if err := store.SaveStatus(ctx, tx, reg); err != nil {
			return err
		}
		if err := s.announce(ctx, tx, "checked-in", reg, ev); err != nil {
			return err
		}
		if ev.Status == "completed" {
			// A check-in entered afterwards corrects the summary.
			return s.summarise(ctx, tx, ev)
		}
		return nil
	}()
	return at, err
}

// ApplyEvent updates the projection of an event from the events service's
// message and reacts: more seats promote from the waiting list, a
// cancellation cancels every registration with the organiser's reason.
func (s *Service) ApplyEvent(ctx context.Context, tx *sqlx.Tx, ev domain.Event, cancellationReason string) error {
	before, err := store.GetEvent(ctx, tx, ev.ID)
	known := err == nil
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	if err := store.PutEvent(ctx, tx, ev); err != nil {
		return err
	}
	if !known {
		return nil
	}
	ev.SeatsVersion = before.SeatsVersion
	ev.AttendanceVersion = before.AttendanceVersion
	switch {
	case ev.Status == "cancelled" && before.Status != "cancelled":
		return s.cancelAll(ctx, tx, ev, cancellationReason)
	case ev.Status == "completed" && before.Status != "completed":
		return s.summarise(ctx, tx, ev)
	case ev.Status == "published" && before.Status == "published" && moved(before, ev):
		if err := s.announceRescheduled(ctx, tx, ev, before); err != nil {
			return err
		}
		if ev.Capacity > before.Capacity {
			if err := s.promote(ctx, tx, ev); err != nil {
				return err
			}
			return s.announceSeats(ctx, tx, ev)
		}
		return nil
	case ev.Status == "published" && (ev.Capacity > before.Capacity || before.Status != "published"):
		if err := s.promote(ctx, tx, ev); err != nil {
			return err
		}
		return s.announceSeats(ctx, tx, ev)
	}
	return nil
}

// moved reports whether an event's time or place changed.
func moved(before, after domain.Event) bool {
	return !before.StartsAt.Equal(after.StartsAt) || !before.EndsAt.Equal(after.EndsAt) ||
		before.Location != after.Location
}

// announceRescheduled tells every live registration of an event that it
// moved, raising each one's version.
func (s *Service) announceRescheduled(ctx context.Context, tx *sqlx.Tx, ev, before domain.Event) error {
	var after int64
	for {
		regs, seqs, err := store.ListRegistrations(ctx, tx, store.ListFilter{EventID: ev.ID, AfterSeq: after, Limit: 500})
		if err != nil {
			return err
		}
		if len(regs) == 0 {
			return nil
		}
		for _, reg := range regs {
			if reg.Status == domain.StatusCancelled {
				continue
			}
			if reg.Version, err = store.BumpVersion(ctx, tx, reg.ID); err != nil {
				return err
			}
			msg, err := bus.RegistrationRescheduled(reg, ev, before, s.now())
			if err != nil {
				return err
			}
			if _, err := outbox.Add(ctx, tx, msg); err != nil {
				return fmt.Errorf("announce registration %s rescheduled: %w", reg.ID, err)
			}
		}
		after = seqs[len(seqs)-1]
	}
}

// summarise publishes an event's attendance summary.
func (s *Service) summarise(ctx context.Context, tx *sqlx.Tx, ev domain.Event) error {
	a, err := store.CountAttendance(ctx, tx, ev.ID)
	if err != nil {
		return err
	}
	version, err := store.BumpAttendanceVersion(ctx, tx, ev.ID)
	if err != nil {
		return err
	}
	msg, err := bus.AttendanceSummarised(ev.ID, a.Confirmed, a.CheckedIn, version, s.now())
	if err != nil {
		return err
	}
	if _, err := outbox.Add(ctx, tx, msg); err != nil {
		return fmt.Errorf("announce attendance of event %s: %w", ev.ID, err)
	}
	return nil
}

func (s *Service) cancelAll(ctx context.Context, tx *sqlx.Tx, ev domain.Event, reason string) error {
	for _, st := range []domain.Status{domain.StatusWaitlisted, domain.StatusConfirmed} {
		for {
			regs, _, err := store.ListRegistrations(ctx, tx, store.ListFilter{EventID: ev.ID, Status: st, Limit: 500})
			if err != nil {
				return err
			}
			if len(regs) == 0 {
				break
			}
			for _, reg := range regs {
				if err := s.cancel(ctx, tx, reg, ev, domain.CancelledByEvent, reason); err != nil {
					return err
				}
			}
		}
	}
	return s.announceSeats(ctx, tx, ev)
}

func (s *Service) announce(ctx context.Context, tx *sqlx.Tx, verb string, reg domain.Registration, ev domain.Event) error {
	msg, err := bus.RegistrationChanged(verb, reg, ev, s.now())
	if err != nil {
		return err
	}
	if _, err := outbox.Add(ctx, tx, msg); err != nil {
		return fmt.Errorf("announce registration %s %s: %w", reg.ID, verb, err)
	}
	return nil
}

func (s *Service) announceSeats(ctx context.Context, tx *sqlx.Tx, ev domain.Event) error {
	version, err := store.BumpSeatsVersion(ctx, tx, ev.ID)
	if err != nil {
		return err
	}
	counts, err := store.CountSeats(ctx, tx, ev.ID)
	if err != nil {
		return err
	}
	msg, err := bus.SeatsChanged(ev, counts.Confirmed, counts.Waitlisted, version, s.now())
	if err != nil {
		return err
	}
	if _, err := outbox.Add(ctx, tx, msg); err != nil {
		return fmt.Errorf("announce seats of event %s: %w", ev.ID, err)
	}
	return nil
}
