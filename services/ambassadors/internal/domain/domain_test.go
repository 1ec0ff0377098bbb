package domain

import (
	"errors"
	"slices"
	"testing"
	"time"
	_ "time/tzdata"
)

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Fatalf("err = %v, want nil", err)
		}
		return
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a ValidationError on %s", err, field)
	}
	if ve.Field != field {
		t.Fatalf("field = %q (%s), want %q", ve.Field, ve.Reason, field)
	}
}

func TestParseDate(t *testing.T) {
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
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
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
		Targets: []Target{{Metric: MetricActivities, Value: 10, Kind: KindCompanyVisit, Theme: "innovatie", Scope: ScopeAmbassador, Period: PeriodYear}},
	}
}

func TestProgrammeValidate(t *testing.T) {
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
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := validProgramme()
			tc.change(&p)
			wantField(t, p.Validate(), tc.wantField)
		})
	}
}

func TestProgrammeClose(t *testing.T) {
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

func TestActorMayActFor(t *testing.T) {
	for _, tc := range []struct {
		name  string
		actor Actor
		want  bool
	}{
		{"organiser", Actor{Organiser: true}, true},
		{"the ambassador", Actor{AmbassadorID: "a"}, true},
		{"another ambassador", Actor{AmbassadorID: "b"}, false},
		{"nobody", Actor{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.actor.MayActFor("a"); got != tc.want {
				t.Fatalf("MayActFor = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestBuildReport(t *testing.T) {
	p := validProgramme()
	p.ID = "p"
	people := []Ambassador{{ID: "b", Name: "Bram"}, {ID: "a", Name: "Anouk"}}
	acts := []Activity{
		{AmbassadorID: "a", Kind: KindCompanyVisit, OccurredOn: "2025-01-31", DurationMinutes: 60, EntrepreneursReached: 3, Themes: []string{"innovatie"}},
		{AmbassadorID: "a", Kind: KindEventHosted, OccurredOn: "2025-02-01", DurationMinutes: 120, EntrepreneursReached: 40,
			Themes: []string{"innovatie", "onderwijs en arbeidsmarkt"}},
		{AmbassadorID: "b", Kind: KindMentoring, OccurredOn: "2025-02-10", DurationMinutes: 30},
		{AmbassadorID: "b", Kind: KindMentoring, OccurredOn: "2025-03-01", DurationMinutes: 30}, // after "to"
	}
	r := BuildReport(&p, "2025-01-01", "2025-02-28", people, acts)

	if got, want := r.Totals, (ReportRow{Key: "total", Label: "Totaal", Activities: 3, Minutes: 210, EntrepreneursReached: 43, EventsHosted: 1}); got != want {
		t.Errorf("totals = %+v, want %+v", got, want)
	}
	if len(r.ByTheme) != 2 || r.ByTheme[0].Activities != 2 || r.ByTheme[1].Activities != 1 {
		t.Errorf("by theme = %+v", r.ByTheme)
	}
	if len(r.ByKind) != len(Kinds()) {
		t.Errorf("by kind has %d rows, want one per kind", len(r.ByKind))
	}
	if len(r.ByAmbassador) != 2 || r.ByAmbassador[0].Label != "Anouk" || r.ByAmbassador[0].Minutes != 180 || r.ByAmbassador[1].Minutes != 30 {
		t.Errorf("by ambassador = %+v", r.ByAmbassador)
	}
	if len(r.ByMonth) != 2 || r.ByMonth[0].Key != "2025-01" || r.ByMonth[1].Key != "2025-02" || r.ByMonth[1].Activities != 2 {
		t.Errorf("by month = %+v", r.ByMonth)
	}
}
