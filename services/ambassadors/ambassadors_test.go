package ambassadors_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"

	"plein.dev/ambassadors"
	"plein.dev/platform/config"
	"plein.dev/platform/identity"
	"plein.dev/platform/messaging"
	"plein.dev/platform/testkit"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

func TestConfigDefaults(t *testing.T) {
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

// The service runs against real NATS: a change made over gRPC arrives on
// the ambassadors stream through the outbox.
func TestRunPublishesChanges(t *testing.T) {
	srv := testkit.NATS(t)
	listening := make(chan net.Addr, 1)
	cfg := ambassadors.Config{Addr: "127.0.0.1:0", Listening: func(a net.Addr) { listening <- a }}
	cfg.DataDir = t.TempDir()
	cfg.NATSURL = srv.ClientURL()

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
	defer conn.Close()
	client := ambassadorsv1.NewAmbassadorsServiceClient(conn)
	callCtx := identity.Outgoing(ctx, identity.Identity{UserID: "u1", Roles: []string{identity.RoleOrganiser}})
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
