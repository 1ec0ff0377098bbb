package bus

import (
	"errors"
	"reflect"
	"testing"

	"google.golang.org/protobuf/proto"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/platform/inbox"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
)

// Every verb of each aggregate the service follows is handled or ignored
// on purpose: a verb the events or registrations service adds fails here
// (and service.Run refuses to start) until this service decides on it.
func TestConsumersDecideEveryVerb(t *testing.T) {
	t.Parallel()
	for _, c := range Consumers(nil) {
		if u := c.Undecided(); len(u) > 0 {
			t.Errorf("consumer %s of %s: no decision for %v", c.Durable, c.Stream, u)
		}
	}
}

func TestDecodeEventCompleted(t *testing.T) {
	t.Parallel()
	ev, err := proto.Marshal(&eventsv1.EventChanged{Event: &eventsv1.Event{Id: "e1", Title: "Ontbijt", HostAmbassadorIds: []string{"a", "b"}}})
	if err != nil {
		t.Fatal(err)
	}
	e, err := decodeEventCompleted(inbox.Message{Subject: string(subject.EventCompleted), Data: ev})
	if err != nil {
		t.Fatal(err)
	}
	if e.EventID != "e1" || e.Title != "Ontbijt" || len(e.HostIDs) != 2 {
		t.Fatalf("event = %+v", e)
	}
	// Garbage and a missing id are permanent.
	for _, data := range [][]byte{{0xff, 0xff}, nil} {
		if _, err := decodeEventCompleted(inbox.Message{Subject: string(subject.EventCompleted), Data: data}); !errors.Is(err, inbox.ErrPermanent) {
			t.Errorf("data %x: err = %v, want ErrPermanent", data, err)
		}
	}
}

func TestDecodeAttendance(t *testing.T) {
	t.Parallel()
	att, err := proto.Marshal(&registrationsv1.AttendanceSummarised{EventId: "e1", Confirmed: 9, CheckedIn: 7,
		KvkNumbers: []string{"12345678", "24354561"}})
	if err != nil {
		t.Fatal(err)
	}
	// Without a version in the payload, the header's counts.
	a, err := decodeAttendance(inbox.Message{Subject: string(subject.AttendanceSummarised), Version: 3, Data: att})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, domain.EventAttendance{EventID: "e1", Confirmed: 9, CheckedIn: 7, Version: 3,
		KvKNumbers: []string{"12345678", "24354561"}}) {
		t.Fatalf("attendance = %+v", a)
	}
	if _, err := decodeAttendance(inbox.Message{Subject: string(subject.AttendanceSummarised)}); !errors.Is(err, inbox.ErrPermanent) {
		t.Errorf("without an event: err = %v, want ErrPermanent", err)
	}
}

// FuzzDecoders feeds arbitrary payloads to the decoders of what other
// services publish: they fail cleanly or pass on what they read.
func FuzzDecoders(f *testing.F) {
	ev, _ := proto.Marshal(&eventsv1.EventChanged{Event: &eventsv1.Event{Id: "e1", HostAmbassadorIds: []string{"a"}}})
	att, _ := proto.Marshal(&registrationsv1.AttendanceSummarised{EventId: "e1", CheckedIn: -4})
	f.Add(ev)
	f.Add(att)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if e, err := decodeEventCompleted(inbox.Message{Data: data}); err == nil && e.EventID == "" {
			t.Fatalf("event passed on without an id: %+v", e)
		} else if err != nil && !errors.Is(err, inbox.ErrPermanent) {
			t.Fatalf("error not permanent: %v", err)
		}
		if a, err := decodeAttendance(inbox.Message{Data: data}); err == nil && (a.CheckedIn < 0 || a.EventID == "") {
			t.Fatalf("attendance passed on: %+v", a)
		} else if err != nil && !errors.Is(err, inbox.ErrPermanent) {
			t.Fatalf("error not permanent: %v", err)
		}
	})
}
