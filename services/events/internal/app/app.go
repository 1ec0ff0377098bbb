// Package app holds the events service's use cases: each one reads and
// changes the store and writes the domain event it causes to the outbox in
// one transaction.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"plein.dev/events/internal/bus"
	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/platform/outbox"
	"plein.dev/platform/sqlite"
)

// Service runs the use cases against one database.
type Service struct {
	db  *sqlite.DB
	log *slog.Logger
	now func() time.Time
}

// New returns a Service; now is the clock (time.Now in production).
func New(db *sqlite.DB, log *slog.Logger, now func() time.Time) *Service {
	return &Service{db: db, log: log, now: now}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// CreateVenue stores a new venue.
func (s *Service) CreateVenue(ctx context.Context, v domain.Venue) (domain.Venue, error) {
	v.ID = newID()
	v.CreatedAt = s.now().UTC()
	v.Rooms = nil
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error { return store.InsertVenue(ctx, tx, v) })
	return v, err
}

// CreateRoom adds a room to a venue.
func (s *Service) CreateRoom(ctx context.Context, r domain.Room) (domain.Room, error) {
	r.ID = newID()
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error { return store.InsertRoom(ctx, tx, r) })
	return r, err
}

// GetVenue returns a venue with its rooms.
func (s *Service) GetVenue(ctx context.Context, id string) (domain.Venue, error) {
	return store.GetVenue(ctx, s.db.R, id)
}

// ListVenues pages through the venues by name.
func (s *Service) ListVenues(ctx context.Context, afterName, afterID string, limit int) ([]domain.Venue, error) {
	return store.ListVenues(ctx, s.db.R, afterName, afterID, limit)
}

// GetEvent returns one event.
func (s *Service) GetEvent(ctx context.Context, id string) (domain.Event, error) {
	return store.GetEvent(ctx, s.db.R, id)
}

// ListEvents pages through events.
func (s *Service) ListEvents(ctx context.Context, f store.ListFilter) ([]domain.Event, error) {
	return store.ListEvents(ctx, s.db.R, f)
}

// RoomBookings returns a room's schedule in [from, to).
func (s *Service) RoomBookings(ctx context.Context, roomID string, from, to time.Time) ([]domain.Booking, error) {
	if _, err := store.GetRoom(ctx, s.db.R, roomID); err != nil {
		return nil, err
	}
	return store.RoomBookings(ctx, s.db.R, roomID, from, to, "")
}

// CreateEvent stores a new draft event, refusing it if its room is taken.
func (s *Service) CreateEvent(ctx context.Context, e domain.Event, capacitySet bool) (domain.Event, error) {
	now := s.now().UTC().Truncate(time.Second)
	e.ID = newID()
	e.Status = domain.StatusDraft
	e.CreatedAt, e.UpdatedAt = now, now
	e.Version = 1
	if e.Visibility == "" {
		e.Visibility = domain.VisibilityPublic
	}
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := s.placeInRoom(ctx, tx, &e, capacitySet); err != nil {
			return err
		}
		if err := e.Validate(); err != nil {
			return err
		}
		if err := store.InsertEvent(ctx, tx, e); err != nil {
			return err
		}
		return s.announce(ctx, tx, "drafted", e, nil)
	})
	if err != nil {
		return domain.Event{}, fmt.Errorf("create event: %w", err)
	}
	return e, nil
}

// placeInRoom applies the room's rules to an event that has one: capacity
// defaults to the room's and may not exceed it, and no other live booking
// may come within the room's set-up time.
func (s *Service) placeInRoom(ctx context.Context, tx *sqlx.Tx, e *domain.Event, capacitySet bool) error {
	if e.RoomID == "" {
		if !capacitySet && e.Visibility != domain.VisibilityInternal {
			return &domain.ValidationError{Field: "capacity", Reason: "is required for an event without a room"}
		}
		return nil
	}
	room, err := store.GetRoom(ctx, tx, e.RoomID)
	if errors.Is(err, domain.ErrNotFound) {
		return &domain.ValidationError{Field: "roomId", Reason: "no such room"}
	}
	if err != nil {
		return err
	}
	if !capacitySet {
		e.Capacity = room.Capacity
	}
	if e.Capacity > room.Capacity {
		return &domain.ValidationError{Field: "capacity",
			Reason: fmt.Sprintf("must not exceed the room's capacity of %d", room.Capacity)}
	}
	setup := room.Setup()
	bookings, err := store.RoomBookings(ctx, tx, e.RoomID, e.StartsAt.Add(-setup), e.EndsAt.Add(setup), e.ID)
	if err != nil {
		return err
	}
	for _, b := range bookings {
		if domain.Collides(e.StartsAt, e.EndsAt, b.StartsAt, b.EndsAt, setup) {
			return &domain.RoomConflictError{EventID: b.EventID, Title: b.Title, StartsAt: b.StartsAt, EndsAt: b.EndsAt}
		}
	}
	return nil
}

