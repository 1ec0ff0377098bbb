package domain_test

import (
	"strings"
	"testing"

	"plein.dev/registrations/internal/domain"
)

func TestCheckInCode(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 2000 {
		c, err := domain.NewCheckInCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != domain.CheckInCodeLength || strings.ContainsAny(c, "01OIL") {
			t.Fatalf("code %q", c)
		}
		if seen[c] {
			t.Fatalf("code %q twice in 2000", c)
		}
		seen[c] = true
	}
	if got := domain.NormaliseCheckInCode(" abcd-2345 "); got != "ABCD2345" {
		t.Errorf("normalised %q", got)
	}
}

func TestCanCheckIn(t *testing.T) {
	t.Parallel()
	if err := (domain.Registration{Status: domain.StatusConfirmed}).CanCheckIn(); err != nil {
		t.Errorf("confirmed: %v", err)
	}
	for _, st := range []domain.Status{domain.StatusWaitlisted, domain.StatusCancelled} {
		field(t, domain.Registration{Status: st}.CanCheckIn())
	}
	field(t, domain.Registration{}.HasCheckInCode())
	if err := (domain.Registration{CheckInCode: "ABCD2345"}).HasCheckInCode(); err != nil {
		t.Error(err)
	}
}
