package domain

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"plein.dev/platform/rule"
	"plein.dev/platform/zone"
)

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Fatalf("err = %v, want nil", err)
		}
		return
	}
	var re *rule.Error
	if !errors.As(err, &re) {
		t.Fatalf("err = %v, want a rule.Error on %s", err, field)
	}
	if re.Field() != field {
		t.Fatalf("field = %q (%s), want %q", re.Field(), re.Reason, field)
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"2025-06-15", true},
		{"2024-02-29", true},
		{"2025-02-29", false},
		{"2025-13-01", false},
		{"2025-6-15", false},
		{"15-06-2025", false},
		{"", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			d, err := ParseDate("occurredOn", tc.in)
			if tc.ok {
				wantField(t, err, "")
				if string(d) != tc.in {
					t.Fatalf("date = %q", d)
				}
				return
			}
			wantField(t, err, "occurredOn")
		})
	}
}

func TestDateOfAmsterdam(t *testing.T) {
	t.Parallel()
	ams := zone.Amsterdam
	for _, tc := range []struct {
		utc  string
		want Date
	}{
		// Summer time (UTC+2): 22:30 UTC is already the next day.
		{"2025-06-15T21:59:59Z", "2025-06-15"},
		{"2025-06-15T22:00:00Z", "2025-06-16"},
		// Winter time (UTC+1).
		{"2025-01-15T22:59:59Z", "2025-01-15"},
		{"2025-01-15T23:00:00Z", "2025-01-16"},
	} {
		t.Run(tc.utc, func(t *testing.T) {
			now, _ := time.Parse(time.RFC3339, tc.utc)
			if got := DateOf(now, ams); got != tc.want {
				t.Fatalf("DateOf(%s) = %s, want %s", tc.utc, got, tc.want)
			}
		})
	}
}

func TestCheckDate(t *testing.T) {
	t.Parallel()
	a := &Ambassador{AppointedOn: "2025-01-01", TermEndsOn: "2025-12-31"}
	for _, tc := range []struct {
		name      string
		day       Date
		today     Date
		wantField string
	}{
		{"first day of term", "2025-01-01", "2025-06-15", ""},
		{"last day of term", "2025-12-31", "2026-01-10", ""},
		{"day before term", "2024-12-31", "2025-06-15", "occurredOn"},
		{"day after term", "2026-01-01", "2026-01-10", "occurredOn"},
		{"today", "2025-06-15", "2025-06-15", ""},
		{"tomorrow", "2025-06-16", "2025-06-15", "occurredOn"},
		{"in term but future", "2025-12-31", "2025-06-15", "occurredOn"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantField(t, CheckDate(a, tc.day, tc.today), tc.wantField)
		})
	}
}

func TestAmbassadorStatusOn(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		termEnds  Date
		programme ProgrammeStatus
		today     Date
		want      AmbassadorStatus
	}{
		{"term running", "2025-12-31", ProgrammeActive, "2025-06-15", AmbassadorActive},
		{"last day of term", "2025-06-15", ProgrammeActive, "2025-06-15", AmbassadorActive},
		{"day after term", "2025-06-14", ProgrammeActive, "2025-06-15", AmbassadorAlumni},
		{"programme closed", "2025-12-31", ProgrammeClosed, "2025-06-15", AmbassadorAlumni},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := &Ambassador{AppointedOn: "2025-01-01", TermEndsOn: tc.termEnds, ProgrammeStatus: tc.programme}
			if got := a.StatusOn(tc.today); got != tc.want {
				t.Fatalf("status = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestAmbassadorValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		a         Ambassador
		wantField string
	}{
		{"one-day term", Ambassador{Name: "An", Email: "an@example.nl", AppointedOn: "2025-01-01", TermEndsOn: "2025-01-01"}, ""},
		{"term ends before appointment", Ambassador{Name: "An", Email: "an@example.nl", AppointedOn: "2025-01-02", TermEndsOn: "2025-01-01"}, "termEndsOn"},
		{"blank name", Ambassador{Name: "  ", Email: "an@example.nl", AppointedOn: "2025-01-01", TermEndsOn: "2025-12-31"}, "name"},
		{"no e-mail", Ambassador{Name: "An", AppointedOn: "2025-01-01", TermEndsOn: "2025-12-31"}, "email"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantField(t, tc.a.Validate(), tc.wantField)
		})
	}
}

