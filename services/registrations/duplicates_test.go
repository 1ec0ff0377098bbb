package registrations_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/identity"
	"plein.dev/platform/testkit"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
)

// Every verb of the events service, delivered two or three times (under
// other message ids, as an outbox relays a message again after a crash,
// and once more under the same id), leaves the registrations service as
// once: the same registrations and the same messages published.
func TestEveryEventVerbOnceUnderDuplicates(t *testing.T) {
	t.Parallel()
	once := eventScenario(t, 1)
	if !strings.Contains(once, string(subject.RegistrationCancelled)) || !strings.Contains(once, string(subject.RegistrationPromoted)) {
		t.Fatalf("the scenario does not reach what it is about:\n%s", once)
	}
	for _, copies := range []int{2, 3} {
		if got := eventScenario(t, copies); got != once {
			t.Errorf("each message %d times:\n%s\nonce:\n%s", copies, got, once)
		}
	}
}

// eventScenario runs a fresh registrations service through every event
// verb, each message published copies times, and tells the end state: the
// subjects it published and the registrations of each event.
func eventScenario(t *testing.T, copies int) string {
	t.Helper()
	srv := testkit.NATS(t)
	client := run(t, srv.ClientURL())
	_, js := testkit.Conn(t, srv.ClientURL())
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	org := identity.Outgoing(ctx, identity.Identity{UserID: "u1", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"default"}})

	start := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
	events := map[string]*eventsv1.Event{}
	send := func(verb subject.Subject, id string, change func(e *eventsv1.Event)) {
		t.Helper()
		e, ok := events[id]
		if !ok {
			e = &eventsv1.Event{Id: id, Title: "Sessie " + id, Visibility: "public", Capacity: 1,
				StartsAt: timestamppb.New(start), EndsAt: timestamppb.New(start.Add(time.Hour))}
			events[id] = e
		}
		change(e)
		e.Version++
		payload := &eventsv1.EventChanged{Event: proto.CloneOf(e)}
		for c := range copies {
			testkit.Publish(t, js, subject.StreamEvents, string(verb), fmt.Sprintf("%s-%d-%d", id, e.GetVersion(), c),
				"event:"+id, int64(e.GetVersion()), payload)
		}
		testkit.Publish(t, js, subject.StreamEvents, string(verb), fmt.Sprintf("%s-%d-0", id, e.GetVersion()),
			"event:"+id, int64(e.GetVersion()), payload)
		testkit.Consumed(t, js, subject.StreamEvents, "registrations")
	}
	register := func(eventID, name string) {
		t.Helper()
		if _, err := client.CreateRegistration(ctx, &registrationsv1.CreateRegistrationRequest{EventId: eventID, Name: name,
			Email: strings.ToLower(name) + "@example.nl", Consent: true}); err != nil {
			t.Fatalf("register %s for %s: %v", name, eventID, err)
		}
	}

	send(subject.EventDrafted, "e1", func(e *eventsv1.Event) { e.Status = "draft" })
	send(subject.EventUpdated, "e1", func(e *eventsv1.Event) { e.Title = "Ontbijtsessie" })
	send(subject.EventPublished, "e1", func(e *eventsv1.Event) { e.Status = "published" })
	register("e1", "Anna")
	register("e1", "Bram") // waitlisted: one seat
	register("e1", "Cor")
	send(subject.EventUpdated, "e1", func(e *eventsv1.Event) { e.Capacity = 2 }) // promotes Bram
	send(subject.EventRescheduled, "e1", func(e *eventsv1.Event) {
		e.StartsAt, e.EndsAt = timestamppb.New(start.Add(time.Hour)), timestamppb.New(start.Add(2*time.Hour))
	})
	send(subject.EventCancelled, "e1", func(e *eventsv1.Event) {
		e.Status, e.CancellationReason = "cancelled", proto.String("De zaal is onbruikbaar.")
	})
	send(subject.EventProposed, "e2", func(e *eventsv1.Event) { e.Status = "proposed" })
	send(subject.EventDeclined, "e2", func(e *eventsv1.Event) { e.Status = "declined" })
	send(subject.EventPublished, "e3", func(e *eventsv1.Event) { e.Status = "published" })
	register("e3", "Dirk")
	send(subject.EventCompleted, "e3", func(e *eventsv1.Event) { e.Status = "completed" })

	var state []string
	for _, id := range []string{"e1", "e3"} {
		list, err := client.ListEventRegistrations(org, &registrationsv1.ListEventRegistrationsRequest{EventId: id, PageSize: 50})
		if err != nil {
			t.Fatal(err)
		}
		var regs []string
		for _, r := range list.GetItems() {
			regs = append(regs, fmt.Sprintf("%s %s v%d", r.GetName(), r.GetStatus(), r.GetVersion()))
		}
		sort.Strings(regs)
		state = append(state, id+": "+strings.Join(regs, ", "))
	}
	published := testkit.Published(t, js, subject.StreamRegistrations, 500*time.Millisecond)
	for i, p := range published {
		// A person's key has a random id: the same people, the same keys.
		if strings.HasPrefix(p, "plein.registrations.person-key.") {
			published[i] = "plein.registrations.person-key.<id>"
		}
	}
	return strings.Join(state, "\n") + "\npublished: " + strings.Join(published, " ")
}
