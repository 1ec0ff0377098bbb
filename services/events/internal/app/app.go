// Package app holds the events service's use cases: each one reads and
// changes the store and writes the domain event it causes to the outbox in
// one transaction.
package app

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
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
	if err := r.Validate(); err != nil {
		return domain.Room{}, err
	}
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error { return store.InsertRoom(ctx, tx, r) })
	return r, err
}

// RoomChange is an edit of a room; nil fields stay as they are.
type RoomChange struct {
	Name          *string
	Capacity      *int
	SetupMinutes  *int
	Facilities    *[]string
	BookableHours *[]domain.BookableHours
	Blackouts     *[]domain.Blackout
}

// UpdateRoom changes a room. Existing bookings stay as they are; the new
// rules apply to bookings made or moved from now on.
func (s *Service) UpdateRoom(ctx context.Context, id string, c RoomChange) (domain.Room, error) {
	var out domain.Room
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		r, err := store.GetRoom(ctx, tx, id)
		if err != nil {
			return err
		}
		if c.Name != nil {
			r.Name = *c.Name
		}
		if c.Capacity != nil {
			r.Capacity = *c.Capacity
		}
		if c.SetupMinutes != nil {
			r.SetupMinutes = *c.SetupMinutes
		}
		if c.Facilities != nil {
			r.Facilities = *c.Facilities
		}
		if c.BookableHours != nil {
			r.BookableHours = *c.BookableHours
		}
		if c.Blackouts != nil {
			r.Blackouts = *c.Blackouts
		}
		if err := r.Validate(); err != nil {
			return err
		}
		out = r
		return store.UpdateRoom(ctx, tx, r)
	})
	if err != nil {
		return domain.Room{}, fmt.Errorf("update room %s: %w", id, err)
	}
	return out, nil
}

// UpdateVenue changes a venue's name, address or city (nil stays).
func (s *Service) UpdateVenue(ctx context.Context, id string, name, address, city *string) (domain.Venue, error) {
	var out domain.Venue
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		v, err := store.GetVenue(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, f := range []struct{ dst, src *string }{{&v.Name, name}, {&v.Address, address}, {&v.City, city}} {
			if f.src != nil {
				*f.dst = *f.src
			}
		}
		out = v
		return store.UpdateVenue(ctx, tx, v)
	})
	if err != nil {
		return domain.Venue{}, fmt.Errorf("update venue %s: %w", id, err)
	}
	return out, nil
}

// FreeSlots returns the windows in [from, to) of at least min in which the
// room could take a new booking.
func (s *Service) FreeSlots(ctx context.Context, roomID string, from, to time.Time, min time.Duration) ([]domain.Interval, error) {
	if !to.After(from) {
		return nil, &domain.ValidationError{Field: "to", Reason: "must be after from"}
	}
	if to.Sub(from) > 366*24*time.Hour {
		return nil, &domain.ValidationError{Field: "to", Reason: "at most a year after from"}
	}
	room, err := store.GetRoom(ctx, s.db.R, roomID)
	if err != nil {
		return nil, err
	}
	setup := room.Setup()
	bookings, err := store.RoomBookings(ctx, s.db.R, roomID, from.Add(-setup), to.Add(setup), "")
	if err != nil {
		return nil, err
	}
	return room.FreeSlots(bookings, from, to, min), nil
}

// Occupancy is a room's use in one month.
type Occupancy struct {
	Booked, Bookable time.Duration
}

// RoomOccupancy returns the booked and bookable time of a room in a month
// ("YYYY-MM", Europe/Amsterdam).
func (s *Service) RoomOccupancy(ctx context.Context, roomID, month string) (Occupancy, error) {
	first, err := time.ParseInLocation("2006-01", month, domain.Amsterdam)
	if err != nil {
		return Occupancy{}, &domain.ValidationError{Field: "month", Reason: "must be YYYY-MM"}
	}
	next := first.AddDate(0, 1, 0)
	room, err := store.GetRoom(ctx, s.db.R, roomID)
	if err != nil {
		return Occupancy{}, err
	}
	schedule, err := store.RoomSchedule(ctx, s.db.R, roomID, first, next)
	if err != nil {
		return Occupancy{}, err
	}
	booked, bookable := room.Occupancy(schedule, first, next)
	return Occupancy{Booked: booked, Bookable: bookable}, nil
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
	return store.RoomSchedule(ctx, s.db.R, roomID, from, to)
}