func validProgramme() Programme {
	return Programme{
		Name: "Smart Industry", Municipality: "Rotterdam", Themes: []string{"innovatie", "onderwijs en arbeidsmarkt"},
		StartsOn: "2025-01-01", EndsOn: "2025-12-31", Status: ProgrammeActive,
		Targets:  []Target{{Metric: MetricActivities, Value: 10, Kind: KindCompanyVisit, Theme: "innovatie", Scope: ScopeAmbassador, Period: PeriodYear}},
		Owners:   []string{"gm0599"},
		Partners: []Partner{{OrganisationID: "kvk", Role: "kennispartner"}},
	}
}

func TestProgrammeValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		change    func(*Programme)
		wantField string
	}{
		{"valid", func(*Programme) {}, ""},
		{"ends on the day it starts", func(p *Programme) { p.EndsOn = p.StartsOn }, "endsOn"},
		{"ends before it starts", func(p *Programme) { p.EndsOn = "2024-12-31" }, "endsOn"},
		{"ends a day after it starts", func(p *Programme) { p.EndsOn = "2025-01-02" }, ""},
		{"unknown status", func(p *Programme) { p.Status = "paused" }, "status"},
		{"duplicate theme", func(p *Programme) { p.Themes = []string{"innovatie", "Innovatie "} }, "themes"},
		{"empty theme", func(p *Programme) { p.Themes = []string{"innovatie", " "} }, "themes"},
		{"target on unknown theme", func(p *Programme) { p.Targets[0].Theme = "zorg" }, "targets[0].theme"},
		{"target of unknown kind", func(p *Programme) { p.Targets[0].Kind = "lunch" }, "targets[0].kind"},
		{"target value 0", func(p *Programme) { p.Targets[0].Value = 0 }, "targets[0].value"},
		{"target scope", func(p *Programme) { p.Targets[0].Scope = "team" }, "targets[0].scope"},
		{"blank name", func(p *Programme) { p.Name = "" }, "name"},
		{"no owner", func(p *Programme) { p.Owners = nil }, "ownerOrganisationIds"},
		{"an owner twice", func(p *Programme) { p.Owners = []string{"gm0599", "gm0599"} }, "ownerOrganisationIds"},
		{"blank owner", func(p *Programme) { p.Owners = []string{" "} }, "ownerOrganisationIds"},
		{"two owners", func(p *Programme) { p.Owners = []string{"gm0599", "gm0453"} }, ""},
		{"partner without role", func(p *Programme) { p.Partners[0].Role = " " }, "partners[0].role"},
		{"partner without organisation", func(p *Programme) { p.Partners[0].OrganisationID = "" }, "partners[0].organisationId"},
		{"a partner twice", func(p *Programme) { p.Partners = append(p.Partners, Partner{"kvk", "financier"}) }, "partners[1].organisationId"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := validProgramme()
			tc.change(&p)
			wantField(t, p.Validate(), tc.wantField)
		})
	}
}

func TestProgrammeClose(t *testing.T) {
	t.Parallel()
	p := validProgramme()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if p.Status != ProgrammeClosed {
		t.Fatalf("status = %s", p.Status)
	}
	if err := p.Close(); !errors.Is(err, ErrClosed) {
		t.Fatalf("closing twice: err = %v, want ErrClosed", err)
	}
}

