package store_test

import (
	"slices"
	"testing"
	"time"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
)

func bookingIDs(bs []domain.Booking) []string {
	out := make([]string, 0, len(bs))
	for _, b := range bs {
		out = append(out, b.EventID)
	}
	return out
}

// TestRoomBookings is the query behind the room-conflict check: the live
// (draft and published) bookings of one room that overlap a span, less the
// event being moved.
func TestRoomBookings(t *testing.T) {
	t.Parallel()
	db := open(t)
	room := venueWithRoom(t, db, "v1", "r1")
	other := venueWithRoom(t, db, "v2", "r2")
	in := func(id string, roomID string, start time.Time, s domain.Status) domain.Event {
		e := event(id, start)
		e.RoomID, e.Status = roomID, s
		return e
	}
	insert(t, db,
		in("draft", room.ID, at(1, 9), domain.StatusDraft),
		in("published", room.ID, at(1, 11), domain.StatusPublished),
		in("completed", room.ID, at(1, 13), domain.StatusCompleted),
		in("cancelled", room.ID, at(1, 10), domain.StatusCancelled),
		in("proposed", room.ID, at(1, 12), domain.StatusProposed),
		in("elsewhere", other.ID, at(1, 9), domain.StatusPublished),
		in("next day", room.ID, at(2, 9), domain.StatusDraft),
	)
	cases := []struct {
		name     string
		from, to time.Time
		exclude  string
		want     []string
	}{
		{"the day", at(1, 0), at(2, 0), "", []string{"draft", "published"}},
		{"overlapping one", at(1, 9).Add(30 * time.Minute), at(1, 10).Add(30 * time.Minute), "", []string{"draft"}},
		{"touching ends", at(1, 10), at(1, 11), "", []string{}},
		{"without the event moved", at(1, 0), at(2, 0), "draft", []string{"published"}},
	}
	for _, c := range cases {
		got, err := store.RoomBookings(bg, db.R, room.ID, c.from, c.to, c.exclude)
		must(t, err)
		if !slices.Equal(bookingIDs(got), c.want) {
			t.Errorf("%s: %v, want %v", c.name, bookingIDs(got), c.want)
		}
	}
	// The schedule shows what was held too.
	got, err := store.RoomSchedule(bg, db.R, room.ID, at(1, 0), at(2, 0))
	must(t, err)
	if want := []string{"draft", "published", "completed"}; !slices.Equal(bookingIDs(got), want) {
		t.Errorf("schedule %v, want %v", bookingIDs(got), want)
	}
	if b := got[1]; b.Title != "Event published" || !b.StartsAt.Equal(at(1, 11)) || !b.EndsAt.Equal(at(1, 12)) || b.Status != domain.StatusPublished {
		t.Errorf("booking %+v", b)
	}
}

// TestRoomBookingsFindLongBookings: the read is bounded by the room's
// longest booking, so a booking that started long before the span still
// counts, even one longer than the domain allows today (stored before
// domain.MaxDuration existed).
func TestRoomBookingsFindLongBookings(t *testing.T) {
	t.Parallel()
	db := open(t)
	room := venueWithRoom(t, db, "v1", "r1")
	long := event("long", at(1, 9))
	long.RoomID, long.EndsAt = room.ID, at(1, 9).Add(domain.MaxDuration+10*24*time.Hour)
	short := event("short", at(20, 9))
	short.RoomID = room.ID
	insert(t, db, long, short)
	got, err := store.RoomBookings(bg, db.R, room.ID, at(22, 0), at(23, 0), "")
	must(t, err)
	if want := []string{"long"}; !slices.Equal(bookingIDs(got), want) {
		t.Errorf("bookings three weeks into a 24-day booking: %v, want %v", bookingIDs(got), want)
	}
	got, err = store.RoomBookings(bg, db.R, room.ID, at(20, 0), at(21, 0), "")
	must(t, err)
	if want := []string{"long", "short"}; !slices.Equal(bookingIDs(got), want) {
		t.Errorf("bookings on the 20th: %v, want %v", bookingIDs(got), want)
	}
}
