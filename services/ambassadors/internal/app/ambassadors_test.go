package app_test

import (
	"errors"
	"testing"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/platform/rule"
)

func TestAppointSameEmailTwice(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	p := f.programme(t)
	f.ambassador(t, p.ID, "anouk@example.nl")
	_, err := f.app.AppointAmbassador(asOrganiser(), domain.Ambassador{ProgrammeID: p.ID, Name: "Anouk",
		Email: "Anouk@Example.nl", AppointedOn: "2025-02-01", TermEndsOn: "2026-01-31"})
	wantRule(t, err, rule.Taken, "email")
	// Another programme may appoint the same person.
	other := f.programme(t)
	f.ambassador(t, other.ID, "anouk@example.nl")
}

func TestAppointToUnknownProgramme(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, err := f.app.AppointAmbassador(asOrganiser(), domain.Ambassador{ProgrammeID: "nope", Name: "Anouk",
		Email: "anouk@example.nl", AppointedOn: "2025-02-01", TermEndsOn: "2026-01-31"})
	if !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}
