package bus_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jmoiron/sqlx"
	"google.golang.org/protobuf/proto"

	"plein.dev/ambassadors/internal/bus"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/platform/inbox"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

type fakeCrediter struct {
	events      []domain.HostedEvent
	attendances []domain.EventAttendance
}

func (f *fakeCrediter) CreditHostedEvent(_ context.Context, _ *sqlx.Tx, e domain.HostedEvent) error {
	f.events = append(f.events, e)
	return nil
}

func (f *fakeCrediter) RecordAttendance(_ context.Context, _ *sqlx.Tx, a domain.EventAttendance) error {
	f.attendances = append(f.attendances, a)
	return nil
}

func TestHandlersDecode(t *testing.T) {
	f := &fakeCrediter{}
	ev, _ := proto.Marshal(&eventsv1.EventChanged{Event: &eventsv1.Event{Id: "e1", Title: "Ontbijt", HostAmbassadorIds: []string{"a", "b"}}})
	if err := bus.EventCompletedHandler(f)(context.Background(), nil, inbox.Message{Subject: bus.SubjectEventCompleted, Data: ev}); err != nil {
		t.Fatal(err)
	}
	att, _ := proto.Marshal(&registrationsv1.AttendanceSummarised{EventId: "e1", Confirmed: 9, CheckedIn: 7})
	if err := bus.AttendanceHandler(f)(context.Background(), nil, inbox.Message{Subject: bus.SubjectAttendanceSummarised,
		Version: 3, Data: att}); err != nil {
		t.Fatal(err)
	}
	if len(f.events) != 1 || f.events[0].EventID != "e1" || len(f.events[0].HostIDs) != 2 {
		t.Fatalf("events = %+v", f.events)
	}
	// Without a version in the payload, the header's counts.
	if len(f.attendances) != 1 || f.attendances[0] != (domain.EventAttendance{EventID: "e1", Confirmed: 9, CheckedIn: 7, Version: 3}) {
		t.Fatalf("attendances = %+v", f.attendances)
	}
	// Another subject is ignored; garbage and a missing id are permanent.
	if err := bus.EventCompletedHandler(f)(context.Background(), nil, inbox.Message{Subject: "plein.events.event.updated", Data: ev}); err != nil || len(f.events) != 1 {
		t.Fatalf("other subject: %v, %d events", err, len(f.events))
	}
	for _, data := range [][]byte{{0xff, 0xff}, nil} {
		err := bus.EventCompletedHandler(f)(context.Background(), nil, inbox.Message{Subject: bus.SubjectEventCompleted, Data: data})
		if !errors.Is(err, inbox.ErrPermanent) {
			t.Errorf("data %x: err = %v, want ErrPermanent", data, err)
		}
	}
}

// FuzzHandlers feeds arbitrary payloads to the decoders of what other
// services publish: they fail cleanly or pass on what they read.
func FuzzHandlers(f *testing.F) {
	ev, _ := proto.Marshal(&eventsv1.EventChanged{Event: &eventsv1.Event{Id: "e1", HostAmbassadorIds: []string{"a"}}})
	att, _ := proto.Marshal(&registrationsv1.AttendanceSummarised{EventId: "e1", CheckedIn: -4})
	f.Add(ev)
	f.Add(att)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &fakeCrediter{}
		_ = bus.EventCompletedHandler(c)(context.Background(), nil, inbox.Message{Subject: bus.SubjectEventCompleted, Data: data})
		_ = bus.AttendanceHandler(c)(context.Background(), nil, inbox.Message{Subject: bus.SubjectAttendanceSummarised, Data: data})
		for _, a := range c.attendances {
			if a.CheckedIn < 0 || a.EventID == "" {
				t.Fatalf("attendance passed on: %+v", a)
			}
		}
	})
}
