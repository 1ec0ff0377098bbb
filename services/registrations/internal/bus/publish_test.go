package bus_test

import (
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
	"plein.dev/registrations/internal/bus"
	"plein.dev/registrations/internal/domain"
)

var start = time.Date(2026, 12, 10, 7, 0, 0, 0, time.UTC)

func TestRegistrationChanged(t *testing.T) {
	t.Parallel()
	ev := domain.Event{ID: "e1", Title: "Ontbijt", Description: "Met koffie", StartsAt: start, EndsAt: start.Add(time.Hour), Location: "A"}
	r := domain.Registration{ID: "r1", EventID: "e1", Status: domain.StatusCancelled, Version: 4, CancelledBy: domain.CancelledByEvent,
		Language: domain.LanguageEnglish}
	msg, err := bus.RegistrationChanged(subject.RegistrationCancelled, r, ev, bus.ForMail{SealedToken: "s1.k.x", CalendarSequence: 9}, start)
	if err != nil {
		t.Fatal(err)
	}
	var m registrationsv1.RegistrationChanged
	if err := proto.Unmarshal(msg.Payload, &m); err != nil {
		t.Fatal(err)
	}
	if msg.Subject != string(subject.RegistrationCancelled) || msg.Version != 4 || msg.Aggregate != "registration:r1" ||
		m.GetRegistration().GetCancelledBy() != domain.CancelledByEvent || m.GetEventTitle() != "Ontbijt" ||
		m.GetEventLocation() != "A" || m.GetPreviousStartsAt() != nil || m.GetEventDescription() != "Met koffie" ||
		m.GetSealedManageToken() != "s1.k.x" || m.GetCalendarSequence() != 9 || m.GetRegistration().GetLanguage() != "en" {
		t.Fatalf("%+v %v", msg, &m)
	}
	for _, s := range []subject.Subject{subject.SeatsChanged, subject.EventCancelled, subject.RegistrationRescheduled} {
		if _, err := bus.RegistrationChanged(s, r, ev, bus.ForMail{}, start); err == nil {
			t.Errorf("registration change on %s", s)
		}
	}
}

func TestRescheduledCarriesBefore(t *testing.T) {
	t.Parallel()
	before := domain.Event{ID: "e1", StartsAt: start, EndsAt: start.Add(time.Hour), Location: "A"}
	after := domain.Event{ID: "e1", StartsAt: start.Add(time.Hour), Location: "B"}
	msg, err := bus.RegistrationRescheduled(domain.Registration{ID: "r1", Version: 3}, after, before, bus.ForMail{CalendarSequence: 5}, start)
	if err != nil {
		t.Fatal(err)
	}
	var m registrationsv1.RegistrationChanged
	if err := proto.Unmarshal(msg.Payload, &m); err != nil {
		t.Fatal(err)
	}
	if msg.Subject != string(subject.RegistrationRescheduled) || msg.Version != 3 || msg.Aggregate != "registration:r1" ||
		m.GetEventLocation() != "B" || m.GetPreviousLocation() != "A" || !m.GetPreviousStartsAt().AsTime().Equal(start) ||
		!m.GetPreviousEndsAt().AsTime().Equal(start.Add(time.Hour)) || m.GetCalendarSequence() != 5 || m.GetSealedManageToken() != "" {
		t.Fatalf("%+v %v", msg, &m)
	}
}

func TestSeatsChanged(t *testing.T) {
	t.Parallel()
	msg, err := bus.SeatsChanged(domain.Seats{EventID: "e1", Capacity: 2, Confirmed: 3, Waitlisted: 4}, 9, start)
	if err != nil {
		t.Fatal(err)
	}
	var m registrationsv1.SeatsChanged
	if err := proto.Unmarshal(msg.Payload, &m); err != nil {
		t.Fatal(err)
	}
	s := m.GetSeats()
	if msg.Subject != string(subject.SeatsChanged) || msg.Aggregate != "seats:e1" || msg.Version != 9 || m.GetVersion() != 9 ||
		s.GetCapacity() != 2 || s.GetSeatsTaken() != 3 || s.GetWaitlistLength() != 4 || s.GetSeatsFree() != 0 {
		t.Fatalf("%+v %v", msg, &m)
	}
}

func TestAttendanceSummarised(t *testing.T) {
	t.Parallel()
	a := domain.Attendance{EventID: "e1", EventStatus: domain.EventCompleted, Confirmed: 10, CheckedIn: 7}
	msg, err := bus.AttendanceSummarised(a, []string{"12345678", "87654321"}, 2, start)
	if err != nil {
		t.Fatal(err)
	}
	var m registrationsv1.AttendanceSummarised
	if err := proto.Unmarshal(msg.Payload, &m); err != nil {
		t.Fatal(err)
	}
	if msg.Subject != string(subject.AttendanceSummarised) || msg.Aggregate != "attendance:e1" || msg.Version != 2 ||
		m.GetConfirmed() != 10 || m.GetCheckedIn() != 7 || m.GetNoShows() != 3 ||
		strings.Join(m.GetKvkNumbers(), ",") != "12345678,87654321" {
		t.Fatalf("%+v %v", msg, &m)
	}
}
