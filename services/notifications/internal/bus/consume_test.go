package bus

import (
	"errors"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/inbox"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
)

// Every verb of a registration is handled or ignored on purpose: a verb the
// registrations service adds fails here (and service.Run refuses to start)
// until this service decides on it. The rescheduled verb was once dropped
// silently.
func TestConsumersDecideEveryVerb(t *testing.T) {
	t.Parallel()
	consumers := Consumers(nil)
	for _, c := range consumers {
		if u := c.Undecided(); len(u) > 0 {
			t.Errorf("consumer %s of %s: no decision for %v", c.Durable, c.Stream, u)
		}
	}
	if _, ok := consumers[0].Handle[subject.RegistrationRescheduled]; !ok {
		t.Error("registration.rescheduled is not handled: attendees would not hear their event moved")
	}
}

func encode(t testing.TB, m *registrationsv1.RegistrationChanged) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeRegistration(t *testing.T) {
	t.Parallel()
	starts := time.Date(2026, 6, 4, 17, 0, 0, 0, time.UTC)
	before := starts.Add(-24 * time.Hour)
	pos, reason := int32(2), "De zaal is onbruikbaar."
	data := encode(t, &registrationsv1.RegistrationChanged{
		Registration: &registrationsv1.Registration{Id: "r1", EventId: "ev1", Name: "Jan", Email: "jan@example.nl",
			Status: "waitlisted", WaitlistPosition: &pos, CancellationReason: &reason, Version: 3},
		EventTitle:       "Titel",
		EventStartsAt:    timestamppb.New(starts),
		EventEndsAt:      timestamppb.New(starts.Add(time.Hour)),
		EventLocation:    "Ondernemersplein",
		PreviousStartsAt: timestamppb.New(before),
		PreviousLocation: "Stadhuis",
	})
	c, err := decodeRegistration(inbox.Message{Subject: string(subject.RegistrationRescheduled), Data: data, Version: 3})
	if err != nil {
		t.Fatal(err)
	}
	if c.RegistrationID != "r1" || c.EventID != "ev1" || c.Version != 3 || c.Name != "Jan" || c.Status != "waitlisted" ||
		c.Email != "jan@example.nl" || c.EventTitle != "Titel" || !c.EventStartsAt.Equal(starts) ||
		!c.EventEndsAt.Equal(starts.Add(time.Hour)) || c.EventLocation != "Ondernemersplein" ||
		!c.PreviousStartsAt.Equal(before) || c.PreviousLocation != "Stadhuis" ||
		c.WaitlistPosition != 2 || c.CancellationReason != reason {
		t.Errorf("change = %+v", c)
	}

	for name, m := range map[string]inbox.Message{
		"garbage": {Subject: string(subject.RegistrationConfirmed), Data: []byte{0xff, 0xff}},
		"no id":   {Subject: string(subject.RegistrationConfirmed), Data: encode(t, &registrationsv1.RegistrationChanged{})},
	} {
		if _, err := decodeRegistration(m); !errors.Is(err, inbox.ErrPermanent) {
			t.Errorf("%s: err %v, want ErrPermanent", name, err)
		}
	}
}

func FuzzDecodeRegistration(f *testing.F) {
	f.Add(encode(f, &registrationsv1.RegistrationChanged{
		Registration: &registrationsv1.Registration{Id: "r1", Email: "a@b.nl", Version: 1}}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := decodeRegistration(inbox.Message{Subject: string(subject.RegistrationConfirmed), Data: data})
		if err != nil {
			if !errors.Is(err, inbox.ErrPermanent) {
				t.Fatalf("error not permanent: %v", err)
			}
			return
		}
		if c.RegistrationID == "" {
			t.Fatalf("accepted %+v", c)
		}
	})
}
