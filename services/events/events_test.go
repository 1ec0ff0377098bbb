package events_test

import (
	"context"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/events"
	"plein.dev/platform/config"
	"plein.dev/platform/identity"
	"plein.dev/platform/messaging"
	"plein.dev/platform/testkit"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
)

func TestConfigDefaults(t *testing.T) {
	t.Parallel()
	var cfg events.Config
	f := config.New("events", nil)
	cfg.Register(f)
	if err := f.Parse(nil, func(string) (string, bool) { return "", false }); err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:7001" || cfg.CompleteEvery != time.Minute {
		t.Fatalf("defaults: addr %q, complete every %s", cfg.Addr, cfg.CompleteEvery)
	}
}

// run starts the service against the NATS server at url, completing ended
// events every completeEvery, and returns a gRPC client.
func run(t *testing.T, url string, completeEvery time.Duration) eventsv1.EventsServiceClient {
	t.Helper()
	listening := make(chan net.Addr, 1)
	cfg := events.Config{Addr: "127.0.0.1:0", CompleteEvery: completeEvery, Listening: func(a net.Addr) { listening <- a }}
	cfg.DataDir = t.TempDir()
	cfg.NATSURL = url
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- events.Run(ctx, cfg, testkit.Logger(t)) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	var addr net.Addr
	select {
	case addr = <-listening:
	case err := <-done:
		t.Fatalf("run: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("service did not start")
	}
	conn, err := grpc.NewClient(addr.String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return eventsv1.NewEventsServiceClient(conn)
}

// eventually retries check every 50 ms for up to 15 s.
func eventually(t *testing.T, what string, check func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !check(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 15 s", what)
		}
	}
}

// TestRunOverTheBus runs the service as it runs in production: the
// programme announced on the ambassadors stream makes an event of it
// valid, the event's changes leave on the events stream, the seat counts
// on the registrations stream show on the event, and the completion loop
// completes it once it has ended.
func TestRunOverTheBus(t *testing.T) {
	t.Parallel()
	srv := testkit.NATS(t)
	client := run(t, srv.ClientURL(), 50*time.Millisecond)
	ctx := context.Background()
	org := identity.Outgoing(ctx, identity.Identity{UserID: "u1", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"default"}})

	_, js := testkit.Conn(t, srv.ClientURL())
	publish := func(stream string, s subject.Subject, msgID, aggregate string, version int, m proto.Message) {
		t.Helper()
		if _, err := messaging.EnsureStream(ctx, js, stream, 1); err != nil {
			t.Fatal(err)
		}
		b, err := proto.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		msg := nats.NewMsg(string(s))
		msg.Data = b
		msg.Header.Set(jetstream.MsgIDHeader, msgID)
		msg.Header.Set(messaging.HeaderAggregate, aggregate)
		msg.Header.Set(messaging.HeaderVersion, strconv.Itoa(version))
		if _, err := js.PublishMsg(ctx, msg); err != nil {
			t.Fatal(err)
		}
	}
	publish(subject.StreamAmbassadors, subject.ProgrammeCreated, "p-1", "programme:p1", 1, &ambassadorsv1.ProgrammeChanged{
		Programme: &ambassadorsv1.Programme{Id: "p1", Name: "Smart Industry", Themes: []string{"innovatie"}, Status: "active", Version: 1}})

	// Ended an hour ago: the completion loop takes it once published.
	start := time.Now().Add(-2 * time.Hour).Truncate(time.Second)
	create := &eventsv1.CreateEventRequest{Title: "Ontbijtsessie", ProgrammeId: proto.String("p1"), Themes: []string{"innovatie"},
		Location: proto.String("Stadhuis"), Capacity: proto.Int32(20), StartsAt: timestamppb.New(start),
		EndsAt: timestamppb.New(start.Add(time.Hour))}
	var e *eventsv1.Event
	eventually(t, "an event of the announced programme", func() bool {
		resp, err := client.CreateEvent(org, create)
		e = resp.GetEvent()
		return err == nil
	})
	publish(subject.StreamRegistrations, subject.SeatsChanged, "s-1", "seats:"+e.GetId(), 1, &registrationsv1.SeatsChanged{
		Seats: &registrationsv1.Seats{EventId: e.GetId(), SeatsTaken: 7, WaitlistLength: 1}, Version: 1})
	eventually(t, "the seat counts on the event", func() bool {
		got, err := client.GetEvent(org, &eventsv1.GetEventRequest{EventId: e.GetId()})
		return err == nil && got.GetEvent().GetSeatsTaken() == 7 && got.GetEvent().GetWaitlistLength() == 1
	})
	if _, err := client.PublishEvent(org, &eventsv1.PublishEventRequest{EventId: e.GetId()}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the ended event completed", func() bool {
		got, err := client.GetEvent(org, &eventsv1.GetEventRequest{EventId: e.GetId()})
		return err == nil && got.GetEvent().GetStatus() == "completed"
	})

	cons, err := js.OrderedConsumer(ctx, messaging.StreamName(subject.StreamEvents), jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []subject.Subject{subject.EventDrafted, subject.EventPublished, subject.EventCompleted} {
		msg, err := cons.Next(jetstream.FetchMaxWait(10 * time.Second))
		if err != nil {
			t.Fatalf("waiting for %s: %v", want, err)
		}
		var body eventsv1.EventChanged
		if msg.Subject() != string(want) || msg.Headers().Get(messaging.HeaderAggregate) != "event:"+e.GetId() ||
			proto.Unmarshal(msg.Data(), &body) != nil || body.GetEvent().GetId() != e.GetId() {
			t.Fatalf("message %s %v, want %s of the event", msg.Subject(), msg.Headers(), want)
		}
	}
}
