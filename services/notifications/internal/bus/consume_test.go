package bus

import (
	"context"
	"errors"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/inbox"
	"plein.dev/platform/service"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
)

// Every verb of a registration, an ambassador and a programme is handled
// or ignored on purpose: a verb a producer adds fails here (and
// service.Run refuses to start) until this service decides on it. The
// rescheduled verb was once dropped silently.
func TestConsumersDecideEveryVerb(t *testing.T) {
	t.Parallel()
	consumers := Consumers(nil, nil)
	for _, c := range consumers {
		if u := c.Undecided(); len(u) > 0 {
			t.Errorf("consumer %s of %s: no decision for %v", c.Durable, c.Stream, u)
		}
	}
	if _, ok := consumers[0].Handle[subject.RegistrationRescheduled]; !ok {
		t.Error("registration.rescheduled is not handled: attendees would not hear their event moved")
	}
	for _, s := range []subject.Subject{subject.AmbassadorBehindTarget, subject.AmbassadorTermEnded} {
		if _, ok := consumers[2].Handle[s]; !ok {
			t.Errorf("%s is not handled: the ambassador would hear nothing", s)
		}
	}
}

// E-mails and webhooks are about what happens from the consumer's creation
// on; the projections the e-mails are made from hold everything.
func TestConsumersStart(t *testing.T) {
	t.Parallel()
	want := map[string]service.Start{
		Service + " of " + subject.StreamRegistrations:                       service.FromCreation,
		Service + " of " + subject.StreamAmbassadors:                         service.FromFirstMessage,
		DurableAmbassadorMails + " of " + subject.StreamAmbassadors:          service.FromCreation,
		WebhookDurable(subject.StreamRegistrations) + " of registrations":    service.FromCreation,
		WebhookDurable(subject.StreamEvents) + " of " + subject.StreamEvents: service.FromCreation,
		WebhookDurable(subject.StreamAmbassadors) + " of ambassadors":        service.FromCreation,
	}
	consumers := append(Consumers(nil, nil), WebhookConsumers(nil, nil)...)
	for _, c := range consumers {
		key := c.Durable + " of " + c.Stream
		if w, ok := want[key]; ok && c.Start != w {
			t.Errorf("consumer %s starts %v, want %v", key, c.Start, w)
		}
		delete(want, key)
	}
	for key := range want {
		t.Errorf("no consumer %s", key)
	}
}

func encode(t testing.TB, m proto.Message) []byte {
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
			Status: "waitlisted", WaitlistPosition: &pos, CancellationReason: &reason, Version: 3, Language: "en",
			CheckInCode: "AB12", RegisteredAt: timestamppb.New(before.Add(-time.Hour)), CancelledBy: "event"},
		EventTitle:        "Titel",
		EventDescription:  "Omschrijving",
		EventStartsAt:     timestamppb.New(starts),
		EventEndsAt:       timestamppb.New(starts.Add(time.Hour)),
		EventLocation:     "Ondernemersplein",
		PreviousStartsAt:  timestamppb.New(before),
		PreviousEndsAt:    timestamppb.New(before.Add(time.Hour)),
		PreviousLocation:  "Stadhuis",
		SealedManageToken: "s1.k.abc",
		CalendarSequence:  9,
	})
	c, err := decodeRegistration(context.Background(), nil, inbox.Message{Subject: string(subject.RegistrationRescheduled), Data: data, Version: 3})
	if err != nil {
		t.Fatal(err)
	}
	r := c.Registration
	if r.ID != "r1" || r.EventID != "ev1" || r.Version != 3 || r.Name != "Jan" || r.Status != "waitlisted" ||
		r.Email != "jan@example.nl" || r.Language != "en" || r.CheckInCode != "AB12" ||
		!r.RegisteredAt.Equal(before.Add(-time.Hour)) || r.SealedToken != "s1.k.abc" || r.CalendarSequence != 9 ||
		r.WaitlistPosition != 2 || r.CancellationReason != reason || r.CancelledBy != "event" {
		t.Errorf("registration = %+v", r)
	}
	if ev := r.Event; ev.Title != "Titel" || ev.Description != "Omschrijving" || !ev.StartsAt.Equal(starts) ||
		!ev.EndsAt.Equal(starts.Add(time.Hour)) || ev.Location != "Ondernemersplein" {
		t.Errorf("event = %+v", ev)
	}
	if p := c.Previous; !p.StartsAt.Equal(before) || !p.EndsAt.Equal(before.Add(time.Hour)) || p.Location != "Stadhuis" {
		t.Errorf("previous = %+v", p)
	}

	for name, m := range map[string]inbox.Message{
		"garbage": {Subject: string(subject.RegistrationConfirmed), Data: []byte{0xff, 0xff}},
		"no id":   {Subject: string(subject.RegistrationConfirmed), Data: encode(t, &registrationsv1.RegistrationChanged{})},
	} {
		if _, err := decodeRegistration(context.Background(), nil, m); !errors.Is(err, inbox.ErrPermanent) {
			t.Errorf("%s: err %v, want ErrPermanent", name, err)
		}
	}
}

