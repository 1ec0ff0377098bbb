package app

import (
	"context"
	"errors"
	"time"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/platform/rule"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/zone"
)

// RoomBookings returns a room's schedule (draft, published and completed
// events) that overlaps [from, to); a nil bound leaves that side open.
// Organisers only; another organisation's event that is not public shows
// as "bezet", without its title or id.
func (a *App) RoomBookings(ctx context.Context, roomID string, from, to *time.Time) ([]domain.Booking, error) {
	if err := requireOrganiser(ctx); err != nil {
		return nil, err
	}
	lo, hi := time.Unix(0, 0), a.now().AddDate(100, 0, 0)
	if from != nil {
		lo = *from
	}
	if to != nil {
		hi = *to
	}
	if _, err := store.GetRoom(ctx, a.db.R, roomID); err != nil {
		return nil, err
	}
	bookings, err := store.RoomSchedule(ctx, a.db.R, roomID, lo, hi)
	if err != nil {
		return nil, err
	}
	for i, b := range bookings {
		bookings[i] = shownBooking(ctx, b)
	}
	return bookings, nil
}

// shownBooking returns the booking as the caller may see it: whole when
// they manage its event or it is public, else only that the room is taken.
func shownBooking(ctx context.Context, b domain.Booking) domain.Booking {
	if b.Public() || manages(ctx, b.Owners) {
		return b
	}
	return b.Hidden()
}

// FreeSlots returns the windows in [from, to) of at least min in which the
// room could take a new booking. Organisers only.
func (a *App) FreeSlots(ctx context.Context, roomID string, from, to time.Time, min time.Duration) ([]domain.Interval, error) {
	if err := requireOrganiser(ctx); err != nil {
		return nil, err
	}
	if !to.After(from) {
		return nil, domain.Unmet("to", "must be after from")
	}
	if to.Sub(from) > 366*24*time.Hour {
		return nil, domain.Unmet("to", "at most a year after from")
	}
	room, err := store.GetRoom(ctx, a.db.R, roomID)
	if err != nil {
		return nil, err
	}
	setup := room.Setup()
	bookings, err := store.RoomBookings(ctx, a.db.R, roomID, from.Add(-setup), to.Add(setup), "")
	if err != nil {
		return nil, err
	}
	return room.FreeSlots(bookings, from, to, min), nil
}

// Occupancy is a room's use in one month.
type Occupancy struct {
	Booked, Bookable time.Duration
}

// Ratio is the booked share of the bookable time, 0 when nothing is
// bookable.
func (o Occupancy) Ratio() float64 {
	if o.Bookable <= 0 {
		return 0
	}
	return o.Booked.Hours() / o.Bookable.Hours()
}

// RoomOccupancy returns the booked and bookable time of a room in a month
// ("YYYY-MM", Europe/Amsterdam). Organisers only.
func (a *App) RoomOccupancy(ctx context.Context, roomID, month string) (Occupancy, error) {
	if err := requireOrganiser(ctx); err != nil {
		return Occupancy{}, err
	}
	first, err := time.ParseInLocation("2006-01", month, zone.Amsterdam)
	if err != nil {
		return Occupancy{}, rule.InvalidField("month", "must be YYYY-MM")
	}
	next := first.AddDate(0, 1, 0)
	room, err := store.GetRoom(ctx, a.db.R, roomID)
	if err != nil {
		return Occupancy{}, err
	}
	schedule, err := store.RoomSchedule(ctx, a.db.R, roomID, first, next)
	if err != nil {
		return Occupancy{}, err
	}
	booked, bookable := room.Occupancy(schedule, first, next)
	return Occupancy{Booked: booked, Bookable: bookable}, nil
}

// placeInRoom applies the room's rules to an event that has one: capacity
// defaults to the room's unless capacitySet (a new event given none) and
// may not exceed it, the room must be open then,
// and no other live booking may come within the room's set-up time. The
// check runs in the transaction that stores the event, so two bookings at
// once cannot both win.
func placeInRoom(ctx context.Context, tx sqlite.Tx, e *domain.Event, capacitySet bool) error {
	if e.RoomID == "" {
		if !capacitySet && e.Visibility != domain.VisibilityInternal {
			return domain.Unmet("capacity", "is required for an event without a room")
		}
		return nil
	}
	room, err := roomFor(ctx, tx, e, capacitySet)
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
			b = shownBooking(ctx, b)
			return &domain.RoomConflictError{EventID: b.EventID, Title: b.Title, StartsAt: b.StartsAt, EndsAt: b.EndsAt}
		}
	}
	return nil
}

// roomFor checks that the event's room exists and applies its capacity:
// the default (unless capacitySet), and the limit.
func roomFor(ctx context.Context, tx sqlite.Tx, e *domain.Event, capacitySet bool) (domain.Room, error) {
	room, err := store.GetRoom(ctx, tx, e.RoomID)
	if errors.Is(err, domain.ErrNotFound) {
		return domain.Room{}, domain.Unmet("roomId", "no such room")
	}
	if err != nil {
		return domain.Room{}, err
	}
	if !capacitySet {
		e.Capacity = room.Capacity
	}
	if err := room.Seats(e.Capacity); err != nil {
		return domain.Room{}, err
	}
	return room, nil
}
