package grpcapi_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/rpcerr"
	"plein.dev/platform/testkit"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/domain"
)

// TestErrorMapping calls every RPC the ways it can fail and checks the
// status code and the fields named in the violations.
func TestErrorMapping(t *testing.T) {
	t.Parallel()
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
		}, codes.AlreadyExists, []string{"email"}},
		{"register: e-mail with a display name", func() error {
			_, err := f.client.CreateRegistration(ctx, reg("open", "Anna <anna@x.nl>"))
			return err
		}, codes.InvalidArgument, []string{"email"}},
		{"register: KvK number of seven digits", func() error {
			r := reg("open", "k@x.nl")
			r.KvkNumber = "1234567"
			_, err := f.client.CreateRegistration(ctx, r)
			return err
		}, codes.InvalidArgument, []string{"kvkNumber"}},
		{"register: KvK number with letters", func() error {
			r := reg("open", "k@x.nl")
			r.KvkNumber = "1234567a"
			_, err := f.client.CreateRegistration(ctx, r)
			return err
		}, codes.InvalidArgument, []string{"kvkNumber"}},
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
			t.Parallel()
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
