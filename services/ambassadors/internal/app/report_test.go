package app_test

import (
	"testing"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/platform/rule"
)

func TestReport(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := asOrganiser()
	p := f.programme(t)
	a := f.ambassador(t, p.ID, "anouk@example.nl")
	for _, on := range []domain.Date{"2025-03-01", "2025-03-15", "2025-05-01"} {
		x, err := f.app.LogActivity(ctx, visit(a.ID, on))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.app.ReviewActivity(ctx, x.ID, domain.DecisionApprove, ""); err != nil {
			t.Fatal(err)
		}
	}
	r, err := f.app.Report(ctx, p.ID, "", "2025-03-31")
	if err != nil {
		t.Fatal(err)
	}
	if r.From != p.StartsOn || r.Totals.Activities != 2 || r.Totals.Minutes != 180 || len(r.ByMonth) != 1 || r.ByAmbassador[0].Activities != 2 {
		t.Fatalf("report = %+v", r)
	}
	_, err = f.app.Report(ctx, p.ID, "2025-04-01", "2025-03-31")
	wantRule(t, err, rule.Unmet, "to")
}