// CreateEvent stores a new draft event, refusing it if its room is taken
// or closed. With a recurrence it stores one event per occurrence, sharing a
// series id, and returns the first; a conflict in any occurrence refuses
// the whole series.
func (s *Service) CreateEvent(ctx context.Context, e domain.Event, capacitySet bool) (domain.Event, error) {
	now := s.now().UTC().Truncate(time.Second)
	e.Status = domain.StatusDraft
	e.CreatedAt, e.UpdatedAt = now, now
	e.Version = 1
	if e.Visibility == "" {
		e.Visibility = domain.VisibilityPublic
	}
	spans := []domain.Interval{{Start: e.StartsAt, End: e.EndsAt}}
	if e.Recurrence != "" {
		var err error
		if spans, err = domain.Occurrences(e.Recurrence, e.StartsAt, e.EndsAt); err != nil {
			return domain.Event{}, err
		}
		e.SeriesID = newID()
	}
	var first domain.Event
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := s.checkRefs(ctx, tx, e); err != nil {
			return err
		}
		var conflicts []domain.SeriesConflict
		for i, span := range spans {
			o := e
			o.ID = newID()
			o.StartsAt, o.EndsAt = span.Start, span.End
			if o.Visibility == domain.VisibilityInviteOnly {
				o.InviteCode = newInviteCode()
			}
			if err := s.placeInRoom(ctx, tx, &o, capacitySet); err != nil {
				c, ok := seriesConflict(o.StartsAt, err)
				if e.Recurrence == "" || !ok {
					return err
				}
				conflicts = append(conflicts, c)
				continue
			}
			if err := o.Validate(); err != nil {
				return err
			}
			if err := store.InsertEvent(ctx, tx, o); err != nil {
				return err
			}
			if err := s.announce(ctx, tx, "drafted", o, nil); err != nil {
				return err
			}
			if i == 0 {
				first = o
			}
		}
		if len(conflicts) > 0 {
			return &domain.SeriesConflictError{Conflicts: conflicts}
		}
		return nil
	})
	if err != nil {
		return domain.Event{}, fmt.Errorf("create event: %w", err)
	}
	return first, nil
}

// seriesConflict reports whether err is one occurrence's conflict (room
// taken or closed) rather than a fault of the whole request.
func seriesConflict(at time.Time, err error) (domain.SeriesConflict, bool) {
	var rc *domain.RoomConflictError
	var ve *domain.ValidationError
	switch {
	case errors.As(err, &rc):
		return domain.SeriesConflict{StartsAt: at, Room: rc, Reason: rc.Error()}, true
	case errors.As(err, &ve) && ve.Field == "startsAt":
		return domain.SeriesConflict{StartsAt: at, Reason: ve.Reason}, true
	}
	return domain.SeriesConflict{}, false
}

// checkRefs validates the programme, its themes and the hosts against what
// the ambassadors service announced.
func (s *Service) checkRefs(ctx context.Context, q store.Queryer, e domain.Event) error {
	var prog *store.Programme
	if e.ProgrammeID != "" {
		p, err := store.GetProgramme(ctx, q, e.ProgrammeID)
		if errors.Is(err, domain.ErrNotFound) {
			return &domain.ValidationError{Field: "programmeId", Reason: "unknown programme"}
		}
		if err != nil {
			return err
		}
		prog = &p
		for _, t := range e.Themes {
			if !slices.Contains(p.Themes, t) {
				return &domain.ValidationError{Field: "themes",
					Reason: fmt.Sprintf("%q is not a theme of the programme %q", t, p.Name)}
			}
		}
	}
	for _, id := range e.HostAmbassadorIDs {
		a, err := store.GetAmbassador(ctx, q, id)
		if errors.Is(err, domain.ErrNotFound) {
			return &domain.ValidationError{Field: "hostAmbassadorIds", Reason: "unknown ambassador " + id}
		}
		if err != nil {
			return err
		}
		if prog != nil && a.ProgrammeID != prog.ID {
			return &domain.ValidationError{Field: "hostAmbassadorIds",
				Reason: fmt.Sprintf("%s is not an ambassador of the programme %q", id, prog.Name)}
		}
	}
	return nil
}

