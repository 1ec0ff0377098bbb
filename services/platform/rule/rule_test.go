package rule

import (
	"errors"
	"fmt"
	"testing"
)

func TestError(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("register: %w", InvalidField("email", "must be an e-mail address"))
	var re *Error
	if !errors.As(err, &re) || re.Kind != Invalid || re.Field() != "email" {
		t.Fatalf("errors.As: %v %+v", err, re)
	}
	if got := re.Error(); got != "email: must be an e-mail address" {
		t.Errorf("Error() = %q", got)
	}
	b := Broken("registration has closed", Violation{"startsAt", "in the past"})
	if b.Kind != Unmet || b.Error() != "registration has closed" || b.Field() != "startsAt" {
		t.Errorf("Broken = %+v", b)
	}
	if (&Error{Violations: []Violation{{"a", "x"}, {"b", "y"}}}).Error() != "a: x; b: y" {
		t.Error("a reason-less error does not list its fields")
	}
	if TakenField("email", "registered already").Kind != Taken {
		t.Error("TakenField kind")
	}
}