// Change is an edit of an event's details; nil fields stay as they are.
type Change struct {
	Title, Description, RoomID, Location, ProgrammeID, Visibility *string
	StartsAt, EndsAt                                              *time.Time
	Capacity                                                      *int
	RegistrationOpensAt, RegistrationClosesAt                     *time.Time
	Themes, HostAmbassadorIDs                                     *[]string
}

// UpdateEvent applies a change to a draft or published event. A change of
// time or place of a published event is announced as a reschedule.
func (s *Service) UpdateEvent(ctx context.Context, id string, c Change) (domain.Event, error) {
	var out domain.Event
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		before, err := store.GetEvent(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := before.Editable(); err != nil {
			return err
		}
		e := before
		apply(&e, c)
		roomChanged := e.RoomID != before.RoomID
		moved := roomChanged || !e.StartsAt.Equal(before.StartsAt) || !e.EndsAt.Equal(before.EndsAt) ||
			e.Location != before.Location
		if roomChanged || moved || c.Capacity != nil {
			if err := s.placeInRoom(ctx, tx, &e, c.Capacity != nil || !roomChanged); err != nil {
				return err
			}
		}
		if err := e.Validate(); err != nil {
			return err
		}
		e.Touch(s.now().UTC().Truncate(time.Second))
		if err := store.UpdateEvent(ctx, tx, e, before.Version); err != nil {
			return err
		}
		verb := "updated"
		if moved && e.Status == domain.StatusPublished {
			verb = "rescheduled"
		}
		out = e
		return s.announce(ctx, tx, verb, e, &before)
	})
	if err != nil {
		return domain.Event{}, fmt.Errorf("update event %s: %w", id, err)
	}
	return out, nil
}

func apply(e *domain.Event, c Change) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&e.Title, c.Title)
	set(&e.Description, c.Description)
	set(&e.RoomID, c.RoomID)
	set(&e.Location, c.Location)
	set(&e.ProgrammeID, c.ProgrammeID)
	if c.Visibility != nil {
		e.Visibility = domain.Visibility(*c.Visibility)
	}
	if c.StartsAt != nil {
		e.StartsAt = *c.StartsAt
	}
	if c.EndsAt != nil {
		e.EndsAt = *c.EndsAt
	}
	if c.Capacity != nil {
		e.Capacity = *c.Capacity
	}
	if c.RegistrationOpensAt != nil {
		e.RegistrationOpensAt = c.RegistrationOpensAt
	}
	if c.RegistrationClosesAt != nil {
		e.RegistrationClosesAt = c.RegistrationClosesAt
	}
	if c.Themes != nil {
		e.Themes = *c.Themes
	}
	if c.HostAmbassadorIDs != nil {
		e.HostAmbassadorIDs = *c.HostAmbassadorIDs
	}
}

// Publish opens a draft event.
func (s *Service) Publish(ctx context.Context, id string) (domain.Event, error) {
	return s.transition(ctx, id, "published", func(e *domain.Event, now time.Time) error { return e.Publish(now) })
}

// Cancel calls an event off with a reason.
func (s *Service) Cancel(ctx context.Context, id, reason string) (domain.Event, error) {
	return s.transition(ctx, id, "cancelled", func(e *domain.Event, now time.Time) error { return e.Cancel(reason, now) })
}

// Complete marks a published event as held.
func (s *Service) Complete(ctx context.Context, id string) (domain.Event, error) {
	return s.transition(ctx, id, "completed", func(e *domain.Event, now time.Time) error { return e.Complete(now) })
}

func (s *Service) transition(ctx context.Context, id, verb string, change func(*domain.Event, time.Time) error) (domain.Event, error) {
	var out domain.Event
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		e, err := store.GetEvent(ctx, tx, id)
		if err != nil {
			return err
		}
		prev := e.Version
		if err := change(&e, s.now().UTC().Truncate(time.Second)); err != nil {
			return err
		}
		if err := store.UpdateEvent(ctx, tx, e, prev); err != nil {
			return err
		}
		out = e
		return s.announce(ctx, tx, verb, e, nil)
	})
	if err != nil {
		return domain.Event{}, fmt.Errorf("%s event %s: %w", verb, id, err)
	}
	return out, nil
}

// CompleteEnded completes every published event whose end has passed and
// returns how many it completed.
func (s *Service) CompleteEnded(ctx context.Context) (int, error) {
	ids, err := store.EndedEvents(ctx, s.db.R, s.now(), 100)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		_, err := s.Complete(ctx, id)
		if errors.Is(err, domain.ErrTransition) {
			continue // cancelled or completed meanwhile
		}
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// RunCompleter completes ended events every interval until ctx is done.
func (s *Service) RunCompleter(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.CompleteEnded(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("complete ended events", "err", err)
		} else if n > 0 {
			s.log.Info("completed ended events", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Service) announce(ctx context.Context, tx *sqlx.Tx, verb string, e domain.Event, before *domain.Event) error {
	msg, err := bus.EventChanged(verb, e, before, s.now())
	if err != nil {
		return err
	}
	if _, err := outbox.Add(ctx, tx, msg); err != nil {
		return fmt.Errorf("announce event %s %s: %w", e.ID, verb, err)
	}
	return nil
}
