package grpcapi_test

import (
	"context"
	"log/slog"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"plein.dev/platform/grpcserver"
	"plein.dev/platform/identity"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	"plein.dev/platform/validation"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/grpcapi"
	"plein.dev/registrations/migrations"
)

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

type fixture struct {
	client registrationsv1.RegistrationsServiceClient
	app    *app.App
	db     *sqlite.DB
}

// start serves the registrations API as service.Run does (validation
// interceptor included) on a loopback port.
func start(t *testing.T, log *slog.Logger) fixture {
	t.Helper()
	db := testkit.DB(t, migrations.FS)
	a := app.New(db, log, func() time.Time { return now })
	validate, err := validation.UnaryInterceptor()
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := grpcserver.New(log, grpc.ChainUnaryInterceptor(validate))
	registrationsv1.RegisterRegistrationsServiceServer(srv, grpcapi.New(a, log))
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return fixture{client: registrationsv1.NewRegistrationsServiceClient(conn), app: a, db: db}
}

func (f fixture) event(t *testing.T, ev domain.Event) {
	t.Helper()
	if ev.Title == "" {
		ev.Title = "Ontbijtsessie"
	}
	if ev.StartsAt.IsZero() {
		ev.StartsAt, ev.EndsAt = now.Add(48*time.Hour), now.Add(50*time.Hour)
	}
	if ev.Status == "" {
		ev.Status = domain.EventPublished
	}
	if ev.Visibility == "" {
		ev.Visibility = domain.VisibilityPublic
	}
	err := f.db.InTx(context.Background(), func(tx sqlite.Tx) error { return f.app.ApplyEvent(context.Background(), tx, ev, "") })
	if err != nil {
		t.Fatal(err)
	}
}

var (
	anonymous = context.Background()
	organiser = identity.Outgoing(context.Background(), identity.Identity{UserID: "u1", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"default"}})
	attendee  = identity.Outgoing(context.Background(), identity.Identity{UserID: "u2", Roles: []string{identity.RoleAmbassador}})
)

func reg(event, email string) *registrationsv1.CreateRegistrationRequest {
	return &registrationsv1.CreateRegistrationRequest{EventId: event, Name: "Anna", Email: email, Consent: true}
}
