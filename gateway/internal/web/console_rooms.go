package web

import (
	"net/http"
	"net/url"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// roomsPage is the data of /beheer/zalen: one venue's week, a row per day
// and a column per room.
type roomsPage struct {
	Venues  []option
	VenueID string
	Venue   string
	Week    string // the Monday, YYYY-MM-DD
	Title   string
	Prev    string
	Next    string
	Rooms   []roomColumn
	Days    []roomDay
}

type roomColumn struct {
	Name            string
	Capacity, Setup int
}

type roomDay struct {
	Label string
	Cells []roomCell
}

// roomCell is one room on one day: its bookings and its free periods.
type roomCell struct {
	Bookings []roomBooking
	Free     []roomFree
}

type roomBooking struct {
	EventID, Title, Time, Status string
	// Setup is the room's set-up buffer around the booking, in minutes.
	Setup int
}

type roomFree struct {
	Time string
	// New starts an event in this room at the start of the free period.
	New string
}

// freeSlotMinutes is the length of the slot a free period offers.
const freeSlotMinutes = 60

// rooms serves GET /beheer/zalen?venueId=&week=: the week's bookings of a
// venue's rooms, with their set-up buffers, and the free periods, each a
// link that starts an event there.
func (h *Handler) rooms(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	ctx := r.Context()
	dir, err := h.directory.refresh(ctx)
	if err != nil {
		h.staffFailed(w, r, "rooms", err)
		return
	}
	p := roomsPage{}
	q := r.URL.Query()
	var venue *eventsv1.Venue
	for _, v := range dir.venues {
		p.Venues = append(p.Venues, option{Value: v.GetId(), Label: joinNonEmpty(", ", v.GetName(), v.GetCity())})
		if venue == nil || v.GetId() == q.Get("venueId") {
			venue = v
		}
	}
	day, ok := parseDate(q.Get("week"))
	if !ok {
		day = dayStart(h.now())
	}
	monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	p.Week = monday.Format(dateLayout)
	if venue == nil {
		h.renderStaff(w, r, s, http.StatusOK, "console/rooms", p)
		return
	}
	p.VenueID, p.Venue = venue.GetId(), venue.GetName()
	p.Title = l.T("rooms.week", "Venue", venue.GetName(), "Date", l.Date(monday))
	link := func(d time.Time) string {
		return "/beheer/zalen?" + url.Values{"venueId": {venue.GetId()}, "week": {d.Format(dateLayout)}}.Encode()
	}
	p.Prev, p.Next = link(monday.AddDate(0, 0, -7)), link(monday.AddDate(0, 0, 7))
	for i := range 7 {
		p.Days = append(p.Days, roomDay{Label: l.Date(monday.AddDate(0, 0, i))})
	}
	end := monday.AddDate(0, 0, 7)
	for _, room := range venue.GetRooms() {
		p.Rooms = append(p.Rooms, roomColumn{Name: room.GetName(), Capacity: int(room.GetCapacity()), Setup: int(room.GetSetupMinutes())})
		bookings, err := h.events.ListRoomBookings(ctx, &eventsv1.ListRoomBookingsRequest{RoomId: room.GetId(),
			From: timestamppb.New(monday), To: timestamppb.New(end)})
		if err != nil {
			h.staffFailed(w, r, "rooms", err)
			return
		}
		free, err := h.events.ListFreeSlots(ctx, &eventsv1.ListFreeSlotsRequest{RoomId: room.GetId(),
			From: timestamppb.New(maxTime(monday, h.now())), To: timestamppb.New(end), DurationMinutes: freeSlotMinutes})
		if err != nil {
			h.staffFailed(w, r, "rooms", err)
			return
		}
		cells := make([]roomCell, 7)
		dayOf := func(t time.Time) int { return int(dayStart(t).Sub(monday).Hours()+12) / 24 }
		for _, b := range bookings.GetItems() {
			s, e := b.GetStartsAt().AsTime(), b.GetEndsAt().AsTime()
			if i := dayOf(s); i >= 0 && i < 7 {
				cells[i].Bookings = append(cells[i].Bookings, roomBooking{EventID: b.GetEventId(), Title: b.GetTitle(),
					Time: l.Clock(s) + "–" + l.Clock(e), Status: b.GetStatus(), Setup: int(room.GetSetupMinutes())})
			}
		}
		for _, f := range free.GetItems() {
			for i := range 7 {
				s, e, ok := daytime(monday.AddDate(0, 0, i), f.GetStartsAt().AsTime(), f.GetEndsAt().AsTime())
				if !ok {
					continue
				}
				cells[i].Free = append(cells[i].Free, roomFree{Time: l.Clock(s) + "–" + l.Clock(e),
					New: "/beheer/evenementen/nieuw?" + url.Values{"roomId": {room.GetId()}, "startsAt": {localValue(s)},
						"endsAt": {localValue(s.Add(freeSlotMinutes * time.Minute))}}.Encode()})
			}
		}
		for i := range p.Days {
			p.Days[i].Cells = append(p.Days[i].Cells, cells[i])
		}
	}
	h.renderStaff(w, r, s, http.StatusOK, "console/rooms", p)
}

// The part of a day the rooms page offers free periods in: a room
// without bookable hours is free around the clock, which nobody books.
const (
	dayOpens  = 8 * time.Hour
	dayCloses = 22 * time.Hour
)

// daytime cuts the free period [s, e) to the daytime of day; ok is false
// when less than a slot remains.
func daytime(day, s, e time.Time) (time.Time, time.Time, bool) {
	open := time.Date(day.Year(), day.Month(), day.Day(), int(dayOpens.Hours()), 0, 0, 0, day.Location())
	closes := time.Date(day.Year(), day.Month(), day.Day(), int(dayCloses.Hours()), 0, 0, 0, day.Location())
	s, e = maxTime(s, open), minTime(e, closes)
	// Offer a round time: the next quarter of an hour.
	if q := s.Truncate(15 * time.Minute); q.Before(s) {
		s = q.Add(15 * time.Minute)
	}
	return s, e, e.Sub(s) >= freeSlotMinutes*time.Minute
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
