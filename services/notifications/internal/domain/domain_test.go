package domain

import "testing"

func TestCause(t *testing.T) {
	t.Parallel()
	c := Change{RegistrationID: "r1", Version: 4}
	if got, want := c.Cause(KindPromoted), "registration:r1@4/registration-promoted"; got != want {
		t.Errorf("Cause = %q, want %q", got, want)
	}
}
