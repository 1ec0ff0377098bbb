package app_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/bus"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/migrations"
	"plein.dev/platform/rule"
	"plein.dev/platform/seal"
	"plein.dev/platform/testkit"
	"plein.dev/platform/zone"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// clock is a settable clock for tests that cross days.
type clock struct{ now time.Time }

// amsterdamNoon returns noon of day d in Amsterdam.
func amsterdamNoon(t *testing.T, d string) time.Time {
	t.Helper()
	day, err := time.ParseInLocation(time.DateOnly, d, zone.Amsterdam)
	if err != nil {
		t.Fatal(err)
	}
	return day.Add(12 * time.Hour)
}

func newFixtureWithClock(t *testing.T, c *clock) fixture {
	t.Helper()
	db := testkit.DB(t, migrations.FS)
	return fixture{db: db, app: app.New(db, testkit.Logger(t), func() time.Time { return c.now })}
}

func subjects(rows []outboxRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Subject)
	}
	return out
}

// An ambassador logs on the first and the last day of their term, not a
// day outside it; once alumni they no longer log, change or delete, while
// an organiser still may; the end of the term is announced once; a term
// extension makes them active again.
func TestTermEdges(t *testing.T) {
	t.Parallel()
	c := &clock{now: amsterdamNoon(t, "2025-06-16")}
	f := newFixtureWithClock(t, c)
	ctx := asOrganiser()
	p := f.programme(t)
	a, err := f.app.AppointAmbassador(ctx, domain.Ambassador{ProgrammeID: p.ID, Name: "Anouk", Email: "anouk@example.nl",
		AppointedOn: "2025-02-01", TermEndsOn: "2025-06-16"})
	if err != nil {
		t.Fatal(err)
	}
	self := asAmbassador(a.ID)
	wantField := func(err error, field string) {
		t.Helper()
		wantRule(t, err, rule.Unmet, field)
	}
	first, err := f.app.LogActivity(self, visit(a.ID, "2025-02-01"))
	if err != nil {
		t.Fatalf("first day of the term: %v", err)
	}
	if _, err := f.app.LogActivity(self, visit(a.ID, "2025-06-16")); err != nil {
		t.Fatalf("last day of the term (today): %v", err)
	}
	_, err = f.app.LogActivity(self, visit(a.ID, "2025-01-31"))
	wantField(err, "occurredOn")
	if err := f.app.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	f.takeOutbox(t)

	// The day after the last day: alumni.
	c.now = amsterdamNoon(t, "2025-06-17")
	if got, _ := f.app.GetAmbassador(ctx, a.ID); got.Status != domain.AmbassadorAlumni {
		t.Fatalf("status the day after the term = %s", got.Status)
	}
	_, err = f.app.LogActivity(self, visit(a.ID, "2025-06-10"))
	if !errors.Is(err, domain.ErrTermEnded) {
		t.Fatalf("alumni logging: err = %v, want ErrTermEnded", err)
	}
	if _, err := f.app.UpdateActivity(self, first.ID, app.ActivityChange{Summary: strp("Anders")}); !errors.Is(err, domain.ErrTermEnded) {
		t.Fatalf("alumni changing: err = %v, want ErrTermEnded", err)
	}
	if err := f.app.DeleteActivity(self, first.ID); !errors.Is(err, domain.ErrTermEnded) {
		t.Fatalf("alumni deleting: err = %v, want ErrTermEnded", err)
	}
	if list, _, err := f.app.ListActivities(self, a.ID, firstPage[app.ActivityCursor](10)); err != nil || len(list) != 2 {
		t.Fatalf("alumni reading their activities: %d, %v", len(list), err)
	}
	_, err = f.app.LogActivity(ctx, visit(a.ID, "2025-06-17"))
	wantField(err, "occurredOn")
	if _, err := f.app.LogActivity(ctx, visit(a.ID, "2025-06-10")); err != nil {
		t.Fatalf("organiser logging for an alumnus within the term: %v", err)
	}
	f.takeOutbox(t)

	// The sweep announces the end of the term once.
	for i, want := range [][]string{{"plein.ambassadors.ambassador.term-ended"}, nil} {
		if err := f.app.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
		rows := f.takeOutbox(t)
		if got := subjects(rows); !slices.Equal(got, want) {
			t.Fatalf("sweep %d: messages %q, want %q", i+1, got, want)
		}
		if len(rows) == 1 {
			var m ambassadorsv1.AmbassadorChanged
			if err := proto.Unmarshal(rows[0].Payload, &m); err != nil || m.GetAmbassador().GetStatus() != "alumni" {
				t.Fatalf("term-ended payload = %v (%v)", &m, err)
			}
		}
	}

	// Extended: active again, and a later end is announced again.
	end := domain.Date("2025-12-31")
	got, err := f.app.UpdateAmbassador(ctx, a.ID, app.AmbassadorChange{TermEndsOn: &end})
	if err != nil || got.Status != domain.AmbassadorActive || got.TermEndedAnnounced {
		t.Fatalf("extended: %+v, %v", got, err)
	}
	if _, err := f.app.LogActivity(self, visit(a.ID, "2025-06-17")); err != nil {
		t.Fatalf("logging after the extension: %v", err)
	}
	f.takeOutbox(t)
	c.now = amsterdamNoon(t, "2026-01-01")
	if err := f.app.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	if got := subjects(f.takeOutbox(t)); !slices.Equal(got, []string{"plein.ambassadors.ambassador.term-ended"}) {
		t.Fatalf("after the extended term: %q", got)
	}
}

