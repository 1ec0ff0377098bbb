package events_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/identity"
	"plein.dev/platform/messaging"
	"plein.dev/platform/rpcerr"
	"plein.dev/platform/testkit"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	"plein.dev/proto/subject"
)

// TestEventContentOverTheBus: a programme announced with areas limits an
// event's areas to them (one announced without leaves them free), and the
// messages announcing the event carry its public contacts only, without
// e-mail address or phone number — while its organiser reads them all.
func TestEventContentOverTheBus(t *testing.T) {
	t.Parallel()
	srv := testkit.NATS(t)
	client := run(t, srv.ClientURL(), time.Hour)
	ctx := context.Background()
	org := identity.Outgoing(ctx, identity.Identity{UserID: "u1", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"gm0453"}})
	_, js := testkit.Conn(t, srv.ClientURL())
	if _, err := messaging.EnsureStream(ctx, js, subject.StreamAmbassadors, 1); err != nil {
		t.Fatal(err)
	}
	for i, p := range []*ambassadorsv1.Programme{
		{Id: "p1", Name: "IJmond", Status: "active", Version: 1, OwnerOrganisationIds: []string{"gm0453"},
			Areas: []string{"Havens", "Binnenstad"}},
		{Id: "p2", Name: "Zonder gebieden", Status: "active", Version: 1, OwnerOrganisationIds: []string{"gm0453"}},
	} {
		b, err := proto.Marshal(&ambassadorsv1.ProgrammeChanged{Programme: p})
		if err != nil {
			t.Fatal(err)
		}
		msg := nats.NewMsg(string(subject.ProgrammeCreated))
		msg.Data = b
		msg.Header.Set(jetstream.MsgIDHeader, "p-"+strconv.Itoa(i))
		msg.Header.Set(messaging.HeaderAggregate, "programme:"+p.GetId())
		msg.Header.Set(messaging.HeaderVersion, "1")
		if _, err := js.PublishMsg(ctx, msg); err != nil {
			t.Fatal(err)
		}
	}

	start := time.Date(2026, 12, 2, 13, 0, 0, 0, time.UTC)
	create := func(programme string, areas ...string) (*eventsv1.Event, error) {
		resp, err := client.CreateEvent(org, &eventsv1.CreateEventRequest{Title: "Havendag", ProgrammeId: proto.String(programme),
			Location: proto.String("Stadhuis"), Capacity: proto.Int32(20), StartsAt: timestamppb.New(start),
			EndsAt: timestamppb.New(start.Add(4 * time.Hour)), Areas: areas,
			Contacts: []*eventsv1.EventContact{
				{Name: "Wethouder Jansen", Role: "wethouder", Email: "jansen@gemeente.example", Phone: "0255 123456", Public: true},
				{Name: "Petra de Vries", Role: "programmamanager", Email: "petra@gemeente.example", Phone: "06 12345678"},
			}})
		return resp.GetEvent(), err
	}
	var e *eventsv1.Event
	eventually(t, "an event in an area of the announced programme", func() bool {
		var err error
		e, err = create("p1", "Havens")
		return err == nil
	})
	if len(e.GetContacts()) != 2 || e.GetContacts()[1].GetEmail() != "petra@gemeente.example" {
		t.Errorf("the organiser reads the contacts %v", e.GetContacts())
	}
	_, err := create("p1", "Havens", "Velsen-Noord")
	if status.Code(err) != codes.FailedPrecondition || len(rpcerr.Violations(err)) == 0 || rpcerr.Violations(err)[0].Field != "areas" {
		t.Errorf("an area not of the programme: %v, want FailedPrecondition naming areas", err)
	}
	eventually(t, "free areas for a programme without any", func() bool {
		_, err := create("p2", "Wat dan ook")
		return err == nil
	})
	if _, err := client.PublishEvent(org, &eventsv1.PublishEventRequest{EventId: e.GetId()}); err != nil {
		t.Fatal(err)
	}

	cons, err := js.OrderedConsumer(ctx, messaging.StreamName(subject.StreamEvents), jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	for seen := 0; seen < 3; seen++ { // drafted, drafted (p2), published
		msg, err := cons.Next(jetstream.FetchMaxWait(10 * time.Second))
		if err != nil {
			t.Fatalf("message %d: %v", seen, err)
		}
		var body eventsv1.EventChanged
		if err := proto.Unmarshal(msg.Data(), &body); err != nil {
			t.Fatal(err)
		}
		cs := body.GetEvent().GetContacts()
		if len(cs) != 1 || cs[0].GetName() != "Wethouder Jansen" || cs[0].GetRole() != "wethouder" ||
			cs[0].GetEmail() != "" || cs[0].GetPhone() != "" {
			t.Errorf("%s carries the contacts %v, want the public one without e-mail or phone", msg.Subject(), cs)
		}
	}
}
