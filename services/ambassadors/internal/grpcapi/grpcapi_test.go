package grpcapi_test

import (
	"context"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/grpcapi"
	"plein.dev/ambassadors/migrations"
	"plein.dev/platform/grpcserver"
	"plein.dev/platform/identity"
	"plein.dev/platform/rpcerr"
	"plein.dev/platform/testkit"
	"plein.dev/platform/validation"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// now is 15 June 2025, noon in Amsterdam.
var now = time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC)

// start serves the API over real gRPC on 127.0.0.1 and returns a client.
func start(t *testing.T) ambassadorsv1.AmbassadorsServiceClient {
	t.Helper()
	log := testkit.Logger(t)
	db := testkit.DB(t, migrations.FS)
	validate, err := validation.UnaryInterceptor()
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := grpcserver.New(log, grpc.ChainUnaryInterceptor(validate))
	ambassadorsv1.RegisterAmbassadorsServiceServer(srv, grpcapi.New(app.New(db, log, func() time.Time { return now }), log))
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- grpcserver.Serve(ctx, srv, lis, time.Second) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return ambassadorsv1.NewAmbassadorsServiceClient(conn)
}

func anonymous() context.Context { return context.Background() }

func asOrganiser() context.Context {
	return identity.Outgoing(context.Background(), identity.Identity{UserID: "u-organiser", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"gm0599"}})
}

func asAmbassador(id string) context.Context {
	return identity.Outgoing(context.Background(), identity.Identity{UserID: "u-" + id,
		Roles: []string{identity.RoleAmbassador}, AmbassadorID: id})
}

func wantCode(t *testing.T, err error, want codes.Code) {
	t.Helper()
	if got := status.Code(err); got != want {
		t.Fatalf("code = %s (%v), want %s", got, err, want)
	}
}

func wantViolation(t *testing.T, err error, code codes.Code, field string) {
	t.Helper()
	wantCode(t, err, code)
	for _, v := range rpcerr.Violations(err) {
		if v.Field == field {
			return
		}
	}
	t.Fatalf("violations = %+v, want one on %s", rpcerr.Violations(err), field)
}

type world struct {
	programme          *ambassadorsv1.Programme
	anouk, bram        *ambassadorsv1.Ambassador
	anouksVisit        *ambassadorsv1.Activity
	bramsWorkshop      *ambassadorsv1.Activity
	client             ambassadorsv1.AmbassadorsServiceClient
	createProgrammeReq *ambassadorsv1.CreateProgrammeRequest
}

// seed creates a programme with two ambassadors, Anouk and Bram, who have
// logged an activity each.
func seed(t *testing.T) world {
	t.Helper()
	c := start(t)
	w := world{client: c, createProgrammeReq: &ambassadorsv1.CreateProgrammeRequest{
		Name: "Smart Industry ambassadeurs", Municipality: "Rotterdam",
		Description: "Ondernemers die de maakindustrie in de regio versterken",
		Themes:      []string{"innovatie", "onderwijs en arbeidsmarkt"},
		StartsOn:    "2025-01-01", EndsOn: "2025-12-31",
		Targets: []*ambassadorsv1.Target{{Metric: "activities", Value: 10, Kind: "company-visit", Scope: "ambassador", Period: "year"}},
	}}
	p, err := c.CreateProgramme(asOrganiser(), w.createProgrammeReq)
	if err != nil {
		t.Fatal(err)
	}
	w.programme = p.GetProgramme()
	appoint := func(name, email string) *ambassadorsv1.Ambassador {
		r, err := c.AppointAmbassador(asOrganiser(), &ambassadorsv1.AppointAmbassadorRequest{
			ProgrammeId: w.programme.GetId(), Name: name, Email: email, Organisation: "RDM Makerspace",
			AppointedOn: "2025-02-01", TermEndsOn: "2026-01-31",
		})
		if err != nil {
			t.Fatal(err)
		}
		return r.GetAmbassador()
	}
	w.anouk = appoint("Anouk de Vries", "anouk@example.nl")
	w.bram = appoint("Bram Bakker", "bram@example.nl")
	logged := func(ambassadorID, kind string) *ambassadorsv1.Activity {
		r, err := c.LogActivity(asAmbassador(ambassadorID), &ambassadorsv1.LogActivityRequest{
			AmbassadorId: ambassadorID, Kind: kind, OccurredOn: "2025-06-01", DurationMinutes: 90,
			Summary: "Bezoek en rondleiding", EntrepreneursReached: 4, Themes: []string{"innovatie"},
		})
		if err != nil {
			t.Fatal(err)
		}
		return r.GetActivity()
	}
	w.anouksVisit = logged(w.anouk.GetId(), "company-visit")
	w.bramsWorkshop = logged(w.bram.GetId(), "workshop")
	return w
}

func TestAnonymousWritesAreUnauthenticated(t *testing.T) {
	t.Parallel()
	w := seed(t)
	c, ctx := w.client, anonymous()
	name := "Anders"
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"CreateProgramme", func() error { _, err := c.CreateProgramme(ctx, w.createProgrammeReq); return err }},
		{"UpdateProgramme", func() error {
			_, err := c.UpdateProgramme(ctx, &ambassadorsv1.UpdateProgrammeRequest{ProgrammeId: w.programme.GetId(), Name: &name})
			return err
		}},
		{"AppointAmbassador", func() error {
			_, err := c.AppointAmbassador(ctx, &ambassadorsv1.AppointAmbassadorRequest{ProgrammeId: w.programme.GetId(),
				Name: "Cas", Email: "cas@example.nl", AppointedOn: "2025-02-01", TermEndsOn: "2026-01-31"})
			return err
		}},
		{"UpdateAmbassador", func() error {
			_, err := c.UpdateAmbassador(ctx, &ambassadorsv1.UpdateAmbassadorRequest{AmbassadorId: w.anouk.GetId(), Name: &name})
			return err
		}},
		{"LogActivity", func() error {
			_, err := c.LogActivity(ctx, &ambassadorsv1.LogActivityRequest{AmbassadorId: w.anouk.GetId(), Kind: "media",
				OccurredOn: "2025-06-01", Summary: "Interview"})
			return err
		}},
		{"UpdateActivity", func() error {
			_, err := c.UpdateActivity(ctx, &ambassadorsv1.UpdateActivityRequest{ActivityId: w.anouksVisit.GetId(), Summary: &name})
			return err
		}},
		{"DeleteActivity", func() error {
			_, err := c.DeleteActivity(ctx, &ambassadorsv1.DeleteActivityRequest{ActivityId: w.anouksVisit.GetId()})
			return err
		}},
		{"ListActivities", func() error {
			_, err := c.ListActivities(ctx, &ambassadorsv1.ListActivitiesRequest{AmbassadorId: w.anouk.GetId()})
			return err
		}},
		{"GetProgrammeReport", func() error {
			_, err := c.GetProgrammeReport(ctx, &ambassadorsv1.GetProgrammeReportRequest{ProgrammeId: w.programme.GetId()})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { wantCode(t, tc.call(), codes.Unauthenticated) })
	}
}

func TestOrganiserWritesNeedTheRole(t *testing.T) {
	t.Parallel()
	w := seed(t)
	ctx := asAmbassador(w.anouk.GetId())
	_, err := w.client.CreateProgramme(ctx, w.createProgrammeReq)
	wantCode(t, err, codes.PermissionDenied)
	name := "Anouk"
	_, err = w.client.UpdateAmbassador(ctx, &ambassadorsv1.UpdateAmbassadorRequest{AmbassadorId: w.anouk.GetId(), Name: &name})
	wantCode(t, err, codes.PermissionDenied)
	_, err = w.client.GetProgrammeReport(ctx, &ambassadorsv1.GetProgrammeReportRequest{ProgrammeId: w.programme.GetId()})
	wantCode(t, err, codes.PermissionDenied)
}