// A programme closes by itself the day after its last day; its ambassadors
// become alumni and logging stops.
func TestProgrammeClosesAtItsEnd(t *testing.T) {
	t.Parallel()
	c := &clock{now: amsterdamNoon(t, "2025-06-30")}
	f := newFixtureWithClock(t, c)
	ctx := asOrganiser()
	p, err := f.app.CreateProgramme(ctx, domain.Programme{Name: "Smart Industry", Municipality: "Rotterdam",
		Themes: []string{"innovatie"}, StartsOn: "2025-01-01", EndsOn: "2025-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	a := f.ambassador(t, p.ID, "anouk@example.nl") // term to 2026-01-31, beyond the programme
	b := f.ambassador(t, p.ID, "bram@example.nl")
	f.takeOutbox(t)
	if err := f.app.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	if rows := f.takeOutbox(t); len(rows) != 0 {
		t.Fatalf("on the last day: %q", subjects(rows))
	}
	c.now = amsterdamNoon(t, "2025-07-01")
	if err := f.app.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	got := subjects(f.takeOutbox(t))
	want := []string{"plein.ambassadors.programme.closed", "plein.ambassadors.ambassador.term-ended", "plein.ambassadors.ambassador.term-ended"}
	if !slices.Equal(got, want) {
		t.Fatalf("the day after: %q, want %q", got, want)
	}
	if p, _ := f.app.GetProgramme(ctx, p.ID); p.Status != domain.ProgrammeClosed {
		t.Fatalf("programme status = %s", p.Status)
	}
	for _, id := range []string{a.ID, b.ID} {
		if got, _ := f.app.GetAmbassador(ctx, id); got.Status != domain.AmbassadorAlumni {
			t.Fatalf("ambassador status = %s", got.Status)
		}
	}
	if _, err := f.app.LogActivity(ctx, visit(a.ID, "2025-06-30")); !errors.Is(err, domain.ErrClosed) {
		t.Fatalf("logging in a closed programme: err = %v", err)
	}
	if err := f.app.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	if rows := f.takeOutbox(t); len(rows) != 0 {
		t.Fatalf("second sweep: %q", subjects(rows))
	}
}

// An ambassador behind on a target is announced once a calendar month.
func TestBehindTargetSignal(t *testing.T) {
	t.Parallel()
	c := &clock{now: amsterdamNoon(t, "2025-06-16")}
	f := newFixtureWithClock(t, c)
	key, err := seal.NewKey("test")
	if err != nil {
		t.Fatal(err)
	}
	keys, err := seal.Parse(key)
	if err != nil {
		t.Fatal(err)
	}
	f.app.SealWith(keys)
	ctx := asOrganiser()
	p, err := f.app.CreateProgramme(ctx, domain.Programme{Name: "Smart Industry", Municipality: "Rotterdam",
		Themes: []string{"innovatie"}, StartsOn: "2025-01-01", EndsOn: "2026-12-31",
		Targets: []domain.Target{{Metric: domain.MetricActivities, Value: 10, Kind: domain.KindCompanyVisit,
			Scope: domain.ScopeAmbassador, Period: domain.PeriodYear}}})
	if err != nil {
		t.Fatal(err)
	}
	// Anouk (term from 2025-02-01): 10*136/334 = 4 visits expected by 16
	// June; she has 4 (2 approved, 2 pending). Bram has none.
	anouk := f.ambassador(t, p.ID, "anouk@example.nl")
	bram := f.ambassador(t, p.ID, "bram@example.nl")
	for i, on := range []domain.Date{"2025-03-01", "2025-04-01", "2025-05-01", "2025-06-01"} {
		x, err := f.app.LogActivity(ctx, visit(anouk.ID, on))
		if err != nil {
			t.Fatal(err)
		}
		if i < 2 {
			if _, err := f.app.ReviewActivity(ctx, x.ID, domain.DecisionApprove, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	f.takeOutbox(t)
	for _, step := range []struct {
		day  string
		want int
	}{{"2025-06-16", 1}, {"2025-06-30", 0}, {"2025-07-01", 1}} {
		c.now = amsterdamNoon(t, step.day)
		if err := f.app.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
		rows := f.takeOutbox(t)
		if len(rows) != step.want {
			t.Fatalf("%s: messages %q, want %d", step.day, subjects(rows), step.want)
		}
		if len(rows) == 0 {
			continue
		}
		r := rows[0]
		if r.Subject != "plein.ambassadors.ambassador.behind-target" || r.Aggregate != "behind-target:"+bram.ID+":"+step.day[:7] {
			t.Fatalf("%s: message %s %s", step.day, r.Subject, r.Aggregate)
		}
		var m ambassadorsv1.BehindTarget
		if err := proto.Unmarshal(r.Payload, &m); err != nil {
			t.Fatal(err)
		}
		// The address only sealed, for Bram's messages alone (issue 15).
		if email, err := keys.Open(m.GetSealedEmail(), bus.EmailContext(bram.ID)); err != nil || email != "bram@example.nl" {
			t.Fatalf("sealed address opens to %q, %v", email, err)
		}
		if m.GetAmbassador().GetEmail() != "" || m.GetProgrammeName() != "Smart Industry" ||
			len(m.GetTargets()) != 1 || m.GetTargets()[0].GetState() != "behind" || m.GetAsOf() != step.day {
			t.Fatalf("payload = %v", &m)
		}
	}
}
