package ambassadors_test

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

	"plein.dev/ambassadors"
	"plein.dev/platform/config"
	"plein.dev/platform/identity"
	"plein.dev/platform/messaging"
	"plein.dev/platform/testkit"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

func TestConfigDefaults(t *testing.T) {
	t.Parallel()
	var cfg ambassadors.Config
	f := config.New("ambassadors", nil)
	cfg.Register(f)
	if err := f.Parse(nil, func(string) (string, bool) { return "", false }); err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:7003" {
		t.Fatalf("addr = %q", cfg.Addr)
	}
	env := map[string]string{"PLEIN_AMBASSADORS_ADDR": "127.0.0.1:9003"}
	f = config.New("ambassadors", nil)
	cfg.Register(f)
	if err := f.Parse(nil, func(k string) (string, bool) { v, ok := env[k]; return v, ok }); err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:9003" {
		t.Fatalf("addr from environment = %q", cfg.Addr)
	}
}

// run starts the service against the NATS server at url and returns a
// gRPC client and the service's context.
func run(t *testing.T, url string) (ambassadorsv1.AmbassadorsServiceClient, context.Context) {
	t.Helper()
	listening := make(chan net.Addr, 1)
	cfg := ambassadors.Config{Addr: "127.0.0.1:0", Listening: func(a net.Addr) { listening <- a }}
	cfg.DataDir = t.TempDir()
	cfg.NATSURL = url

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ambassadors.Run(ctx, cfg, testkit.Logger(t)) }()
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
	return ambassadorsv1.NewAmbassadorsServiceClient(conn), ctx
}

// The service runs against real NATS: a change made over gRPC arrives on
// the ambassadors stream through the outbox.
func TestRunPublishesChanges(t *testing.T) {
	t.Parallel()
	srv := testkit.NATS(t)
	client, ctx := run(t, srv.ClientURL())
	callCtx := identity.Outgoing(ctx, identity.Identity{UserID: "u1", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"gm0599"}})
	created, err := client.CreateProgramme(callCtx, &ambassadorsv1.CreateProgrammeRequest{
		Name: "Economische agenda", Municipality: "Schiedam", Themes: []string{"Binnenstad", "Havens"},
		StartsOn: "2025-01-01", EndsOn: "2027-12-31",
	})
	if err != nil {
		t.Fatal(err)
	}

	_, js := testkit.Conn(t, srv.ClientURL())
	waitCtx, stop := context.WithTimeout(ctx, 10*time.Second)
	defer stop()
	cons, err := js.OrderedConsumer(waitCtx, messaging.StreamName("ambassadors"), jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	msg, err := cons.Next(jetstream.FetchMaxWait(10 * time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Subject() != "plein.ambassadors.programme.created" ||
		msg.Headers().Get(messaging.HeaderAggregate) != "programme:"+created.GetProgramme().GetId() ||
		msg.Headers().Get(messaging.HeaderVersion) != "1" {
		t.Fatalf("message %s %v", msg.Subject(), msg.Headers())
	}
	var body ambassadorsv1.ProgrammeChanged
	if err := proto.Unmarshal(msg.Data(), &body); err != nil || body.GetProgramme().GetMunicipality() != "Schiedam" {
		t.Fatalf("body = %v (%v)", &body, err)
	}
}

// An event completing on the events stream and its attendance summary on
// the registrations stream credit the host once, though each message
// arrives twice (JetStream de-duplicates one copy by Nats-Msg-Id, the
// inbox the other).
func TestAutoCreditOverTheBus(t *testing.T) {
	t.Parallel()
	srv := testkit.NATS(t)
	client, ctx := run(t, srv.ClientURL())
	organiser := identity.Outgoing(ctx, identity.Identity{UserID: "u1", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"gm0599"}})
	p, err := client.CreateProgramme(organiser, &ambassadorsv1.CreateProgrammeRequest{
		Name: "Smart Industry", Municipality: "Rotterdam", Themes: []string{"innovatie"},
		StartsOn: "2025-01-01", EndsOn: "2099-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := client.AppointAmbassador(organiser, &ambassadorsv1.AppointAmbassadorRequest{ProgrammeId: p.GetProgramme().GetId(),
		Name: "Anouk", Email: "anouk@example.nl", AppointedOn: "2025-01-01", TermEndsOn: "2099-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	hostID := a.GetAmbassador().GetId()

	_, js := testkit.Conn(t, srv.ClientURL())
	publish := func(service, subject, msgID, aggregate string, version int, m proto.Message) {
		t.Helper()
		if _, err := messaging.EnsureStream(ctx, js, service, 1); err != nil {
			t.Fatal(err)
		}
		b, err := proto.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		msg := nats.NewMsg(subject)
		msg.Data = b
		msg.Header.Set(jetstream.MsgIDHeader, msgID)
		msg.Header.Set(messaging.HeaderAggregate, aggregate)
		msg.Header.Set(messaging.HeaderVersion, strconv.Itoa(version))
		if _, err := js.PublishMsg(ctx, msg); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now().Add(-3 * time.Hour).Truncate(time.Minute)
	completed := &eventsv1.EventChanged{Event: &eventsv1.Event{Id: "e1", Title: "Ontbijtsessie", Status: "completed",
		StartsAt: timestamppb.New(start), EndsAt: timestamppb.New(start.Add(90 * time.Minute)),
		HostAmbassadorIds: []string{hostID}, Version: 4}}
	summary := &registrationsv1.AttendanceSummarised{EventId: "e1", Confirmed: 30, CheckedIn: 24, Version: 1}
	for _, id := range []string{"ev-1", "ev-1", "ev-1-again"} {
		publish("events", "plein.events.event.completed", id, "event:e1", 4, completed)
	}
	for _, id := range []string{"reg-1", "reg-1-again"} {
		publish("registrations", "plein.registrations.attendance.summarised", id, "attendance:e1", 1, summary)
	}

	deadline := time.Now().Add(15 * time.Second)
	for {
		list, err := client.ListActivities(organiser, &ambassadorsv1.ListActivitiesRequest{AmbassadorId: hostID})
		if err != nil {
			t.Fatal(err)
		}
		items := list.GetItems()
		if len(items) > 1 {
			t.Fatalf("%d activities, want 1: %v", len(items), items)
		}
		if len(items) == 1 && items[0].GetAttendance() == 24 {
			x := items[0]
			if x.GetKind() != "event-hosted" || x.GetEventId() != "e1" || x.GetDurationMinutes() != 90 ||
				x.GetReviewStatus() != "approved" || !x.GetCreditedAutomatically() {
				t.Fatalf("credited activity = %v", x)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no credited activity with attendance: %v", items)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Let any straggling duplicate through, then count again.
	time.Sleep(300 * time.Millisecond)
	list, err := client.ListActivities(organiser, &ambassadorsv1.ListActivitiesRequest{AmbassadorId: hostID})
	if err != nil || len(list.GetItems()) != 1 {
		t.Fatalf("activities after duplicates: %v, %v", list, err)
	}
}
