package bus_test

import (
	"bytes"
	"testing"

	"google.golang.org/protobuf/proto"

	"plein.dev/platform/shred"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
	"plein.dev/registrations/internal/bus"
	"plein.dev/registrations/internal/domain"
)

// A registration message carries the person's name, address,
// organisation, KvK number, answers and check-in code only encrypted with their key,
// bound to the registration; without a key it carries none of them.
func TestRegistrationChangedSealsThePerson(t *testing.T) {
	t.Parallel()
	ev := domain.Event{ID: "e1", Title: "Ontbijt", StartsAt: start, EndsAt: start}
	r := domain.Registration{ID: "r1", EventID: "e1", Name: "Anna de Wit", Email: "anna@example.nl",
		Organisation: "Kaasmakerij", KvKNumber: "69599084", CheckInCode: "ABCD2345", Status: domain.StatusConfirmed, Version: 1,
		Answers: []domain.Answer{{QuestionID: "dieet", Values: []string{"notenallergie"}}}}
	k, err := shred.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []shred.Key{k, {}} {
		msg, err := bus.RegistrationChanged(subject.RegistrationConfirmed, r, ev, bus.ForMail{PersonKey: key}, start)
		if err != nil {
			t.Fatal(err)
		}
		for _, clear := range []string{"Anna de Wit", "anna@example.nl", "Kaasmakerij", "69599084", "ABCD2345", "notenallergie"} {
			if bytes.Contains(msg.Payload, []byte(clear)) {
				t.Errorf("key %q: %q in clear in the message", key.ID, clear)
			}
		}
		var m registrationsv1.RegistrationChanged
		if err := proto.Unmarshal(msg.Payload, &m); err != nil {
			t.Fatal(err)
		}
		if m.GetRegistration().GetKvkNumber() != "" {
			t.Errorf("key %q: the registration carries its KvK number in clear", key.ID)
		}
		if key.ID == "" {
			if m.GetSealedPersonal() != "" {
				t.Error("personal data sealed without a key")
			}
			continue
		}
		plain, err := shred.Open(k, m.GetSealedPersonal(), "r1")
		if err != nil {
			t.Fatal(err)
		}
		var p registrationsv1.Registration
		if err := proto.Unmarshal(plain, &p); err != nil {
			t.Fatal(err)
		}
		if p.GetName() != r.Name || p.GetEmail() != r.Email || p.GetOrganisation() != r.Organisation ||
			p.GetKvkNumber() != r.KvKNumber || p.GetCheckInCode() != r.CheckInCode || len(p.GetAnswers()) != 1 || p.GetAnswers()[0].GetValues()[0] != "notenallergie" {
			t.Errorf("opened %v", &p)
		}
		if _, err := shred.Open(k, m.GetSealedPersonal(), "r2"); err == nil {
			t.Error("the personal data opened for another registration")
		}
	}
}
