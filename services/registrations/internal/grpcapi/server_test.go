package grpcapi_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"plein.dev/platform/grpcserver"
	"plein.dev/platform/identity"
	"plein.dev/platform/rpcerr"
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
	app    *app.Service
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
		ev.Status = "published"
	}
	if ev.Visibility == "" {
		ev.Visibility = "public"
	}
	err := f.db.InTx(context.Background(), func(tx *sqlx.Tx) error { return f.app.ApplyEvent(context.Background(), tx, ev, "") })
	if err != nil {
		t.Fatal(err)
	}
}

var (
	anonymous = context.Background()
	organiser = identity.Outgoing(context.Background(), identity.Identity{UserID: "u1", Roles: []string{identity.RoleOrganiser}})
	attendee  = identity.Outgoing(context.Background(), identity.Identity{UserID: "u2", Roles: []string{identity.RoleAmbassador}})
)

func reg(event, email string) *registrationsv1.CreateRegistrationRequest {
	return &registrationsv1.CreateRegistrationRequest{EventId: event, Name: "Anna", Email: email, Consent: true}
}

// TestErrorMapping calls every RPC the ways it can fail and checks the
// status code and the fields named in the violations.
func TestErrorMapping(t *testing.T) {
	f := start(t, testkit.Logger(t))
	f.event(t, domain.Event{ID: "open", Capacity: 1})
	f.event(t, domain.Event{ID: "draft", Capacity: 5, Status: "draft"})
	f.event(t, domain.Event{ID: "internal", Capacity: 5, Visibility: "internal"})
	f.event(t, domain.Event{ID: "invite", Capacity: 5, Visibility: "invite-only", InviteCode: "CODE1234"})
	f.event(t, domain.Event{ID: "cancelled", Capacity: 5, Status: "cancelled"})
	closed := now.Add(-time.Minute)
	f.event(t, domain.Event{ID: "closed", Capacity: 5, ClosesAt: &closed})
	ctx := context.Background()
	a, err := f.client.CreateRegistration(ctx, reg("open", "a@x.nl"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := f.client.CreateRegistration(ctx, reg("open", "w@x.nl"))
	if err != nil || w.GetStatus() != "waitlisted" {
		t.Fatal(w, err)
	}
	withAnswers := reg("open", "b@x.nl")
	withAnswers.Answers = []*registrationsv1.Answer{{QuestionId: "nope", Values: []string{"x"}}}

	cases := []struct {
		name   string
		call   func() error
		code   codes.Code
		fields []string
	}{
		{"register: no consent, bad e-mail, no name", func() error {
			_, err := f.client.CreateRegistration(ctx, &registrationsv1.CreateRegistrationRequest{EventId: "open", Email: "nope"})
			return err
		}, codes.InvalidArgument, []string{"email", "consent", "name"}},
		{"register: e-mail with surrounding space is a duplicate", func() error {
			_, err := f.client.CreateRegistration(ctx, reg("open", "  A@X.nl "))
			return err
		}, codes.AlreadyExists, nil},
		{"register: e-mail with a display name", func() error {
			_, err := f.client.CreateRegistration(ctx, reg("open", "Anna <anna@x.nl>"))
			return err
		}, codes.InvalidArgument, []string{"email"}},
		{"register: unknown event", func() error { _, err := f.client.CreateRegistration(ctx, reg("nope", "a@x.nl")); return err }, codes.NotFound, nil},
		{"register: draft", func() error { _, err := f.client.CreateRegistration(ctx, reg("draft", "a@x.nl")); return err }, codes.FailedPrecondition, nil},
		{"register: internal", func() error { _, err := f.client.CreateRegistration(ctx, reg("internal", "a@x.nl")); return err }, codes.FailedPrecondition, nil},
		{"register: cancelled", func() error { _, err := f.client.CreateRegistration(ctx, reg("cancelled", "a@x.nl")); return err }, codes.FailedPrecondition, nil},
		{"register: closed", func() error { _, err := f.client.CreateRegistration(ctx, reg("closed", "a@x.nl")); return err }, codes.FailedPrecondition, nil},
		{"register: invite code missing", func() error { _, err := f.client.CreateRegistration(ctx, reg("invite", "a@x.nl")); return err }, codes.FailedPrecondition, []string{"inviteCode"}},
		{"register: invite code wrong", func() error {
			r := reg("invite", "a@x.nl")
			r.InviteCode = "CODE1235"
			_, err := f.client.CreateRegistration(ctx, r)
			return err
		}, codes.FailedPrecondition, []string{"inviteCode"}},
		{"register: unknown question", func() error { _, err := f.client.CreateRegistration(ctx, withAnswers); return err }, codes.FailedPrecondition, []string{"answers"}},
		{"get: no token", func() error {
			_, err := f.client.GetRegistration(ctx, &registrationsv1.GetRegistrationRequest{RegistrationId: a.GetId()})
			return err
		}, codes.NotFound, nil},
		{"get: another's token", func() error {
			_, err := f.client.GetRegistration(ctx, &registrationsv1.GetRegistrationRequest{RegistrationId: w.GetId(), Token: a.GetManageToken()})
			return err
		}, codes.NotFound, nil},
		{"get: no id", func() error {
			_, err := f.client.GetRegistration(ctx, &registrationsv1.GetRegistrationRequest{})
			return err
		}, codes.InvalidArgument, []string{"registrationId"}},
		{"cancel: another's token", func() error {
			_, err := f.client.CancelRegistration(ctx, &registrationsv1.CancelRegistrationRequest{RegistrationId: w.GetId(), Token: a.GetManageToken()})
			return err
		}, codes.NotFound, nil},
		{"qr: another's token", func() error {
			_, err := f.client.GetRegistrationQR(ctx, &registrationsv1.GetRegistrationQRRequest{RegistrationId: w.GetId(), Token: a.GetManageToken()})
			return err
		}, codes.NotFound, nil},
		{"qr: unknown format", func() error {
			_, err := f.client.GetRegistrationQR(ctx, &registrationsv1.GetRegistrationQRRequest{RegistrationId: a.GetId(), Token: a.GetManageToken(), Format: "gif"})
			return err
		}, codes.InvalidArgument, []string{"format"}},
		{"calendar: another's token", func() error {
			_, err := f.client.GetRegistrationCalendar(ctx, &registrationsv1.GetRegistrationCalendarRequest{RegistrationId: w.GetId(), Token: a.GetManageToken()})
			return err
		}, codes.NotFound, nil},
		{"list: anonymous", func() error {
			_, err := f.client.ListEventRegistrations(anonymous, &registrationsv1.ListEventRegistrationsRequest{EventId: "open"})
			return err
		}, codes.Unauthenticated, nil},
		{"list: not an organiser", func() error {
			_, err := f.client.ListEventRegistrations(attendee, &registrationsv1.ListEventRegistrationsRequest{EventId: "open"})
			return err
		}, codes.PermissionDenied, nil},
		{"list: unknown event", func() error {
			_, err := f.client.ListEventRegistrations(organiser, &registrationsv1.ListEventRegistrationsRequest{EventId: "nope"})
			return err
		}, codes.NotFound, nil},
		{"list: bad page token", func() error {
			_, err := f.client.ListEventRegistrations(organiser, &registrationsv1.ListEventRegistrationsRequest{EventId: "open", PageToken: "garbage"})
			return err
		}, codes.InvalidArgument, []string{"pageToken"}},
		{"list: bad status and page size", func() error {
			_, err := f.client.ListEventRegistrations(organiser, &registrationsv1.ListEventRegistrationsRequest{EventId: "open", Status: "maybe", PageSize: 500})
			return err
		}, codes.InvalidArgument, []string{"status", "pageSize"}},
		{"check-in: not an organiser", func() error {
			_, err := f.client.CheckIn(attendee, &registrationsv1.CheckInRequest{RegistrationId: a.GetId()})
			return err
		}, codes.PermissionDenied, nil},
		{"check-in: unknown", func() error {
			_, err := f.client.CheckIn(organiser, &registrationsv1.CheckInRequest{RegistrationId: "nope"})
			return err
		}, codes.NotFound, nil},
		{"check-in: waitlisted", func() error {
			_, err := f.client.CheckIn(organiser, &registrationsv1.CheckInRequest{RegistrationId: w.GetId()})
			return err
		}, codes.FailedPrecondition, nil},
		{"check-in by code: anonymous", func() error {
			_, err := f.client.CheckInByCode(anonymous, &registrationsv1.CheckInByCodeRequest{EventId: "open", Code: "X"})
			return err
		}, codes.Unauthenticated, nil},
		{"check-in by code: unknown code", func() error {
			_, err := f.client.CheckInByCode(organiser, &registrationsv1.CheckInByCodeRequest{EventId: "open", Code: "ZZZZZZZZ"})
			return err
		}, codes.NotFound, nil},
		{"check-in by code: no code", func() error {
			_, err := f.client.CheckInByCode(organiser, &registrationsv1.CheckInByCodeRequest{EventId: "open"})
			return err
		}, codes.InvalidArgument, []string{"code"}},
		{"questions: not an organiser", func() error {
			_, err := f.client.SetEventQuestions(attendee, &registrationsv1.SetEventQuestionsRequest{EventId: "open"})
			return err
		}, codes.PermissionDenied, nil},
		{"questions: malformed", func() error {
			_, err := f.client.SetEventQuestions(organiser, &registrationsv1.SetEventQuestionsRequest{EventId: "open",
				Questions: []*registrationsv1.Question{{Id: "Bad Id", Kind: "essay", Label: ""}}})
			return err
		}, codes.InvalidArgument, []string{"questions[0].id", "questions[0].kind", "questions[0].label"}},
		{"questions: duplicate ids", func() error {
			_, err := f.client.SetEventQuestions(organiser, &registrationsv1.SetEventQuestionsRequest{EventId: "open",
				Questions: []*registrationsv1.Question{{Id: "a", Kind: "text", Label: "x"}, {Id: "a", Kind: "text", Label: "y"}}})
			return err
		}, codes.FailedPrecondition, []string{"questions[1].id"}},
		{"questions: unknown event", func() error {
			_, err := f.client.SetEventQuestions(organiser, &registrationsv1.SetEventQuestionsRequest{EventId: "nope"})
			return err
		}, codes.NotFound, nil},
		{"questions of a draft, anonymous", func() error {
			_, err := f.client.ListEventQuestions(anonymous, &registrationsv1.ListEventQuestionsRequest{EventId: "draft"})
			return err
		}, codes.NotFound, nil},
		{"attendance: not an organiser", func() error {
			_, err := f.client.GetAttendance(attendee, &registrationsv1.GetAttendanceRequest{EventId: "open"})
			return err
		}, codes.PermissionDenied, nil},
		{"attendance: unknown event", func() error {
			_, err := f.client.GetAttendance(organiser, &registrationsv1.GetAttendanceRequest{EventId: "nope"})
			return err
		}, codes.NotFound, nil},
		{"seats: draft, anonymous", func() error {
			_, err := f.client.GetSeats(anonymous, &registrationsv1.GetSeatsRequest{EventId: "draft"})
			return err
		}, codes.NotFound, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if got := status.Code(err); got != tc.code {
				t.Fatalf("code %v (%v), want %v", got, err, tc.code)
			}
			var names []string
			for _, v := range rpcerr.Violations(err) {
				names = append(names, v.Field)
			}
			for _, want := range tc.fields {
				if !strings.Contains(" "+strings.Join(names, " ")+" ", " "+want+" ") {
					t.Errorf("violations %v lack %q", names, want)
				}
			}
		})
	}
}

// TestManageTokenRPCs: the token reads, draws and cancels its own
// registration; an organiser can do the same for any.
func TestManageTokenRPCs(t *testing.T) {
	f := start(t, testkit.Logger(t))
	f.event(t, domain.Event{ID: "e1", Capacity: 5, Location: "Ondernemersplein, Rotterdam"})
	ctx := context.Background()
	a, err := f.client.CreateRegistration(ctx, reg("e1", "a@x.nl"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.client.GetRegistration(ctx, &registrationsv1.GetRegistrationRequest{RegistrationId: a.GetId(), Token: a.GetManageToken()})
	if err != nil || got.GetRegistration().GetCheckInCode() == "" {
		t.Fatalf("get by token: %v %v", got, err)
	}
	for _, format := range []string{"", "png", "svg"} {
		qr, err := f.client.GetRegistrationQR(ctx, &registrationsv1.GetRegistrationQRRequest{RegistrationId: a.GetId(), Token: a.GetManageToken(), Format: format})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"": "image/png", "png": "image/png", "svg": "image/svg+xml"}[format]
		if qr.GetContentType() != want || len(qr.GetData()) < 100 || qr.GetCheckInCode() != got.GetRegistration().GetCheckInCode() {
			t.Errorf("qr %s: %s, %d bytes", format, qr.GetContentType(), len(qr.GetData()))
		}
	}
	if _, err := f.client.GetRegistrationQR(organiser, &registrationsv1.GetRegistrationQRRequest{RegistrationId: a.GetId()}); err != nil {
		t.Errorf("qr for an organiser: %v", err)
	}
	cal, err := f.client.GetRegistrationCalendar(ctx, &registrationsv1.GetRegistrationCalendarRequest{RegistrationId: a.GetId(), Token: a.GetManageToken()})
	if err != nil {
		t.Fatal(err)
	}
	ics := string(cal.GetData())
	for _, want := range []string{"BEGIN:VCALENDAR", "SUMMARY:Ontbijtsessie", "DTSTART:20261125T100000Z", "LOCATION:Ondernemersplein\\, Rotterdam", "STATUS:CONFIRMED"} {
		if !strings.Contains(ics, want) {
			t.Errorf("calendar lacks %q:\n%s", want, ics)
		}
	}
	if _, err := f.client.CancelRegistration(ctx, &registrationsv1.CancelRegistrationRequest{RegistrationId: a.GetId(), Token: a.GetManageToken()}); err != nil {
		t.Fatal(err)
	}
	got, _ = f.client.GetRegistration(organiser, &registrationsv1.GetRegistrationRequest{RegistrationId: a.GetId()})
	if got.GetRegistration().GetStatus() != "cancelled" || got.GetRegistration().GetCancellationReason() != "cancelled by the attendee" {
		t.Fatalf("after cancel: %v", got)
	}
}

// TestCapacityUnderConcurrencyThroughGRPC is the 1,000-for-100 proof once
// more, each registration a separate gRPC call over loopback.
func TestCapacityUnderConcurrencyThroughGRPC(t *testing.T) {
	f := start(t, slog.New(slog.DiscardHandler))
	const seats, people = 100, 1000
	f.event(t, domain.Event{ID: "e1", Capacity: seats})
	ctx := context.Background()
	begin := time.Now()
	var wg sync.WaitGroup
	resps := make([]*registrationsv1.CreateRegistrationResponse, people)
	errs := make([]error, people)
	for i := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resps[i], errs[i] = f.client.CreateRegistration(ctx, reg("e1", fmt.Sprintf("p%d@x.nl", i)))
		}()
	}
	wg.Wait()
	confirmed := 0
	var positions []int
	for i, r := range resps {
		if errs[i] != nil {
			t.Fatalf("registration %d: %v", i, errs[i])
		}
		if r.GetStatus() == "confirmed" {
			confirmed++
		} else {
			positions = append(positions, int(r.GetWaitlistPosition()))
		}
	}
	t.Logf("%d registrations through gRPC for %d seats in %v: %d confirmed, %d waitlisted", people, seats, time.Since(begin), confirmed, len(positions))
	if confirmed != seats || len(positions) != people-seats {
		t.Fatalf("%d confirmed, %d waitlisted", confirmed, len(positions))
	}
	sort.Ints(positions)
	for i, p := range positions {
		if p != i+1 {
			t.Fatalf("positions not 1..%d: at %d found %d", people-seats, i+1, p)
		}
	}
	seatsResp, err := f.client.GetSeats(ctx, &registrationsv1.GetSeatsRequest{EventId: "e1"})
	if err != nil || seatsResp.GetSeats().GetSeatsTaken() != seats || seatsResp.GetSeats().GetWaitlistLength() != people-seats {
		t.Fatalf("seats %v %v", seatsResp, err)
	}
}
