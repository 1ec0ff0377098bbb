// Package protoconv turns the ambassadors domain types into their protobuf
// form, for the gRPC API and the bus alike.
package protoconv

import (
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/ambassadors/internal/domain"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// Programme returns the protobuf form of a programme.
func Programme(p domain.Programme) *ambassadorsv1.Programme {
	out := &ambassadorsv1.Programme{
		Id:           p.ID,
		Name:         p.Name,
		Municipality: p.Municipality,
		Description:  p.Description,
		Themes:       nonNil(p.Themes),
		StartsOn:     string(p.StartsOn),
		EndsOn:       string(p.EndsOn),
		Status:       string(p.Status),
		Targets:      []*ambassadorsv1.Target{},
		Version:      int32(p.Version),

		OwnerOrganisationIds: nonNil(p.Owners),
		Partners:             Partners(p.Partners),
	}
	for _, t := range p.Targets {
		out.Targets = append(out.Targets, Target(t))
	}
	outline(out, p) // outline.go
	return out
}

// Partners returns the protobuf form of a programme's partners.
func Partners(ps []domain.Partner) []*ambassadorsv1.Partner {
	out := make([]*ambassadorsv1.Partner, 0, len(ps))
	for _, x := range ps {
		out = append(out, &ambassadorsv1.Partner{OrganisationId: x.OrganisationID, Role: x.Role})
	}
	return out
}

// Target returns the protobuf form of a programme's target.
func Target(t domain.Target) *ambassadorsv1.Target {
	return &ambassadorsv1.Target{Metric: t.Metric, Value: int32(t.Value), Kind: string(t.Kind), Theme: t.Theme,
		Scope: t.Scope, Period: t.Period}
}

// Ambassador returns the protobuf form of an ambassador, private fields
// included; the gRPC API removes them for callers who may not see them.
func Ambassador(a domain.Ambassador) *ambassadorsv1.Ambassador {
	return &ambassadorsv1.Ambassador{
		Id:           a.ID,
		ProgrammeId:  a.ProgrammeID,
		Name:         a.Name,
		Email:        a.Email,
		Organisation: a.Organisation,
		Sector:       a.Sector,
		Bio:          a.Bio,
		AppointedOn:  string(a.AppointedOn),
		TermEndsOn:   string(a.TermEndsOn),
		Status:       string(a.Status),
		Version:      int32(a.Version),

		LeaderboardOptOut: a.LeaderboardOptOut,
	}
}

// Activity returns the protobuf form of an activity.
func Activity(x domain.Activity) *ambassadorsv1.Activity {
	out := &ambassadorsv1.Activity{
		Id:                    x.ID,
		AmbassadorId:          x.AmbassadorID,
		Kind:                  string(x.Kind),
		OccurredOn:            string(x.OccurredOn),
		DurationMinutes:       int32(x.DurationMinutes),
		Summary:               x.Summary,
		EntrepreneursReached:  int32(x.EntrepreneursReached),
		Organisations:         nonNil(x.Organisations),
		Themes:                nonNil(x.Themes),
		ReviewStatus:          string(x.ReviewStatus),
		ReviewComment:         x.ReviewComment,
		Attendance:            int32(x.Attendance),
		CreditedAutomatically: x.Credited,
		Areas:                 nonNil(x.Areas),
		Companies:             Companies(x.Companies),
		Version:               int32(x.Version),
		CreatedAt:             timestamppb.New(x.CreatedAt),
	}
	if x.EventID != "" {
		id := x.EventID
		out.EventId = &id
	}
	return out
}

// Report returns the protobuf form of a programme report.
func Report(r domain.Report) *ambassadorsv1.GetProgrammeReportResponse {
	return &ambassadorsv1.GetProgrammeReportResponse{
		ProgrammeId:  r.ProgrammeID,
		From:         string(r.From),
		To:           string(r.To),
		Totals:       reportRow(r.Totals),
		ByTheme:      reportRows(r.ByTheme),
		ByKind:       reportRows(r.ByKind),
		ByAmbassador: reportRows(r.ByAmbassador),
		ByMonth:      reportRows(r.ByMonth),
		Leaderboard:  leaderboard(r.Leaderboard),
		ByArea:       reportRows(r.ByArea),
		BySector:     reportRows(r.BySector),
		Companies:    companiesReached(r.Companies),
		Indicators:   indicatorResults(r.Indicators),

		SupportedIdeas: IdeaSummaries(r.SupportedIdeas), // ideas.go
	}
}

func leaderboard(es []domain.LeaderboardEntry) []*ambassadorsv1.LeaderboardEntry {
	out := make([]*ambassadorsv1.LeaderboardEntry, 0, len(es))
	for _, e := range es {
		out = append(out, &ambassadorsv1.LeaderboardEntry{Rank: int32(e.Rank), AmbassadorId: e.AmbassadorID,
			Name: e.Name, Activities: int32(e.Activities), Minutes: int32(e.Minutes),
			EntrepreneursReached: int32(e.EntrepreneursReached), EventsHosted: int32(e.EventsHosted)})
	}
	return out
}

// Progress returns the protobuf form of targets' progress.
func Progress(ps []domain.TargetProgress) []*ambassadorsv1.TargetProgress {
	out := make([]*ambassadorsv1.TargetProgress, 0, len(ps))
	for _, p := range ps {
		out = append(out, &ambassadorsv1.TargetProgress{Target: Target(p.Target), From: string(p.From), To: string(p.To),
			Approved: int32(p.Approved), Pending: int32(p.Pending), ExpectedByNow: int32(p.ExpectedByNow), State: p.State})
	}
	return out
}

// AmbassadorProgress returns the protobuf form of an ambassador's progress.
func AmbassadorProgress(a domain.Ambassador, ps []domain.TargetProgress) *ambassadorsv1.AmbassadorProgress {
	return &ambassadorsv1.AmbassadorProgress{AmbassadorId: a.ID, Name: a.Name, Targets: Progress(ps),
		Behind: domain.Behind(ps)}
}

func reportRows(rows []domain.ReportRow) []*ambassadorsv1.ReportRow {
	out := make([]*ambassadorsv1.ReportRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, reportRow(r))
	}
	return out
}

func reportRow(r domain.ReportRow) *ambassadorsv1.ReportRow {
	return &ambassadorsv1.ReportRow{Key: r.Key, Label: r.Label, Activities: int32(r.Activities),
		Minutes: int32(r.Minutes), EntrepreneursReached: int32(r.EntrepreneursReached),
		EventsHosted: int32(r.EventsHosted), Attendance: int32(r.Attendance),
		PendingActivities: int32(r.PendingActivities), Parent: r.Parent}
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
