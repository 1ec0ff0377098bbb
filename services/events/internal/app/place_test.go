package app_test

import (
	"testing"

	"google.golang.org/protobuf/proto"

	"plein.dev/events/internal/domain"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// Every message about an event carries its place for attendees: the room,
// venue and city of an event in a room, after its own location if it has
// one; the location alone otherwise. (The registrations and notifications
// services know venues only from it.)
func TestMessagesCarryThePlace(t *testing.T) {
	t.Parallel()
	s, db, room := setup(t)
	for _, tc := range []struct {
		ev   domain.Event
		want string
	}{
		{domain.Event{Title: "In een zaal", RoomID: room.ID, Capacity: 10, StartsAt: at(5, 9, 0), EndsAt: at(5, 10, 0)},
			"Zaal 1, Ondernemersplein, Rotterdam"},
		{domain.Event{Title: "Met beide", RoomID: room.ID, Location: "Ingang B", Capacity: 10, StartsAt: at(6, 9, 0), EndsAt: at(6, 10, 0)},
			"Ingang B (Zaal 1, Ondernemersplein, Rotterdam)"},
		{domain.Event{Title: "Elders", Location: "Stadhuis", Capacity: 10, StartsAt: at(7, 9, 0), EndsAt: at(7, 10, 0)},
			"Stadhuis"},
	} {
		e, err := s.CreateEvent(org, tc.ev, true)
		if err != nil {
			t.Fatal(err)
		}
		var payload []byte
		if err := db.R.Get(&payload, `SELECT payload FROM outbox WHERE aggregate = ? ORDER BY seq DESC LIMIT 1`,
			"event:"+e.ID); err != nil {
			t.Fatal(err)
		}
		var m eventsv1.EventChanged
		if err := proto.Unmarshal(payload, &m); err != nil {
			t.Fatal(err)
		}
		if m.GetPlace() != tc.want {
			t.Errorf("%s: place %q, want %q", tc.ev.Title, m.GetPlace(), tc.want)
		}
	}
}
