package app_test

import (
	"context"
	"testing"
	"time"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/zone"
)

// The ambassadors service's messages carry an ambassador's address only
// sealed (issue 15): it is opened to mail them, and one sealed for another
// ambassador does not open — the message fails instead of mailing no one.
func TestAmbassadorAddressSealed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 3, 3, 9, 0, 0, 0, zone.Amsterdam)}
	a, db := newApp(t, c.now, nil)
	eva := domain.Ambassador{ID: "a1", ProgrammeID: "p1", Name: "Eva", TermEndsOn: "2026-12-31",
		Status: domain.AmbassadorActive, SealedEmail: keys.Seal("eva@example.nl", domain.AmbassadorEmailContext("a1"))}
	behind := domain.BehindTarget{Ambassador: eva, AsOf: "2026-03-03",
		Targets: []domain.TargetProgress{{Metric: "activities", Target: 12, Approved: 1, ExpectedByNow: 3}}}
	err := db.InTx(ctx, func(tx sqlite.Tx) error {
		if err := a.ApplyProgramme(ctx, tx, "p1", "Smart Industry"); err != nil {
			return err
		}
		if err := a.ApplyAmbassador(ctx, tx, eva, false); err != nil {
			return err
		}
		return a.ApplyBehindTarget(ctx, tx, behind)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := emailLog(t, a, app.EmailFilter{To: "eva@example.nl"}); len(got) != 1 || got[0].Kind != domain.KindBehindTarget {
		t.Fatalf("e-mails to Eva %v, want the behind-target one", got)
	}

	moved := behind
	moved.AsOf = "2026-04-02"
	moved.Ambassador.ID = "a2" // Eva's sealed address in another's message
	if err := db.InTx(ctx, func(tx sqlite.Tx) error { return a.ApplyBehindTarget(ctx, tx, moved) }); err == nil {
		t.Error("an address sealed for another ambassador opened")
	}
}
