package app_test

import (
	"errors"
	"testing"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/domain"
)

func TestClosedProgrammeIsFinal(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := asOrganiser()
	p := f.programme(t)
	a := f.ambassador(t, p.ID, "anouk@example.nl")
	x, err := f.app.LogActivity(ctx, visit(a.ID, "2025-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.UpdateProgramme(ctx, p.ID, app.ProgrammeChange{Close: true}); err != nil {
		t.Fatal(err)
	}
	got, err := f.app.GetAmbassador(ctx, a.ID)
	if err != nil || got.Status != domain.AmbassadorAlumni {
		t.Fatalf("ambassador of a closed programme: %+v, %v", got, err)
	}
	for _, tc := range []struct {
		name string
		do   func() error
	}{
		{"appoint", func() error {
			_, err := f.app.AppointAmbassador(ctx, domain.Ambassador{ProgrammeID: p.ID, Name: "Bram", Email: "bram@example.nl",
				AppointedOn: "2025-06-01", TermEndsOn: "2025-12-31"})
			return err
		}},
		{"update programme", func() error {
			_, err := f.app.UpdateProgramme(ctx, p.ID, app.ProgrammeChange{Name: strp("Anders")})
			return err
		}},
		{"close again", func() error {
			_, err := f.app.UpdateProgramme(ctx, p.ID, app.ProgrammeChange{Close: true})
			return err
		}},
		{"update ambassador", func() error {
			_, err := f.app.UpdateAmbassador(ctx, a.ID, app.AmbassadorChange{Bio: strp("Oud-ambassadeur")})
			return err
		}},
		{"log activity", func() error {
			_, err := f.app.LogActivity(ctx, visit(a.ID, "2025-06-02"))
			return err
		}},
		{"update activity", func() error {
			_, err := f.app.UpdateActivity(ctx, x.ID, app.ActivityChange{Summary: strp("Anders")})
			return err
		}},
		{"delete activity", func() error { return f.app.DeleteActivity(ctx, x.ID) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.do(); !errors.Is(err, domain.ErrClosed) {
				t.Fatalf("err = %v, want ErrClosed", err)
			}
		})
	}
}
