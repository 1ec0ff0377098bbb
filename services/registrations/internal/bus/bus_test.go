package bus_test

import (
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/inbox"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/bus"
	"plein.dev/registrations/internal/domain"
)

func TestDecodeEvent(t *testing.T) {
	start := time.Date(2026, 12, 10, 7, 0, 0, 0, time.UTC)
	loc, code, reason := "Ondernemersplein", "K7QXPL4M", "storm"
	data, err := proto.Marshal(&eventsv1.EventChanged{Event: &eventsv1.Event{
		Id: "e1", Title: "Ontbijt", StartsAt: timestamppb.New(start), EndsAt: timestamppb.New(start.Add(time.Hour)),
		Capacity: 40, Status: "cancelled", Visibility: "invite-only", Location: &loc, InviteCode: &code,
		CancellationReason: &reason, RegistrationOpensAt: timestamppb.New(start.Add(-48 * time.Hour)),
	}})
	if err != nil {
		t.Fatal(err)
	}
	ev, why, err := bus.DecodeEvent(inbox.Message{Subject: "plein.events.event.cancelled", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	if ev.ID != "e1" || ev.Location != loc || ev.InviteCode != code || why != reason || ev.Capacity != 40 ||
		ev.OpensAt == nil || !ev.OpensAt.Equal(start.Add(-48*time.Hour)) || ev.ClosesAt != nil || !ev.EndsAt.Equal(start.Add(time.Hour)) {
		t.Fatalf("decoded %+v %q", ev, why)
	}
	if _, _, err := bus.DecodeEvent(inbox.Message{Subject: "x", Data: []byte{0xff}}); err == nil {
		t.Error("garbage decoded")
	}
}

func TestRescheduledCarriesBefore(t *testing.T) {
	start := time.Date(2026, 12, 10, 7, 0, 0, 0, time.UTC)
	before := domain.Event{ID: "e1", StartsAt: start, Location: "A"}
	after := domain.Event{ID: "e1", StartsAt: start.Add(time.Hour), Location: "B"}
	msg, err := bus.RegistrationRescheduled(domain.Registration{ID: "r1", Version: 3}, after, before, start)
	if err != nil {
		t.Fatal(err)
	}
	var m registrationsv1.RegistrationChanged
	if err := proto.Unmarshal(msg.Payload, &m); err != nil {
		t.Fatal(err)
	}
	if msg.Subject != "plein.registrations.registration.rescheduled" || msg.Version != 3 || msg.Aggregate != "registration:r1" ||
		m.GetEventLocation() != "B" || m.GetPreviousLocation() != "A" || !m.GetPreviousStartsAt().AsTime().Equal(start) {
		t.Fatalf("%+v %v", msg, &m)
	}
}

func TestAttendanceSummarised(t *testing.T) {
	msg, err := bus.AttendanceSummarised("e1", 10, 7, 2, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var m registrationsv1.AttendanceSummarised
	if err := proto.Unmarshal(msg.Payload, &m); err != nil {
		t.Fatal(err)
	}
	if msg.Subject != "plein.registrations.attendance.summarised" || msg.Aggregate != "attendance:e1" || msg.Version != 2 ||
		m.GetConfirmed() != 10 || m.GetCheckedIn() != 7 || m.GetNoShows() != 3 {
		t.Fatalf("%+v %v", msg, &m)
	}
}
