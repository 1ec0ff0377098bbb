package bus

import (
	"errors"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/inbox"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

func encode(t testing.TB, m *registrationsv1.RegistrationChanged) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeRegistration(t *testing.T) {
	starts := time.Date(2026, 6, 4, 17, 0, 0, 0, time.UTC)
	pos, reason := int32(2), "De zaal is onbruikbaar."
	data := encode(t, &registrationsv1.RegistrationChanged{
		Registration: &registrationsv1.Registration{Id: "r1", EventId: "ev1", Name: "Jan", Email: "jan@example.nl",
			Status: "waitlisted", WaitlistPosition: &pos, CancellationReason: &reason, Version: 3},
		EventTitle:    "Titel",
		EventStartsAt: timestamppb.New(starts),
	})
	c, err := DecodeRegistration(inbox.Message{Subject: "plein.registrations.registration.waitlisted", Data: data, Version: 3})
	if err != nil {
		t.Fatal(err)
	}
	if c.Verb != "waitlisted" || c.RegistrationID != "r1" || c.EventID != "ev1" || c.Version != 3 || c.Name != "Jan" ||
		c.Email != "jan@example.nl" || c.EventTitle != "Titel" || !c.EventStartsAt.Equal(starts) ||
		c.WaitlistPosition != 2 || c.CancellationReason != reason {
		t.Errorf("change = %+v", c)
	}

	for name, m := range map[string]inbox.Message{
		"other subject": {Subject: "plein.registrations.seats.changed", Data: data},
		"nested verb":   {Subject: "plein.registrations.registration.a.b", Data: data},
		"garbage":       {Subject: "plein.registrations.registration.confirmed", Data: []byte{0xff, 0xff}},
		"no id":         {Subject: "plein.registrations.registration.confirmed", Data: encode(t, &registrationsv1.RegistrationChanged{})},
	} {
		if _, err := DecodeRegistration(m); !errors.Is(err, inbox.ErrPermanent) {
			t.Errorf("%s: err %v, want ErrPermanent", name, err)
		}
	}
}

func FuzzDecodeRegistration(f *testing.F) {
	f.Add("plein.registrations.registration.confirmed", encode(f, &registrationsv1.RegistrationChanged{
		Registration: &registrationsv1.Registration{Id: "r1", Email: "a@b.nl", Version: 1}}))
	f.Add("plein.registrations.registration.", []byte{})
	f.Fuzz(func(t *testing.T, subject string, data []byte) {
		c, err := DecodeRegistration(inbox.Message{Subject: subject, Data: data})
		if err != nil {
			if !errors.Is(err, inbox.ErrPermanent) {
				t.Fatalf("error not permanent: %v", err)
			}
			return
		}
		if c.RegistrationID == "" || c.Verb == "" {
			t.Fatalf("accepted %+v", c)
		}
	})
}
