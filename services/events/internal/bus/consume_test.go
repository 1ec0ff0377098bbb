package bus_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/bus"
	"plein.dev/events/internal/domain"
	"plein.dev/events/migrations"
	"plein.dev/platform/identity"
	"plein.dev/platform/inbox"
	"plein.dev/platform/service"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
)

var org = identity.NewContext(context.Background(), identity.Identity{UserID: "u1", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"default"}})

func setup(t *testing.T) (*app.App, *sqlite.DB, []service.Consumer) {
	t.Helper()
	db := testkit.DB(t, migrations.FS)
	a := app.New(db, testkit.Logger(t), time.Now)
	return a, db, bus.Consumers(a)
}

// TestConsumersDecideEveryVerb: every verb the registrations and
// ambassadors services publish for an aggregate events follows is handled
// or ignored on purpose, so a new verb cannot be dropped unnoticed.
func TestConsumersDecideEveryVerb(t *testing.T) {
	t.Parallel()
	_, _, consumers := setup(t)
	if len(consumers) != 2 {
		t.Fatalf("%d consumers, want the registrations and the ambassadors one", len(consumers))
	}
	durables := map[string]bool{}
	for _, c := range consumers {
		if u := c.Undecided(); len(u) > 0 {
			t.Errorf("consumer %s of %s leaves %v undecided", c.Durable, c.Stream, u)
		}
		if durables[c.Durable] {
			t.Errorf("durable %s used twice", c.Durable)
		}
		durables[c.Durable] = true
	}
}

// deliver applies one message as the consumer of stream would.
func deliver(t *testing.T, db *sqlite.DB, consumers []service.Consumer, s subject.Subject, id, aggregate string, version int64, m proto.Message) error {
	t.Helper()
	data, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range consumers {
		if h, ok := c.Handle[s]; ok {
			_, err := inbox.Apply(context.Background(), db, c.Durable, h,
				inbox.Message{ID: id, Subject: string(s), Aggregate: aggregate, Version: version, Data: data})
			return err
		}
	}
	t.Fatalf("no consumer handles %s", s)
	return nil
}

func TestDirectoryReachesEvents(t *testing.T) {
	t.Parallel()
	a, db, consumers := setup(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(deliver(t, db, consumers, subject.ProgrammeCreated, "m1", "programme:p1", 1, &ambassadorsv1.ProgrammeChanged{
		Programme: &ambassadorsv1.Programme{Id: "p1", Name: "Smart Industry", Themes: []string{"innovatie"}, Status: "active", Version: 1}}))
	must(deliver(t, db, consumers, subject.AmbassadorAppointed, "m2", "ambassador:a1", 1, &ambassadorsv1.AmbassadorChanged{
		Ambassador: &ambassadorsv1.Ambassador{Id: "a1", ProgrammeId: "p1", Name: "Anna", Status: "active", Version: 1}}))
	must(deliver(t, db, consumers, subject.ProgrammeUpdated, "m3", "programme:p1", 2, &ambassadorsv1.ProgrammeChanged{
		Programme: &ambassadorsv1.Programme{Id: "p1", Name: "Smart Industry", Themes: []string{"innovatie", "logistiek"}, Status: "active", Version: 2}}))

	e, err := a.CreateEvent(org, domain.Event{Title: "Haven", Location: "x", Capacity: 5, ProgrammeID: "p1",
		Themes: []string{"logistiek"}, HostAmbassadorIDs: []string{"a1"},
		StartsAt: time.Now().Add(24 * time.Hour), EndsAt: time.Now().Add(25 * time.Hour)}, true)
	if err != nil {
		t.Fatalf("an event of the announced programme, theme and host: %v", err)
	}

	must(deliver(t, db, consumers, subject.SeatsChanged, "m4", "seats:"+e.ID, 3, &registrationsv1.SeatsChanged{
		Seats: &registrationsv1.Seats{EventId: e.ID, SeatsTaken: 4, WaitlistLength: 2}, Version: 3}))
	got, err := a.GetEvent(org, e.ID)
	if err != nil || got.SeatsTaken != 4 || got.WaitlistLength != 2 {
		t.Fatalf("seats %d/%d (%v), want 4 taken and 2 waiting", got.SeatsTaken, got.WaitlistLength, err)
	}

	// What can never be applied is dropped, not retried.
	for _, tc := range []struct {
		name string
		s    subject.Subject
		m    proto.Message
	}{
		{"programme without id", subject.ProgrammeClosed, &ambassadorsv1.ProgrammeChanged{}},
		{"ambassador without id", subject.AmbassadorTermEnded, &ambassadorsv1.AmbassadorChanged{}},
		{"seats without event", subject.SeatsChanged, &registrationsv1.SeatsChanged{}},
	} {
		if err := deliver(t, db, consumers, tc.s, "bad-"+tc.name, "", 0, tc.m); !errors.Is(err, inbox.ErrPermanent) {
			t.Errorf("%s: %v, want a permanent failure", tc.name, err)
		}
	}
	for _, c := range consumers {
		for s, h := range c.Handle {
			_, err := inbox.Apply(context.Background(), db, c.Durable, h, inbox.Message{ID: "garbage-" + string(s),
				Subject: string(s), Data: []byte{0xff, 0xff}})
			if !errors.Is(err, inbox.ErrPermanent) {
				t.Errorf("%s: undecodable payload: %v", s, err)
			}
		}
	}
}
