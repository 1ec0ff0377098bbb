package bus_test

import (
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"plein.dev/events/internal/bus"
	"plein.dev/events/internal/domain"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	"plein.dev/proto/subject"
)

func TestEventChanged(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	before := domain.Event{ID: "e1", RoomID: "r1", StartsAt: at, EndsAt: at.Add(time.Hour), Version: 2}
	after := before
	after.RoomID, after.StartsAt, after.EndsAt, after.Version = "r2", at.Add(time.Hour), at.Add(2*time.Hour), 3

	for _, s := range subject.Published(subject.StreamEvents) {
		m, err := bus.EventChanged(s, after, &before, "Zaal 1, Ondernemersplein", at)
		if err != nil {
			t.Fatal(err)
		}
		if m.Subject != string(s) || m.Aggregate != "event:e1" || m.Version != 3 {
			t.Errorf("%s: message %s %s v%d", s, m.Subject, m.Aggregate, m.Version)
		}
		var got eventsv1.EventChanged
		if err := proto.Unmarshal(m.Payload, &got); err != nil {
			t.Fatal(err)
		}
		if got.GetEvent().GetId() != "e1" || got.GetEvent().GetRoomId() != "r2" || got.GetPlace() != "Zaal 1, Ondernemersplein" {
			t.Errorf("%s: event %v", s, got.GetEvent())
		}
		// Only a reschedule carries the time and place before.
		if moved := got.GetPreviousRoomId() == "r1" && got.GetPreviousStartsAt().AsTime().Equal(at); moved != (s == subject.EventRescheduled) {
			t.Errorf("%s: previous room %q start %v", s, got.GetPreviousRoomId(), got.GetPreviousStartsAt())
		}
	}
}
