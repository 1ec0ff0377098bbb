package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/zone"
)

// Ambassadors hear once a month that they are behind, once that their
// term ends (30 days before) and once that it ended, under the
// programme's name; however often each message comes.
func TestAmbassadorLetters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 3, 3, 9, 0, 0, 0, zone.Amsterdam)}
	a, db := newApp(t, c.now, nil)
	in := func(fn func(tx sqlite.Tx) error) {
		t.Helper()
		if err := db.InTx(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	eva := domain.Ambassador{ID: "a1", ProgrammeID: "p1", Name: "Eva", Email: "eva@example.nl",
		TermEndsOn: "2026-04-01", Status: domain.AmbassadorActive}
	in(func(tx sqlite.Tx) error { return a.ApplyProgramme(ctx, tx, "p1", "Smart Industry") })
	in(func(tx sqlite.Tx) error { return a.ApplyAmbassador(ctx, tx, eva, false) })
	behind := domain.BehindTarget{Ambassador: eva, AsOf: "2026-03-03",
		Targets: []domain.TargetProgress{{Metric: "activities", Target: 12, Approved: 1, ExpectedByNow: 3}}}
	for range 3 {
		in(func(tx sqlite.Tx) error { return a.ApplyBehindTarget(ctx, tx, behind) })
	}
	behind.AsOf = "2026-03-28" // the same month
	in(func(tx sqlite.Tx) error { return a.ApplyBehindTarget(ctx, tx, behind) })

	for range 2 {
		if err := a.RemindTerms(ctx); err != nil {
			t.Fatal(err)
		}
	}
	kinds := func() string {
		var s []string
		for _, e := range emailLog(t, a, app.EmailFilter{To: "EVA@example.nl"}) {
			s = append(s, string(e.Kind)+" "+e.Subject)
		}
		return fmt.Sprint(s)
	}
	// 1 April is 29 days away.
	want := "[ambassador-behind-target Je voortgang als ambassadeur: Smart Industry " +
		"ambassador-term-ending Je termijn als ambassadeur eindigt op 1 april 2026]"
	if got := kinds(); got != want {
		t.Fatalf("e-mails %s\nwant %s", got, want)
	}
	ended := eva
	ended.Status = domain.AmbassadorAlumni
	for range 2 {
		in(func(tx sqlite.Tx) error { return a.ApplyAmbassador(ctx, tx, ended, true) })
	}
	behind.AsOf = "2026-04-02"
	in(func(tx sqlite.Tx) error { return a.ApplyBehindTarget(ctx, tx, behind) })
	want = want[:len(want)-1] + " ambassador-term-ended Je termijn als ambassadeur is afgelopen: Smart Industry " +
		"ambassador-behind-target Je voortgang als ambassadeur: Smart Industry]"
	if got := kinds(); got != want {
		t.Fatalf("e-mails %s\nwant %s", got, want)
	}
}
