package service_test

import (
	"context"
	"net"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"plein.dev/platform/identity"
	"plein.dev/platform/inbox"
	"plein.dev/platform/service"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	opsv1 "plein.dev/proto/gen/plein/ops/v1"
	"plein.dev/proto/subject"
)

// Every service serves its dead letters over gRPC, to administrators: a
// message its consumer gave up on is listed with a service-prefixed id, a
// retry before the fix fails with FailedPrecondition and keeps it, a retry
// after the fix applies it and removes it.
func TestDeadLettersOverGRPC(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())

	var fixed atomic.Bool
	var applied atomic.Int32
	h := func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
		if string(m.Data) == "poison" && !fixed.Load() {
			return context.DeadlineExceeded // a failure that looks passing
		}
		applied.Add(1)
		_, err := tx.ExecContext(ctx, `INSERT INTO effects (data) VALUES (?)`, string(m.Data))
		return err
	}
	addrs := make(chan net.Addr, 1)
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() {
		ran <- service.Run(runCtx, service.Spec{
			Name: "events", DataDir: t.TempDir(), NATSURL: srv.ClientURL(), Addr: "127.0.0.1:0", Attempts: 2,
			Migrations: fstest.MapFS{"0001_effects.sql": {Data: []byte("-- +goose Up\nCREATE TABLE effects (data TEXT NOT NULL);\n")}},
			Log:        testkit.Logger(t),
			Listening:  func(a net.Addr) { addrs <- a },
			Register: func(*grpc.Server, service.Deps) (service.Parts, error) {
				return service.Parts{Consumers: []service.Consumer{{
					Stream: subject.StreamRegistrations, Durable: "events", Start: service.FromFirstMessage,
					Handle: map[subject.Subject]inbox.Handler{subject.SeatsChanged: h},
				}}}, nil
			},
		})
	}()
	var addr net.Addr
	select {
	case addr = <-addrs:
	case err := <-ran:
		t.Fatalf("Run = %v", err)
	}
	conn, err := grpc.NewClient(addr.String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	client := opsv1.NewDeadLettersServiceClient(conn)
	admin := identity.Outgoing(ctx, identity.Identity{UserID: "u1", Roles: []string{identity.RoleAdmin}})
	organiser := identity.Outgoing(ctx, identity.Identity{UserID: "u2", Roles: []string{identity.RoleOrganiser}})

	for i, data := range []string{"one", "poison", "two"} {
		msg := nats.NewMsg(string(subject.SeatsChanged))
		msg.Data = []byte(data)
		if _, err := js.PublishMsg(ctx, msg, jetstream.WithMsgID([]string{"a", "b", "c"}[i])); err != nil {
			t.Fatal(err)
		}
	}
	var list *opsv1.ListDeadLettersResponse
	for applied.Load() < 2 || len(list.GetDeadLetters()) == 0 {
		if list, err = client.ListDeadLetters(admin, &opsv1.ListDeadLettersRequest{}); err != nil {
			t.Fatal(err)
		}
		if ctx.Err() != nil {
			t.Fatalf("no dead letter; %d applied", applied.Load())
		}
		time.Sleep(50 * time.Millisecond)
	}
	d := list.GetDeadLetters()[0]
	if d.GetId() != "events-1" || d.GetService() != "events" || d.GetConsumer() != "events" || d.GetStream() != "registrations" ||
		d.GetMessageId() != "b" || d.GetSubject() != string(subject.SeatsChanged) || d.GetAttempts() != 2 || d.GetStreamSequence() != 2 {
		t.Errorf("dead letter %v", d)
	}
	if _, err := client.ListDeadLetters(organiser, &opsv1.ListDeadLettersRequest{}); status.Code(err) != codes.PermissionDenied {
		t.Errorf("an organiser listing: %v, want PermissionDenied", err)
	}
	if _, err := client.RetryDeadLetter(organiser, &opsv1.RetryDeadLetterRequest{Id: d.GetId()}); status.Code(err) != codes.PermissionDenied {
		t.Errorf("an organiser retrying: %v, want PermissionDenied", err)
	}
	_, err = client.RetryDeadLetter(admin, &opsv1.RetryDeadLetterRequest{Id: d.GetId()})
	if status.Code(err) != codes.FailedPrecondition {
		t.Fatalf("retry before the fix: %v, want FailedPrecondition", err)
	}
	counts, err := client.CountDeadLetters(admin, &opsv1.CountDeadLettersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if c := counts.GetConsumers(); len(c) != 1 || c[0].GetConsumer() != "events" || c[0].GetWaiting() != 1 || c[0].GetTotal() != 1 {
		t.Errorf("counts %v", counts)
	}

	fixed.Store(true)
	resp, err := client.RetryDeadLetter(admin, &opsv1.RetryDeadLetterRequest{Id: d.GetId()})
	if err != nil || resp.GetOutcome() != "applied" {
		t.Fatalf("retry after the fix: %v, %v", resp, err)
	}
	if applied.Load() != 3 {
		t.Errorf("%d applied, want 3", applied.Load())
	}
	if list, err := client.ListDeadLetters(admin, &opsv1.ListDeadLettersRequest{}); err != nil || len(list.GetDeadLetters()) != 0 {
		t.Errorf("after the retry: %v, %v", list, err)
	}
	// A second poison message, discarded: gone, not applied.
	fixed.Store(false)
	poison := nats.NewMsg(string(subject.SeatsChanged))
	poison.Data = []byte("poison")
	if _, err := js.PublishMsg(ctx, poison, jetstream.WithMsgID("d")); err != nil {
		t.Fatal(err)
	}
	for list, err = client.ListDeadLetters(admin, &opsv1.ListDeadLettersRequest{}); len(list.GetDeadLetters()) == 0; list, err = client.ListDeadLetters(admin, &opsv1.ListDeadLettersRequest{}) {
		if err != nil || ctx.Err() != nil {
			t.Fatalf("no second dead letter: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	second := list.GetDeadLetters()[0].GetId()
	if _, err := client.DiscardDeadLetter(organiser, &opsv1.DiscardDeadLetterRequest{Id: second}); status.Code(err) != codes.PermissionDenied {
		t.Errorf("an organiser discarding: %v, want PermissionDenied", err)
	}
	if _, err := client.DiscardDeadLetter(admin, &opsv1.DiscardDeadLetterRequest{Id: second}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.DiscardDeadLetter(admin, &opsv1.DiscardDeadLetterRequest{Id: second}); status.Code(err) != codes.NotFound {
		t.Errorf("discarding twice: %v, want NotFound", err)
	}
	if list, err := client.ListDeadLetters(admin, &opsv1.ListDeadLettersRequest{}); err != nil || len(list.GetDeadLetters()) != 0 {
		t.Errorf("after the discard: %v, %v", list, err)
	}
	if applied.Load() != 3 {
		t.Errorf("%d applied after the discard, want 3", applied.Load())
	}
	for _, id := range []string{d.GetId(), "registrations-1", "events-x"} {
		if _, err := client.RetryDeadLetter(admin, &opsv1.RetryDeadLetterRequest{Id: id}); status.Code(err) != codes.NotFound {
			t.Errorf("retry %s: %v, want NotFound", id, err)
		}
	}
	stop()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
}
