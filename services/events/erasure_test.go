package events_test

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/identity"
	"plein.dev/platform/messaging"
	"plein.dev/platform/testkit"
	accountsv1 "plein.dev/proto/gen/plein/accounts/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	opsv1 "plein.dev/proto/gen/plein/ops/v1"
	"plein.dev/proto/subject"
)

// TestErasureOfAContact: the gateway's erasure request for an address
// removes the event contacts with it (whatever the case), leaves the
// others, announces the event again and is answered on the events stream
// with the number erased.
func TestErasureOfAContact(t *testing.T) {
	t.Parallel()
	srv := testkit.NATS(t)
	client := run(t, srv.ClientURL(), time.Hour)
	ctx := context.Background()
	org := identity.Outgoing(ctx, identity.Identity{UserID: "u1", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"default"}})
	start := time.Date(2026, 12, 2, 13, 0, 0, 0, time.UTC)
	e, err := client.CreateEvent(org, &eventsv1.CreateEventRequest{Title: "Havendag", Location: proto.String("Stadhuis"),
		Capacity: proto.Int32(20), StartsAt: timestamppb.New(start), EndsAt: timestamppb.New(start.Add(time.Hour)),
		Contacts: []*eventsv1.EventContact{
			{Name: "Wethouder Jansen", Role: "wethouder", Email: "jansen@gemeente.example", Public: true},
			{Name: "Petra de Vries", Role: "programmamanager", Email: "Petra@Gemeente.example", Phone: "06 12345678"},
		}})
	if err != nil {
		t.Fatal(err)
	}

	_, js := testkit.Conn(t, srv.ClientURL())
	if _, err := messaging.EnsureStream(ctx, js, subject.StreamAccounts, 1); err != nil {
		t.Fatal(err)
	}
	b, _ := proto.Marshal(&accountsv1.ErasureRequested{ErasureId: "er-1", Email: " petra@gemeente.example ", RequestedAt: timestamppb.Now()})
	msg := nats.NewMsg(string(subject.ErasureRequested))
	msg.Data = b
	msg.Header.Set(jetstream.MsgIDHeader, "er-1")
	msg.Header.Set(messaging.HeaderAggregate, "erasure:er-1")
	msg.Header.Set(messaging.HeaderVersion, "1")
	if _, err := js.PublishMsg(ctx, msg); err != nil {
		t.Fatal(err)
	}

	eventually(t, "the stream of events", func() bool {
		_, err := js.Stream(ctx, messaging.StreamName(subject.StreamEvents))
		return err == nil
	})
	cons, err := js.OrderedConsumer(ctx, messaging.StreamName(subject.StreamEvents), jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{string(subject.ErasureCompleted(subject.StreamEvents))}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := cons.Next(jetstream.FetchMaxWait(15 * time.Second))
	if err != nil {
		t.Fatalf("no answer to the erasure: %v", err)
	}
	var answer opsv1.ErasureCompleted
	if err := proto.Unmarshal(m.Data(), &answer); err != nil || answer.GetErasureId() != "er-1" ||
		answer.GetService() != subject.StreamEvents || answer.GetErased() != 1 {
		t.Fatalf("answer %v, %v: want er-1 of events, 1 erased", &answer, err)
	}
	got, err := client.GetEvent(org, &eventsv1.GetEventRequest{EventId: e.GetEvent().GetId()})
	if err != nil {
		t.Fatal(err)
	}
	if cs := got.GetEvent().GetContacts(); len(cs) != 1 || cs[0].GetName() != "Wethouder Jansen" ||
		got.GetEvent().GetVersion() <= e.GetEvent().GetVersion() {
		t.Errorf("after the erasure: contacts %v at version %d", cs, got.GetEvent().GetVersion())
	}
}