// inviteAlphabet has 32 symbols without look-alikes (0/O, 1/I).
const inviteAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// newInviteCode returns 10 random symbols (50 bits).
func newInviteCode() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	for i := range b {
		b[i] = inviteAlphabet[b[i]&31]
	}
	return string(b)
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
	room, err := s.roomFor(ctx, tx, e, capacitySet)
	if err != nil {
		return err
	}
	if err := room.CheckAvailable(e.StartsAt, e.EndsAt); err != nil {
		return err
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

// roomFor checks that the event's room exists and applies its capacity:
// the default, and the limit.
func (s *Service) roomFor(ctx context.Context, tx *sqlx.Tx, e *domain.Event, capacitySet bool) (domain.Room, error) {
	room, err := store.GetRoom(ctx, tx, e.RoomID)
	if errors.Is(err, domain.ErrNotFound) {
		return domain.Room{}, &domain.ValidationError{Field: "roomId", Reason: "no such room"}
	}
	if err != nil {
		return domain.Room{}, err
	}
	if !capacitySet {
		e.Capacity = room.Capacity
	}
	if e.Capacity > room.Capacity {
		return domain.Room{}, &domain.ValidationError{Field: "capacity",
			Reason: fmt.Sprintf("must not exceed the room's capacity of %d", room.Capacity)}
	}
	return room, nil
}

// Change is an edit of an event's details; nil fields stay as they are.
type Change struct {
	Title, Description, RoomID, Location, ProgrammeID, Visibility *string
	StartsAt, EndsAt                                              *time.Time
	Capacity                                                      *int
	RegistrationOpensAt, RegistrationClosesAt                     *time.Time
	Themes, HostAmbassadorIDs                                     *[]string
	Accessibility                                                 *domain.Accessibility
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
		switch {
		case roomChanged || moved:
			if err := s.placeInRoom(ctx, tx, &e, c.Capacity != nil || !roomChanged); err != nil {
				return err
			}
		case c.Capacity != nil && e.RoomID != "":
			// Only the capacity: the room's limit applies, its hours and
			// bookings are as they were.
			if _, err := s.roomFor(ctx, tx, &e, true); err != nil {
				return err
			}
		}
		if c.ProgrammeID != nil || c.Themes != nil || c.HostAmbassadorIDs != nil {
			if err := s.checkRefs(ctx, tx, e); err != nil {
				return err
			}
		}
		switch {
		case e.Visibility != domain.VisibilityInviteOnly:
			e.InviteCode = ""
		case e.InviteCode == "":
			e.InviteCode = newInviteCode()
		}
		if moved {
			e.Sequence++
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
	if c.Accessibility != nil {
		e.Accessibility = *c.Accessibility
	}
}

// Propose stores an ambassador's proposal of an event. Its room is only a
// request: checked to exist and to hold the capacity, booked on approval.
func (s *Service) Propose(ctx context.Context, e domain.Event, ambassadorID string, capacitySet bool) (domain.Event, error) {
	now := s.now().UTC().Truncate(time.Second)
	e.ID = newID()
	e.Status = domain.StatusProposed
	e.ProposedByAmbassadorID = ambassadorID
	e.CreatedAt, e.UpdatedAt = now, now
	e.Version = 1
	e.Recurrence, e.SeriesID = "", ""
	if e.Visibility == "" {
		e.Visibility = domain.VisibilityPublic
	}
	if e.Visibility == domain.VisibilityInviteOnly {
		e.InviteCode = newInviteCode()
	}
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := s.checkRefs(ctx, tx, e); err != nil {
			return err
		}
		if e.RoomID != "" {
			room, err := s.roomFor(ctx, tx, &e, capacitySet)
			if err != nil {
				return err
			}
			if err := room.CheckAvailable(e.StartsAt, e.EndsAt); err != nil {
				return err
			}
		} else if !capacitySet && e.Visibility != domain.VisibilityInternal {
			return &domain.ValidationError{Field: "capacity", Reason: "is required for an event without a room"}
		}
		if err := e.Validate(); err != nil {
			return err
		}
		if err := store.InsertEvent(ctx, tx, e); err != nil {
			return err
		}
		return s.announce(ctx, tx, "proposed", e, nil)
	})
	if err != nil {
		return domain.Event{}, fmt.Errorf("propose event: %w", err)
	}
	return e, nil
}

// Approve accepts a proposal: its room is booked now (refused if taken or
// closed) and it becomes a draft, or is published at once.
func (s *Service) Approve(ctx context.Context, id string, publish bool) (domain.Event, error) {
	var out domain.Event
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		e, err := store.GetEvent(ctx, tx, id)
		if err != nil {
			return err
		}
		prev := e.Version
		if err := e.Approve(publish, s.now().UTC().Truncate(time.Second)); err != nil {
			return err
		}
		if err := s.placeInRoom(ctx, tx, &e, true); err != nil {
			return err
		}
		if err := store.UpdateEvent(ctx, tx, e, prev); err != nil {
			return err
		}
		out = e
		verb := "drafted"
		if publish {
			verb = "published"
		}
		return s.announce(ctx, tx, verb, e, nil)
	})
	if err != nil {
		return domain.Event{}, fmt.Errorf("approve event %s: %w", id, err)
	}
	return out, nil
}

