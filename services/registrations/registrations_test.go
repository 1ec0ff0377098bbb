package registrations_test

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/config"
	"plein.dev/platform/messaging"
	"plein.dev/platform/testkit"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
	"plein.dev/registrations"
)

func TestConfigDefaults(t *testing.T) {
	t.Parallel()
	var cfg registrations.Config
	f := config.New("registrations", nil)
	cfg.Register(f)
	if err := f.Parse(nil, func(string) (string, bool) { return "", false }); err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:7002" {
		t.Fatalf("addr = %q", cfg.Addr)
	}
}

// run starts the service against the NATS server at url and returns a
// gRPC client.
func run(t *testing.T, url string) registrationsv1.RegistrationsServiceClient {
	t.Helper()
	listening := make(chan net.Addr, 1)
	cfg := registrations.Config{Addr: "127.0.0.1:0", Listening: func(a net.Addr) { listening <- a }}
	cfg.DataDir = t.TempDir()
	// The fixtures' events lie on fixed dates; retention has its own tests.
	cfg.RetentionDays = 10 * 365
	cfg.NATSURL = url
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- registrations.Run(ctx, cfg, testkit.Logger(t)) }()
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
	return registrationsv1.NewRegistrationsServiceClient(conn)
}

// TestRunOverTheBus runs the service against real NATS: the events
// service's messages build the projection a registration is checked
// against, and the registration's messages leave through the outbox — a
// reschedule as registration.rescheduled.
func TestRunOverTheBus(t *testing.T) {
	t.Parallel()
	srv := testkit.NATS(t)
	client := run(t, srv.ClientURL())
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, js := testkit.Conn(t, srv.ClientURL())
	if _, err := messaging.EnsureStream(ctx, js, subject.StreamEvents, 1); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
	event := &eventsv1.Event{Id: "e1", Title: "Ontbijtsessie", Status: "published", Visibility: "public", Capacity: 10,
		StartsAt: timestamppb.New(start), EndsAt: timestamppb.New(start.Add(time.Hour)), Version: 1}
	publish := func(s subject.Subject) {
		t.Helper()
		b, err := proto.Marshal(&eventsv1.EventChanged{Event: event})
		if err != nil {
			t.Fatal(err)
		}
		msg := nats.NewMsg(string(s))
		msg.Data = b
		msg.Header.Set(jetstream.MsgIDHeader, "event-e1-"+strconv.Itoa(int(event.GetVersion())))
		msg.Header.Set(messaging.HeaderAggregate, "event:e1")
		msg.Header.Set(messaging.HeaderVersion, strconv.Itoa(int(event.GetVersion())))
		if _, err := js.PublishMsg(ctx, msg); err != nil {
			t.Fatal(err)
		}
	}
	publish(subject.EventPublished)
	for {
		_, err := client.GetSeats(ctx, &registrationsv1.GetSeatsRequest{EventId: "e1"})
		if err == nil {
			break
		}
		if status.Code(err) != codes.NotFound {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	reg, err := client.CreateRegistration(ctx, &registrationsv1.CreateRegistrationRequest{EventId: "e1", Name: "Anna",
		Email: "anna@x.nl", Consent: true})
	if err != nil || reg.GetStatus() != "confirmed" {
		t.Fatalf("register: %v %v", reg, err)
	}
	event.StartsAt, event.EndsAt, event.Version = timestamppb.New(start.Add(time.Hour)), timestamppb.New(start.Add(2*time.Hour)), 2
	publish(subject.EventRescheduled)

	cons, err := js.OrderedConsumer(ctx, messaging.StreamName(subject.StreamRegistrations), jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	want := []subject.Subject{subject.RegistrationConfirmed, subject.SeatsChanged, subject.RegistrationRescheduled}
	for i := 0; i < len(want); {
		msg, err := cons.Next(jetstream.FetchMaxWait(10 * time.Second))
		if err != nil {
			t.Fatalf("waiting for %s: %v", want[i], err)
		}
		if strings.HasPrefix(msg.Subject(), "plein.registrations.person-key.") {
			continue // the person's key, before the first message sealed with it
		}
		if subject.Subject(msg.Subject()) != want[i] {
			t.Fatalf("message %d: %s, want %s", i, msg.Subject(), want[i])
		}
		if want[i] == subject.RegistrationRescheduled {
			var m registrationsv1.RegistrationChanged
			if err := proto.Unmarshal(msg.Data(), &m); err != nil || m.GetRegistration().GetId() != reg.GetId() ||
				!m.GetPreviousStartsAt().AsTime().Equal(start) || !m.GetEventStartsAt().AsTime().Equal(start.Add(time.Hour)) {
				t.Fatalf("rescheduled = %v (%v)", &m, err)
			}
		}
		i++
	}
}
