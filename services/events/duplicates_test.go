package events_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/identity"
	"plein.dev/platform/testkit"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
)

// Every message type the events service consumes (the programmes and
// ambassadors of the directory, the seat counts), delivered two or three
// times under other message ids and once more under the same one, leaves
// it as once.
func TestEveryMessageOnceUnderDuplicates(t *testing.T) {
	t.Parallel()
	once := directoryScenario(t, 1)
	if !strings.Contains(once, "seats 7/2") || !strings.Contains(once, "after: FailedPrecondition") {
		t.Fatalf("the scenario does not reach what it is about:\n%s", once)
	}
	for _, copies := range []int{2, 3} {
		if got := directoryScenario(t, copies); got != once {
			t.Errorf("each message %d times:\n%s\nonce:\n%s", copies, got, once)
		}
	}
}

// directoryScenario runs a fresh events service through every message it
// consumes, each published copies times, and tells the end state: an
// event's seats and title, and what creating an event of the programme
// hosted by the ambassador answers before and after the ambassador moved.
func directoryScenario(t *testing.T, copies int) string {
	t.Helper()
	srv := testkit.NATS(t)
	client := run(t, srv.ClientURL(), time.Hour)
	_, js := testkit.Conn(t, srv.ClientURL())
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	org := identity.Outgoing(ctx, identity.Identity{UserID: "u1", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"default"}})

	versions := map[string]int64{}
	send := func(stream string, verb subject.Subject, aggregate, durable string, payload proto.Message) {
		t.Helper()
		versions[aggregate]++
		v := versions[aggregate]
		for c := range copies {
			testkit.Publish(t, js, stream, string(verb), fmt.Sprintf("%s-%d-%d", aggregate, v, c), aggregate, v, payload)
		}
		testkit.Publish(t, js, stream, string(verb), fmt.Sprintf("%s-%d-0", aggregate, v), aggregate, v, payload)
		testkit.Consumed(t, js, stream, durable)
	}
	programme := func(verb subject.Subject, status string) {
		send(subject.StreamAmbassadors, verb, "programme:p1", "events-ambassadors", &ambassadorsv1.ProgrammeChanged{
			Programme: &ambassadorsv1.Programme{Id: "p1", Name: "Smart Industry", Themes: []string{"innovatie"}, Status: status,
				Version: int32(versions["programme:p1"] + 1)}})
	}
	ambassador := func(verb subject.Subject, programmeID, status string) {
		send(subject.StreamAmbassadors, verb, "ambassador:a1", "events-ambassadors", &ambassadorsv1.AmbassadorChanged{
			Ambassador: &ambassadorsv1.Ambassador{Id: "a1", ProgrammeId: programmeID, Name: "Anouk", Status: status,
				Version: int32(versions["ambassador:a1"] + 1)}})
	}
	start := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
	create := func() (*eventsv1.Event, string) {
		resp, err := client.CreateEvent(org, &eventsv1.CreateEventRequest{Title: "Ontbijtsessie", ProgrammeId: proto.String("p1"),
			Themes: []string{"innovatie"}, HostAmbassadorIds: []string{"a1"}, Location: proto.String("Stadhuis"),
			Capacity: proto.Int32(20), StartsAt: timestamppb.New(start), EndsAt: timestamppb.New(start.Add(time.Hour))})
		if err != nil {
			return nil, status.Convert(err).Code().String() + " " + status.Convert(err).Message()
		}
		return resp.GetEvent(), "created"
	}

	programme(subject.ProgrammeCreated, "active")
	ambassador(subject.AmbassadorAppointed, "p1", "active")
	e, first := create()
	if e == nil {
		t.Fatalf("create an event of the programme: %s", first)
	}
	programme(subject.ProgrammeUpdated, "active")
	// The ambassador moves to another programme: no longer a host of p1.
	ambassador(subject.AmbassadorUpdated, "p2", "active")
	seats := func(taken, waiting int32) {
		send(subject.StreamRegistrations, subject.SeatsChanged, "seats:"+e.GetId(), "events", &registrationsv1.SeatsChanged{
			Seats:   &registrationsv1.Seats{EventId: e.GetId(), Capacity: 20, SeatsTaken: taken, WaitlistLength: waiting},
			Version: versions["seats:"+e.GetId()] + 1})
	}
	seats(3, 0)
	seats(7, 2)
	ambassador(subject.AmbassadorTermEnded, "p2", "alumni")
	programme(subject.ProgrammeClosed, "closed")
	_, after := create()

	got, err := client.GetEvent(org, &eventsv1.GetEventRequest{EventId: e.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	g := got.GetEvent()
	return fmt.Sprintf("event %q seats %d/%d\nbefore: %s\nafter: %s",
		g.GetTitle(), g.GetSeatsTaken(), g.GetWaitlistLength(), first, after)
}