func TestActivityThemes(t *testing.T) {
	t.Parallel()
	p := validProgramme()
	for _, tc := range []struct {
		name      string
		in        []string
		want      []string
		wantField string
	}{
		{"none", nil, []string{}, ""},
		{"programme's spelling", []string{" Innovatie", "ONDERWIJS EN ARBEIDSMARKT"}, []string{"innovatie", "onderwijs en arbeidsmarkt"}, ""},
		{"not a theme of the programme", []string{"innovatie", "circulaire economie"}, nil, "themes"},
		{"twice", []string{"innovatie", "innovatie"}, nil, "themes"},
		{"empty", []string{""}, nil, "themes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := p.ActivityThemes(tc.in)
			wantField(t, err, tc.wantField)
			if tc.wantField == "" && !slices.Equal(got, tc.want) {
				t.Fatalf("themes = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestActivityValidate(t *testing.T) {
	t.Parallel()
	valid := func() Activity {
		return Activity{Kind: KindCompanyVisit, OccurredOn: "2025-03-01", DurationMinutes: 90, Summary: "Bezoek aan RDM",
			Organisations: []string{"RDM Makerspace"}}
	}
	for _, tc := range []struct {
		name      string
		change    func(*Activity)
		wantField string
	}{
		{"valid", func(*Activity) {}, ""},
		{"unknown kind", func(x *Activity) { x.Kind = "lunch" }, "kind"},
		{"a whole day", func(x *Activity) { x.DurationMinutes = 1440 }, ""},
		{"more than a day", func(x *Activity) { x.DurationMinutes = 1441 }, "durationMinutes"},
		{"blank summary", func(x *Activity) { x.Summary = " " }, "summary"},
		{"negative reach", func(x *Activity) { x.EntrepreneursReached = -1 }, "entrepreneursReached"},
		{"empty organisation", func(x *Activity) { x.Organisations = []string{""} }, "organisations"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := valid()
			tc.change(&x)
			wantField(t, x.Validate(), tc.wantField)
		})
	}
}

// TestBuildReport totals a seeded programme; the expected values are
// worked out by hand in the comments.
func TestBuildReport(t *testing.T) {
	t.Parallel()
	p := validProgramme()
	p.ID = "p"
	people := []Ambassador{{ID: "b", Name: "Bram", LeaderboardOptOut: true}, {ID: "a", Name: "Anouk"}}
	const inno, ond = "innovatie", "onderwijs en arbeidsmarkt"
	acts := []Activity{
		// #1 Anouk, approved visit in January.
		{ID: "1", AmbassadorID: "a", Kind: KindCompanyVisit, OccurredOn: "2025-01-31", DurationMinutes: 60, EntrepreneursReached: 3,
			Themes: []string{inno}, ReviewStatus: ReviewApproved},
		// #2 and #3: Anouk and Bram co-host event e1 (40 attendees): two
		// activities, one event, its attendance once.
		{ID: "2", AmbassadorID: "a", Kind: KindEventHosted, OccurredOn: "2025-02-01", DurationMinutes: 120, EntrepreneursReached: 40,
			Themes: []string{inno, ond}, EventID: "e1", Attendance: 40, ReviewStatus: ReviewApproved},
		{ID: "3", AmbassadorID: "b", Kind: KindEventHosted, OccurredOn: "2025-02-01", DurationMinutes: 120, EntrepreneursReached: 40,
			Themes: []string{inno}, EventID: "e1", Attendance: 40, ReviewStatus: ReviewApproved},
		// #4 pending: counted apart. #5 returned: counted nowhere.
		{ID: "4", AmbassadorID: "b", Kind: KindMentoring, OccurredOn: "2025-02-10", DurationMinutes: 30, EntrepreneursReached: 1,
			ReviewStatus: ReviewPending},
		{ID: "5", AmbassadorID: "b", Kind: KindMentoring, OccurredOn: "2025-02-11", DurationMinutes: 45, EntrepreneursReached: 2,
			Themes: []string{ond}, ReviewStatus: ReviewReturned},
		// #6 after "to".
		{ID: "6", AmbassadorID: "b", Kind: KindMentoring, OccurredOn: "2025-03-01", DurationMinutes: 30, ReviewStatus: ReviewApproved},
	}
	r := BuildReport(&p, "2025-01-01", "2025-02-28", people, acts)
	row := func(key, label string, acts, mins, reached, events, attendance, pending int) ReportRow {
		return ReportRow{Key: key, Label: label, Activities: acts, Minutes: mins, EntrepreneursReached: reached,
			EventsHosted: events, Attendance: attendance, PendingActivities: pending}
	}
	check := func(name string, got, want []ReportRow) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s =\n%+v\nwant\n%+v", name, got, want)
		}
	}
	// #1+#2+#3: 60+120+120 = 300 minutes, 3+40+40 = 83 reached, e1 once.
	check("totals", []ReportRow{r.Totals}, []ReportRow{row("total", "Totaal", 3, 300, 83, 1, 40, 1)})
	check("by theme", r.ByTheme, []ReportRow{
		row(inno, inno, 3, 300, 83, 1, 40, 0), // #1 #2 #3
		row(ond, ond, 1, 120, 40, 1, 40, 0),   // #2 (#5 returned)
	})
	byKind := map[Kind]ReportRow{}
	for _, k := range r.ByKind {
		byKind[Kind(k.Key)] = k
	}
	if len(r.ByKind) != len(Kinds()) {
		t.Errorf("by kind has %d rows, want one per kind", len(r.ByKind))
	}
	check("by kind", []ReportRow{byKind[KindCompanyVisit], byKind[KindEventHosted], byKind[KindMentoring], byKind[KindMedia]},
		[]ReportRow{
			row("company-visit", "company-visit", 1, 60, 3, 0, 0, 0),
			row("event-hosted", "event-hosted", 2, 240, 80, 1, 40, 0),
			row("mentoring", "mentoring", 0, 0, 0, 0, 0, 1),
			row("media", "media", 0, 0, 0, 0, 0, 0),
		})
	check("by ambassador", r.ByAmbassador, []ReportRow{
		row("a", "Anouk", 2, 180, 43, 1, 40, 0),
		row("b", "Bram", 1, 120, 40, 1, 40, 1),
	})
	check("by month", r.ByMonth, []ReportRow{
		row("2025-01", "2025-01", 1, 60, 3, 0, 0, 0),
		row("2025-02", "2025-02", 2, 240, 80, 1, 40, 1),
	})
	// Bram opted out of the leaderboard.
	if want := []LeaderboardEntry{{Rank: 1, AmbassadorID: "a", Name: "Anouk", Activities: 2, Minutes: 180,
		EntrepreneursReached: 43, EventsHosted: 1}}; !slices.Equal(r.Leaderboard, want) {
		t.Errorf("leaderboard = %+v, want %+v", r.Leaderboard, want)
	}
	people[0].LeaderboardOptOut = false
	r = BuildReport(&p, "2025-01-01", "2025-02-28", people, acts)
	if len(r.Leaderboard) != 2 || r.Leaderboard[0].AmbassadorID != "a" || r.Leaderboard[1].Rank != 2 {
		t.Errorf("leaderboard with Bram = %+v", r.Leaderboard)
	}
}

func TestReturnedCountsNowhere(t *testing.T) {
	t.Parallel()
	p := validProgramme()
	r := BuildReport(&p, "2025-01-01", "2025-12-31", nil, []Activity{{Kind: KindMedia, OccurredOn: "2025-04-01",
		DurationMinutes: 30, ReviewStatus: ReviewReturned}})
	if r.Totals.Activities != 0 || r.Totals.PendingActivities != 0 || len(r.ByMonth) != 0 {
		t.Fatalf("report of a returned activity = %+v", r)
	}
}

func TestLeaderboardTies(t *testing.T) {
	t.Parallel()
	p := validProgramme()
	people := []Ambassador{{ID: "c", Name: "Cas"}, {ID: "a", Name: "Anouk"}, {ID: "b", Name: "Bram"}}
	visit := func(id string, minutes int) Activity {
		return Activity{AmbassadorID: id, Kind: KindCompanyVisit, OccurredOn: "2025-03-01", DurationMinutes: minutes,
			ReviewStatus: ReviewApproved}
	}
	r := BuildReport(&p, "2025-01-01", "2025-12-31", people, []Activity{visit("a", 60), visit("b", 60), visit("c", 90), visit("c", 0)})
	var got []string
	for _, e := range r.Leaderboard {
		got = append(got, fmt.Sprintf("%d %s", e.Rank, e.Name))
	}
	if want := []string{"1 Cas", "2 Anouk", "2 Bram"}; !slices.Equal(got, want) {
		t.Fatalf("leaderboard = %q, want %q", got, want)
	}
}

func TestMeasureTarget(t *testing.T) {
	t.Parallel()
	visits := func(status ReviewStatus, days ...Date) []Activity {
		var out []Activity
		for _, d := range days {
			out = append(out, Activity{Kind: KindCompanyVisit, OccurredOn: d, DurationMinutes: 60, Themes: []string{"innovatie"},
				ReviewStatus: status})
		}
		return out
	}
	year := Target{Metric: MetricActivities, Value: 10, Kind: KindCompanyVisit, Scope: ScopeAmbassador, Period: PeriodYear}
	hours := Target{Metric: MetricMinutes, Value: 2400, Scope: ScopeAmbassador, Period: PeriodTerm}
	onTheme := Target{Metric: MetricActivities, Value: 2, Theme: "Onderwijs en arbeidsmarkt", Scope: ScopeAmbassador, Period: PeriodTerm}
	for _, tc := range []struct {
		name       string
		t          Target
		start, end Date
		today      Date
		acts       []Activity
		want       TargetProgress
	}{
		// 2025 is 365 days; on 1 July 182 have passed: 10*182/365 = 4.
		{"behind in the year", year, "2024-06-01", "2026-05-31", "2025-07-01", visits(ReviewApproved, "2024-12-31", "2025-01-10", "2025-06-30"),
			TargetProgress{Target: year, From: "2025-01-01", To: "2025-12-31", Approved: 2, ExpectedByNow: 4, State: StateBehind}},
		{"pending counts against behind", year, "2024-06-01", "2026-05-31", "2025-07-01",
			append(visits(ReviewApproved, "2025-01-10", "2025-06-30"), visits(ReviewPending, "2025-03-01", "2025-04-01")...),
			TargetProgress{Target: year, From: "2025-01-01", To: "2025-12-31", Approved: 2, Pending: 2, ExpectedByNow: 4, State: StateOnTrack}},
		// The year is cut to the term: 2026-01-01..2026-05-31 (151 days).
		{"last year of the term", year, "2024-06-01", "2026-05-31", "2026-05-31", visits(ReviewApproved, "2026-02-01"),
			TargetProgress{Target: year, From: "2026-01-01", To: "2026-05-31", Approved: 1, ExpectedByNow: 10, State: StateBehind}},
		{"met", year, "2025-01-01", "2025-12-31", "2025-01-02", visits(ReviewApproved, "2025-01-01", "2025-01-01", "2025-01-01", "2025-01-01",
			"2025-01-01", "2025-01-01", "2025-01-01", "2025-01-01", "2025-01-01", "2025-01-02"),
			TargetProgress{Target: year, From: "2025-01-01", To: "2025-12-31", Approved: 10, ExpectedByNow: 0, State: StateMet}},
		// After the term, its last day counts: all expected.
		{"minutes over a finished term", hours, "2025-01-01", "2025-12-31", "2026-03-01", visits(ReviewApproved, "2025-05-01", "2025-06-01"),
			TargetProgress{Target: hours, From: "2025-01-01", To: "2025-12-31", Approved: 120, ExpectedByNow: 2400, State: StateBehind}},
		{"per theme", onTheme, "2025-01-01", "2025-12-31", "2025-01-01", visits(ReviewApproved, "2025-01-01"),
			TargetProgress{Target: onTheme, From: "2025-01-01", To: "2025-12-31", ExpectedByNow: 0, State: StateOnTrack}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := MeasureTarget(tc.t, tc.start, tc.end, tc.today, tc.acts); got != tc.want {
				t.Fatalf("progress = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestReview(t *testing.T) {
	t.Parallel()
	x := Activity{ReviewStatus: ReviewPending}
	wantField(t, x.Review("return", "  "), "comment")
	wantField(t, x.Review("maybe", ""), "decision")
	wantField(t, x.Review("return", "Welk bedrijf?"), "")
	if x.ReviewStatus != ReviewReturned || x.ReviewComment != "Welk bedrijf?" {
		t.Fatalf("returned: %+v", x)
	}
	x.Resubmit()
	if x.ReviewStatus != ReviewPending || x.ReviewComment != "" {
		t.Fatalf("resubmitted: %+v", x)
	}
	wantField(t, x.Review("approve", ""), "")
	if x.ReviewStatus != ReviewApproved {
		t.Fatalf("approved: %+v", x)
	}
}