// Decline refuses a proposal with a reason.
func (s *Service) Decline(ctx context.Context, id, reason string) (domain.Event, error) {
	return s.transition(ctx, id, "declined", func(e *domain.Event, now time.Time) error { return e.Decline(reason, now) })
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

// PublishSeries publishes a draft event and every later draft occurrence
// of its series.
func (s *Service) PublishSeries(ctx context.Context, id string) (domain.Event, error) {
	return s.seriesTransition(ctx, id, "published", domain.StatusDraft,
		func(e *domain.Event, now time.Time) error { return e.Publish(now) })
}

// CancelSeries cancels an event and every later draft or published
// occurrence of its series.
func (s *Service) CancelSeries(ctx context.Context, id, reason string) (domain.Event, error) {
	return s.seriesTransition(ctx, id, "cancelled", "",
		func(e *domain.Event, now time.Time) error { return e.Cancel(reason, now) })
}

// seriesTransition changes an event and then the later occurrences of its
// series that allow the change (only those in status only, if set), all in
// one transaction, each announced.
func (s *Service) seriesTransition(ctx context.Context, id, verb string, only domain.Status, change func(*domain.Event, time.Time) error) (domain.Event, error) {
	var out domain.Event
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		e, err := s.transitionIn(ctx, tx, id, verb, change)
		if err != nil {
			return err
		}
		out = e
		if e.SeriesID == "" {
			return nil
		}
		later, err := store.ListEvents(ctx, tx, store.ListFilter{SeriesID: e.SeriesID, From: &e.EndsAt,
			Limit: domain.MaxOccurrences + 1})
		if err != nil {
			return err
		}
		for _, o := range later {
			if o.ID == e.ID || !o.StartsAt.After(e.StartsAt) || (only != "" && o.Status != only) || !o.Live() {
				continue
			}
			if _, err := s.transitionIn(ctx, tx, o.ID, verb, change); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return domain.Event{}, fmt.Errorf("%s series of event %s: %w", verb, id, err)
	}
	return out, nil
}

func (s *Service) transitionIn(ctx context.Context, tx *sqlx.Tx, id, verb string, change func(*domain.Event, time.Time) error) (domain.Event, error) {
	e, err := store.GetEvent(ctx, tx, id)
	if err != nil {
		return domain.Event{}, err
	}
	prev := e.Version
	if err := change(&e, s.now().UTC().Truncate(time.Second)); err != nil {
		return domain.Event{}, err
	}
	if err := store.UpdateEvent(ctx, tx, e, prev); err != nil {
		return domain.Event{}, err
	}
	return e, s.announce(ctx, tx, verb, e, nil)
}

func (s *Service) transition(ctx context.Context, id, verb string, change func(*domain.Event, time.Time) error) (domain.Event, error) {
	var out domain.Event
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		e, err := s.transitionIn(ctx, tx, id, verb, change)
		out = e
		return err
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

// Place describes where an event happens for attendees: room, venue,
// address and city, or the event's own location.
func (s *Service) Place(ctx context.Context, e domain.Event) (string, error) {
	if e.RoomID == "" {
		return e.Location, nil
	}
	room, err := store.GetRoom(ctx, s.db.R, e.RoomID)
	if err != nil {
		return "", err
	}
	v, err := store.GetVenue(ctx, s.db.R, room.VenueID)
	if err != nil {
		return "", err
	}
	parts := []string{room.Name, v.Name}
	if v.Address != "" {
		parts = append(parts, v.Address)
	}
	if v.City != "" {
		parts = append(parts, v.City)
	}
	place := strings.Join(parts, ", ")
	if e.Location != "" {
		place = e.Location + " (" + place + ")"
	}
	return place, nil
}

// CalendarLimit is the most events a calendar feed holds.
const CalendarLimit = 2000

// CalendarEvents returns the events of a calendar feed: from half a year
// ago on, optionally of one programme or venue, in start order.
func (s *Service) CalendarEvents(ctx context.Context, programmeID, venueID string) ([]domain.Event, error) {
	from := s.now().AddDate(0, -6, 0)
	if venueID != "" {
		if _, err := store.GetVenue(ctx, s.db.R, venueID); err != nil {
			return nil, err
		}
	}
	return store.ListEvents(ctx, s.db.R, store.ListFilter{From: &from, ProgrammeID: programmeID, VenueID: venueID,
		Limit: CalendarLimit})
}

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }
