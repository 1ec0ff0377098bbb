package grpcapi_test

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"
	_ "time/tzdata"

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
	return identity.Outgoing(context.Background(), identity.Identity{UserID: "u-organiser", Roles: []string{identity.RoleOrganiser}})
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

func TestActivityOwnership(t *testing.T) {
	w := seed(t)
	c := w.client
	summary := "Bijgewerkt"
	anouk, bram := w.anouk.GetId(), w.bram.GetId()
	// A signed-in user linked to Anouk but without the ambassador role.
	roleless := identity.Outgoing(context.Background(), identity.Identity{UserID: "u-x", AmbassadorID: anouk})

	update := func(ctx context.Context, activityID string) error {
		_, err := c.UpdateActivity(ctx, &ambassadorsv1.UpdateActivityRequest{ActivityId: activityID, Summary: &summary})
		return err
	}
	del := func(ctx context.Context, activityID string) error {
		_, err := c.DeleteActivity(ctx, &ambassadorsv1.DeleteActivityRequest{ActivityId: activityID})
		return err
	}
	list := func(ctx context.Context, ambassadorID string) error {
		_, err := c.ListActivities(ctx, &ambassadorsv1.ListActivitiesRequest{AmbassadorId: ambassadorID})
		return err
	}
	logFor := func(ctx context.Context, ambassadorID string) error {
		_, err := c.LogActivity(ctx, &ambassadorsv1.LogActivityRequest{AmbassadorId: ambassadorID, Kind: "mentoring",
			OccurredOn: "2025-06-10", DurationMinutes: 60, Summary: "Mentorgesprek"})
		return err
	}

	for _, tc := range []struct {
		name string
		call func() error
		want codes.Code
	}{
		{"A updates B's activity", func() error { return update(asAmbassador(anouk), w.bramsWorkshop.GetId()) }, codes.PermissionDenied},
		{"A deletes B's activity", func() error { return del(asAmbassador(anouk), w.bramsWorkshop.GetId()) }, codes.PermissionDenied},
		{"A lists B's activities", func() error { return list(asAmbassador(anouk), bram) }, codes.PermissionDenied},
		{"A logs for B", func() error { return logFor(asAmbassador(anouk), bram) }, codes.PermissionDenied},
		{"A updates an activity that does not exist", func() error { return update(asAmbassador(anouk), "nope") }, codes.NotFound},
		{"A deletes an activity that does not exist", func() error { return del(asAmbassador(anouk), "nope") }, codes.NotFound},
		{"A lists activities of nobody", func() error { return list(asAmbassador(anouk), "nope") }, codes.NotFound},
		{"A's id without the ambassador role", func() error { return update(roleless, w.anouksVisit.GetId()) }, codes.PermissionDenied},
		{"A updates her own", func() error { return update(asAmbassador(anouk), w.anouksVisit.GetId()) }, codes.OK},
		{"A lists her own", func() error { return list(asAmbassador(anouk), anouk) }, codes.OK},
		{"A logs her own", func() error { return logFor(asAmbassador(anouk), anouk) }, codes.OK},
		{"organiser updates B's", func() error { return update(asOrganiser(), w.bramsWorkshop.GetId()) }, codes.OK},
		{"organiser lists B's", func() error { return list(asOrganiser(), bram) }, codes.OK},
		{"organiser logs for B", func() error { return logFor(asOrganiser(), bram) }, codes.OK},
		{"B deletes his own", func() error { return del(asAmbassador(bram), w.bramsWorkshop.GetId()) }, codes.OK},
		{"B's deleted activity is gone", func() error { return update(asOrganiser(), w.bramsWorkshop.GetId()) }, codes.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) { wantCode(t, tc.call(), tc.want) })
	}
}

func TestEmailIsPrivate(t *testing.T) {
	w := seed(t)
	c := w.client
	anouk := w.anouk.GetId()
	for _, tc := range []struct {
		name          string
		ctx           context.Context
		wantEmail     string
		wantBramEmail string
	}{
		{"anonymous", anonymous(), "", ""},
		{"another ambassador", asAmbassador(w.bram.GetId()), "", "bram@example.nl"},
		{"the ambassador", asAmbassador(anouk), "anouk@example.nl", ""},
		{"organiser", asOrganiser(), "anouk@example.nl", "bram@example.nl"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.GetAmbassador(tc.ctx, &ambassadorsv1.GetAmbassadorRequest{AmbassadorId: anouk})
			if err != nil {
				t.Fatal(err)
			}
			a := got.GetAmbassador()
			if a.GetEmail() != tc.wantEmail || a.GetName() != "Anouk de Vries" || a.GetStatus() != "active" {
				t.Fatalf("ambassador = %v, want e-mail %q", a, tc.wantEmail)
			}
			list, err := c.ListAmbassadors(tc.ctx, &ambassadorsv1.ListAmbassadorsRequest{ProgrammeId: w.programme.GetId()})
			if err != nil {
				t.Fatal(err)
			}
			if len(list.GetItems()) != 2 {
				t.Fatalf("listed %v", list.GetItems())
			}
			for _, a := range list.GetItems() {
				want := tc.wantBramEmail
				if a.GetId() == anouk {
					want = tc.wantEmail
				}
				if a.GetEmail() != want {
					t.Fatalf("listed %v, want e-mail %q", a, want)
				}
			}
		})
	}
}

func TestRulesAnswerWithTheField(t *testing.T) {
	w := seed(t)
	c := w.client
	anouk := w.anouk.GetId()
	visit := func(on string, themes ...string) *ambassadorsv1.LogActivityRequest {
		return &ambassadorsv1.LogActivityRequest{AmbassadorId: anouk, Kind: "company-visit", OccurredOn: on,
			DurationMinutes: 60, Summary: "Bezoek", Themes: themes}
	}
	for _, tc := range []struct {
		name  string
		call  func() error
		code  codes.Code
		field string
	}{
		{"theme not of the programme", func() error {
			_, err := c.LogActivity(asAmbassador(anouk), visit("2025-06-01", "circulaire economie"))
			return err
		}, codes.FailedPrecondition, "themes"},
		{"tomorrow", func() error {
			_, err := c.LogActivity(asAmbassador(anouk), visit("2025-06-16"))
			return err
		}, codes.FailedPrecondition, "occurredOn"},
		{"before the term", func() error {
			_, err := c.LogActivity(asAmbassador(anouk), visit("2025-01-31"))
			return err
		}, codes.FailedPrecondition, "occurredOn"},
		{"impossible date", func() error {
			_, err := c.LogActivity(asAmbassador(anouk), visit("2025-02-30"))
			return err
		}, codes.InvalidArgument, "occurredOn"},
		{"unknown kind (contract)", func() error {
			r := visit("2025-06-01")
			r.Kind = "lunch"
			_, err := c.LogActivity(asAmbassador(anouk), r)
			return err
		}, codes.InvalidArgument, "kind"},
		{"unknown kind on update", func() error {
			k := "lunch"
			_, err := c.UpdateActivity(asAmbassador(anouk), &ambassadorsv1.UpdateActivityRequest{ActivityId: w.anouksVisit.GetId(), Kind: &k})
			return err
		}, codes.InvalidArgument, "kind"},
		{"programme ends before it starts", func() error {
			req := &ambassadorsv1.CreateProgrammeRequest{Name: "Productieve regio", Municipality: "Arnhem",
				StartsOn: "2025-06-01", EndsOn: "2025-05-31"}
			_, err := c.CreateProgramme(asOrganiser(), req)
			return err
		}, codes.FailedPrecondition, "endsOn"},
		{"target on a theme the programme lacks", func() error {
			_, err := c.UpdateProgramme(asOrganiser(), &ambassadorsv1.UpdateProgrammeRequest{ProgrammeId: w.programme.GetId(),
				SetTargets: true, Targets: []*ambassadorsv1.Target{{Metric: "minutes", Value: 600, Theme: "zorg", Scope: "programme", Period: "term"}}})
			return err
		}, codes.FailedPrecondition, "targets[0].theme"},
		{"term ends before appointment", func() error {
			_, err := c.AppointAmbassador(asOrganiser(), &ambassadorsv1.AppointAmbassadorRequest{ProgrammeId: w.programme.GetId(),
				Name: "Cas", Email: "cas@example.nl", AppointedOn: "2025-02-01", TermEndsOn: "2025-01-31"})
			return err
		}, codes.FailedPrecondition, "termEndsOn"},
		{"e-mail appointed already", func() error {
			_, err := c.AppointAmbassador(asOrganiser(), &ambassadorsv1.AppointAmbassadorRequest{ProgrammeId: w.programme.GetId(),
				Name: "Anouk", Email: "ANOUK@example.nl", AppointedOn: "2025-02-01", TermEndsOn: "2026-01-31"})
			return err
		}, codes.AlreadyExists, "email"},
		{"bad page token", func() error {
			_, err := c.ListProgrammes(anonymous(), &ambassadorsv1.ListProgrammesRequest{PageToken: "!!"})
			return err
		}, codes.InvalidArgument, "pageToken"},
	} {
		t.Run(tc.name, func(t *testing.T) { wantViolation(t, tc.call(), tc.code, tc.field) })
	}
}

func TestCloseProgramme(t *testing.T) {
	w := seed(t)
	c := w.client
	closed := "closed"
	r, err := c.UpdateProgramme(asOrganiser(), &ambassadorsv1.UpdateProgrammeRequest{ProgrammeId: w.programme.GetId(), Status: &closed})
	if err != nil {
		t.Fatal(err)
	}
	if r.GetProgramme().GetStatus() != "closed" || r.GetProgramme().GetVersion() != 2 {
		t.Fatalf("programme = %v", r.GetProgramme())
	}
	a, err := c.GetAmbassador(anonymous(), &ambassadorsv1.GetAmbassadorRequest{AmbassadorId: w.anouk.GetId()})
	if err != nil || a.GetAmbassador().GetStatus() != "alumni" {
		t.Fatalf("ambassador = %v, %v", a.GetAmbassador(), err)
	}
	_, err = c.AppointAmbassador(asOrganiser(), &ambassadorsv1.AppointAmbassadorRequest{ProgrammeId: w.programme.GetId(),
		Name: "Cas", Email: "cas@example.nl", AppointedOn: "2025-02-01", TermEndsOn: "2026-01-31"})
	wantCode(t, err, codes.FailedPrecondition)
	_, err = c.LogActivity(asAmbassador(w.anouk.GetId()), &ambassadorsv1.LogActivityRequest{AmbassadorId: w.anouk.GetId(),
		Kind: "media", OccurredOn: "2025-06-01", Summary: "Interview"})
	wantCode(t, err, codes.FailedPrecondition)
}

func TestListProgrammesPages(t *testing.T) {
	c := start(t)
	want := map[string]bool{}
	for i := range 5 {
		// Created out of start order, listed in start order.
		r, err := c.CreateProgramme(asOrganiser(), &ambassadorsv1.CreateProgrammeRequest{
			Name: fmt.Sprintf("Programma %d", i), Municipality: "Almere",
			StartsOn: fmt.Sprintf("202%d-01-01", 5-i), EndsOn: "2030-12-31",
		})
		if err != nil {
			t.Fatal(err)
		}
		want[r.GetProgramme().GetId()] = true
	}
	var token, lastStart string
	pages := 0
	for {
		r, err := c.ListProgrammes(anonymous(), &ambassadorsv1.ListProgrammesRequest{PageSize: 2, PageToken: token})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, p := range r.GetItems() {
			if !want[p.GetId()] {
				t.Fatalf("programme %s listed twice or unknown", p.GetId())
			}
			delete(want, p.GetId())
			if p.GetStartsOn() < lastStart {
				t.Fatalf("out of order: %s after %s", p.GetStartsOn(), lastStart)
			}
			lastStart = p.GetStartsOn()
		}
		if token = r.GetNextPageToken(); token == "" {
			break
		}
	}
	if pages != 3 || len(want) != 0 {
		t.Fatalf("%d pages, %d programmes not listed", pages, len(want))
	}
}

func TestListActivitiesLatestFirst(t *testing.T) {
	w := seed(t)
	c := w.client
	anouk := w.anouk.GetId()
	for _, on := range []string{"2025-03-01", "2025-06-15", "2025-04-01"} {
		if _, err := c.LogActivity(asOrganiser(), &ambassadorsv1.LogActivityRequest{AmbassadorId: anouk, Kind: "presentation",
			OccurredOn: on, DurationMinutes: 45, Summary: "Presentatie"}); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	token := ""
	for {
		r, err := c.ListActivities(asAmbassador(anouk), &ambassadorsv1.ListActivitiesRequest{AmbassadorId: anouk, PageSize: 3, PageToken: token})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range r.GetItems() {
			got = append(got, x.GetOccurredOn())
		}
		if token = r.GetNextPageToken(); token == "" {
			break
		}
	}
	want := []string{"2025-06-15", "2025-06-01", "2025-04-01", "2025-03-01"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("dates = %v, want %v", got, want)
	}
}

func TestProgrammeReport(t *testing.T) {
	w := seed(t)
	// Anouk's visit is approved, Bram's workshop still pending: the report
	// counts the approved one and shows the pending one apart.
	if _, err := w.client.ReviewActivity(asOrganiser(), &ambassadorsv1.ReviewActivityRequest{
		ActivityId: w.anouksVisit.GetId(), Decision: "approve"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.client.SetLeaderboardOptOut(asAmbassador(w.bram.GetId()), &ambassadorsv1.SetLeaderboardOptOutRequest{
		AmbassadorId: w.bram.GetId(), OptOut: true}); err != nil {
		t.Fatal(err)
	}
	r, err := w.client.GetProgrammeReport(asOrganiser(), &ambassadorsv1.GetProgrammeReportRequest{ProgrammeId: w.programme.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	if r.GetFrom() != "2025-01-01" || r.GetTo() != "2025-12-31" || r.GetTotals().GetActivities() != 1 ||
		r.GetTotals().GetPendingActivities() != 1 || r.GetTotals().GetMinutes() != 90 || len(r.GetByAmbassador()) != 2 ||
		r.GetByTheme()[0].GetActivities() != 1 || r.GetByTheme()[0].GetPendingActivities() != 1 {
		t.Fatalf("report = %v", r)
	}
	if lb := r.GetLeaderboard(); len(lb) != 1 || lb[0].GetAmbassadorId() != w.anouk.GetId() || lb[0].GetRank() != 1 {
		t.Fatalf("leaderboard = %v, want Anouk alone (Bram opted out)", lb)
	}
}

func TestReviewActivity(t *testing.T) {
	w := seed(t)
	c := w.client
	id := w.anouksVisit.GetId()
	// Only organisers review.
	_, err := c.ReviewActivity(asAmbassador(w.anouk.GetId()), &ambassadorsv1.ReviewActivityRequest{ActivityId: id, Decision: "approve"})
	wantCode(t, err, codes.PermissionDenied)
	_, err = c.ReviewActivity(anonymous(), &ambassadorsv1.ReviewActivityRequest{ActivityId: id, Decision: "approve"})
	wantCode(t, err, codes.Unauthenticated)
	_, err = c.ReviewActivity(asOrganiser(), &ambassadorsv1.ReviewActivityRequest{ActivityId: id, Decision: "maybe"})
	wantViolation(t, err, codes.InvalidArgument, "decision")
	_, err = c.ReviewActivity(asOrganiser(), &ambassadorsv1.ReviewActivityRequest{ActivityId: id, Decision: "return"})
	wantViolation(t, err, codes.FailedPrecondition, "comment")
	_, err = c.ReviewActivity(asOrganiser(), &ambassadorsv1.ReviewActivityRequest{ActivityId: "nope", Decision: "approve"})
	wantCode(t, err, codes.NotFound)

	r, err := c.ReviewActivity(asOrganiser(), &ambassadorsv1.ReviewActivityRequest{ActivityId: id, Decision: "return",
		Comment: "Welk bedrijf was het?"})
	if err != nil {
		t.Fatal(err)
	}
	if r.GetActivity().GetReviewStatus() != "returned" || r.GetActivity().GetReviewComment() != "Welk bedrijf was het?" {
		t.Fatalf("returned activity = %v", r.GetActivity())
	}
	// The ambassador's change sends it back for review.
	summary := "Bezoek aan RDM Makerspace"
	u, err := c.UpdateActivity(asAmbassador(w.anouk.GetId()), &ambassadorsv1.UpdateActivityRequest{ActivityId: id, Summary: &summary})
	if err != nil {
		t.Fatal(err)
	}
	if u.GetActivity().GetReviewStatus() != "pending" || u.GetActivity().GetReviewComment() != "" {
		t.Fatalf("changed activity = %v", u.GetActivity())
	}
	r, err = c.ReviewActivity(asOrganiser(), &ambassadorsv1.ReviewActivityRequest{ActivityId: id, Decision: "approve"})
	if err != nil || r.GetActivity().GetReviewStatus() != "approved" {
		t.Fatalf("approve: %v, %v", r, err)
	}
}

func TestProgress(t *testing.T) {
	w := seed(t)
	c := w.client
	// Anouk: one company visit (pending) of 10 a year; her term runs from
	// 2025-02-01, so her 2025 period is 2025-02-01..2025-12-31 (334 days),
	// of which 135 have passed on 15 June: 10*135/334 = 4 expected.
	r, err := c.GetAmbassadorProgress(asAmbassador(w.anouk.GetId()), &ambassadorsv1.GetAmbassadorProgressRequest{AmbassadorId: w.anouk.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	tp := r.GetProgress().GetTargets()
	if r.GetAsOf() != "2025-06-15" || len(tp) != 1 || tp[0].GetFrom() != "2025-02-01" || tp[0].GetTo() != "2025-12-31" ||
		tp[0].GetApproved() != 0 || tp[0].GetPending() != 1 || tp[0].GetExpectedByNow() != 4 || tp[0].GetState() != "behind" ||
		!r.GetProgress().GetBehind() {
		t.Fatalf("progress = %v", r)
	}
	_, err = c.GetAmbassadorProgress(asAmbassador(w.bram.GetId()), &ambassadorsv1.GetAmbassadorProgressRequest{AmbassadorId: w.anouk.GetId()})
	wantCode(t, err, codes.PermissionDenied)
	_, err = c.GetProgrammeProgress(asAmbassador(w.anouk.GetId()), &ambassadorsv1.GetProgrammeProgressRequest{ProgrammeId: w.programme.GetId()})
	wantCode(t, err, codes.PermissionDenied)
	pr, err := c.GetProgrammeProgress(asOrganiser(), &ambassadorsv1.GetProgrammeProgressRequest{ProgrammeId: w.programme.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	// Bram logged a workshop, which the company-visit target does not count.
	if len(pr.GetAmbassadors()) != 2 || pr.GetAmbassadors()[1].GetTargets()[0].GetPending() != 0 ||
		pr.GetAmbassadors()[0].GetTargets()[0].GetPending() != 1 {
		t.Fatalf("programme progress = %v", pr)
	}
}
