package app_test

import (
	"context"
	"errors"
	"testing"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/platform/identity"
	"plein.dev/platform/rule"
)

func TestLogActivityRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := asOrganiser()
	p := f.programme(t)
	a := f.ambassador(t, p.ID, "anouk@example.nl")
	b := f.ambassador(t, p.ID, "bram@example.nl")
	self := asAmbassador(a.ID)

	for _, tc := range []struct {
		name      string
		actor     context.Context
		x         domain.Activity
		wantErr   error
		wantField string
	}{
		{"first day of term", self, visit(a.ID, "2025-02-01"), nil, ""},
		{"day before term", self, visit(a.ID, "2025-01-31"), nil, "occurredOn"},
		// It is already the 16th in Amsterdam, though the 15th in UTC.
		{"today in Amsterdam", self, visit(a.ID, "2025-06-16"), nil, ""},
		{"tomorrow in Amsterdam", self, visit(a.ID, "2025-06-17"), nil, "occurredOn"},
		{"organiser for the ambassador", asOrganiser(), visit(a.ID, "2025-03-01"), nil, ""},
		{"organiser, future date", asOrganiser(), visit(a.ID, "2025-07-01"), nil, "occurredOn"},
		{"someone else's", asAmbassador(b.ID), visit(a.ID, "2025-03-01"), domain.ErrForbidden, ""},
		{"no role", identity.NewContext(ctx, identity.Identity{UserID: "u-x", AmbassadorID: a.ID}), visit(a.ID, "2025-03-01"), domain.ErrForbidden, ""},
		{"unknown ambassador", asOrganiser(), visit("nope", "2025-03-01"), domain.ErrNotFound, ""},
		{"unknown ambassador for an ambassador", self, visit("nope", "2025-03-01"), domain.ErrNotFound, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x, err := f.app.LogActivity(tc.actor, tc.x)
			switch {
			case tc.wantErr != nil:
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
			case tc.wantField != "":
				wantRule(t, err, rule.Unmet, tc.wantField)
			case err != nil:
				t.Fatal(err)
			default:
				if x.ReviewStatus != domain.ReviewPending || x.ProgrammeID != p.ID || x.Themes[0] != "innovatie" {
					t.Fatalf("activity = %+v", x)
				}
			}
		})
	}
}

func TestTermChanges(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := asOrganiser()
	p := f.programme(t)
	a := f.ambassador(t, p.ID, "anouk@example.nl")
	x, err := f.app.LogActivity(ctx, visit(a.ID, "2025-06-01"))
	if err != nil {
		t.Fatal(err)
	}

	// Shortening the term to before the activity leaves it alone, and an
	// edit that does not move it is still allowed.
	end := domain.Date("2025-05-31")
	if _, err := f.app.UpdateAmbassador(ctx, a.ID, app.AmbassadorChange{TermEndsOn: &end}); err != nil {
		t.Fatal(err)
	}
	got, err := f.app.GetAmbassador(ctx, a.ID)
	if err != nil || got.Status != domain.AmbassadorAlumni {
		t.Fatalf("after the term: %+v, %v", got, err)
	}
	if _, err := f.app.UpdateActivity(ctx, x.ID, app.ActivityChange{Summary: strp("Nieuwe samenvatting")}); err != nil {
		t.Fatalf("edit without moving: %v", err)
	}
	moved := domain.Date("2025-06-02")
	_, err = f.app.UpdateActivity(ctx, x.ID, app.ActivityChange{OccurredOn: &moved})
	wantRule(t, err, rule.Unmet, "occurredOn")

	// Extending the term makes the ambassador active again.
	end = "2026-06-30"
	if _, err := f.app.UpdateAmbassador(ctx, a.ID, app.AmbassadorChange{TermEndsOn: &end}); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.app.GetAmbassador(ctx, a.ID); got.Status != domain.AmbassadorActive || got.Version != 3 {
		t.Fatalf("after extension: %+v", got)
	}
	if _, err := f.app.UpdateActivity(ctx, x.ID, app.ActivityChange{OccurredOn: &moved}); err != nil {
		t.Fatalf("move inside the extended term: %v", err)
	}
}