func TestDecodeAmbassadors(t *testing.T) {
	t.Parallel()
	amb := &ambassadorsv1.Ambassador{Id: "a1", ProgrammeId: "p1", Name: "Eva", Email: "eva@example.nl",
		TermEndsOn: "2026-07-01", Status: "active"}
	a, err := decodeAmbassador(inbox.Message{Subject: string(subject.AmbassadorUpdated),
		Data: encode(t, &ambassadorsv1.AmbassadorChanged{Ambassador: amb, SealedEmail: "sealed-a1"})})
	want := domain.Ambassador{ID: "a1", ProgrammeID: "p1", Name: "Eva", Email: "eva@example.nl", TermEndsOn: "2026-07-01", Status: "active",
		SealedEmail: "sealed-a1"}
	if err != nil || a != want {
		t.Errorf("ambassador = %+v, %v", a, err)
	}
	b, err := decodeBehindTarget(inbox.Message{Subject: string(subject.AmbassadorBehindTarget),
		Data: encode(t, &ambassadorsv1.BehindTarget{Ambassador: amb, SealedEmail: "sealed-a1", ProgrammeName: "Smart Industry", AsOf: "2026-03-03",
			Targets: []*ambassadorsv1.TargetProgress{{Target: &ambassadorsv1.Target{Metric: "minutes", Value: 600, Kind: "workshop"},
				Approved: 60, Pending: 30, ExpectedByNow: 200, From: "2026-01-01", To: "2026-12-31"}}})})
	if err != nil || b.Ambassador.Programme != "Smart Industry" || b.Ambassador.SealedEmail != "sealed-a1" || b.AsOf != "2026-03-03" || len(b.Targets) != 1 ||
		b.Targets[0] != (domain.TargetProgress{Metric: "minutes", Kind: "workshop", Target: 600, Approved: 60, Pending: 30,
			ExpectedByNow: 200, From: "2026-01-01", To: "2026-12-31"}) {
		t.Errorf("behind target = %+v, %v", b, err)
	}
	id, name, err := decodeProgramme(inbox.Message{Subject: string(subject.ProgrammeCreated),
		Data: encode(t, &ambassadorsv1.ProgrammeChanged{Programme: &ambassadorsv1.Programme{Id: "p1", Name: "Smart Industry"}})})
	if err != nil || id != "p1" || name != "Smart Industry" {
		t.Errorf("programme = %q %q, %v", id, name, err)
	}
	for name, decode := range map[string]func(inbox.Message) error{
		"ambassador":    func(m inbox.Message) error { _, err := decodeAmbassador(m); return err },
		"behind target": func(m inbox.Message) error { _, err := decodeBehindTarget(m); return err },
		"programme":     func(m inbox.Message) error { _, _, err := decodeProgramme(m); return err },
	} {
		for _, data := range [][]byte{{0xff, 0xff}, nil} {
			if err := decode(inbox.Message{Data: data}); !errors.Is(err, inbox.ErrPermanent) {
				t.Errorf("%s of %x: %v, want ErrPermanent", name, data, err)
			}
		}
	}
}

func FuzzDecodeRegistration(f *testing.F) {
	f.Add(encode(f, &registrationsv1.RegistrationChanged{
		Registration: &registrationsv1.Registration{Id: "r1", Email: "a@b.nl", Version: 1}}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := decodeRegistration(context.Background(), nil, inbox.Message{Subject: string(subject.RegistrationConfirmed), Data: data})
		if err != nil {
			if !errors.Is(err, inbox.ErrPermanent) {
				t.Fatalf("error not permanent: %v", err)
			}
			return
		}
		if c.Registration.ID == "" {
			t.Fatalf("accepted %+v", c)
		}
	})
}
