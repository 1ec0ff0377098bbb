package grpcapi_test

import (
	"testing"

	"google.golang.org/grpc/codes"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

func TestRulesAnswerWithTheField(t *testing.T) {
	t.Parallel()
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
