package httpapi

import (
	"testing"
	"time"
)

func TestSignInThrottle(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	s := newSignInThrottle(func() time.Time { return now })
	for range 5 {
		if b, _ := s.blocked("Anna@example.nl", "192.0.2.1"); b {
			t.Fatal("blocked before five failures")
		}
		s.failed("anna@example.nl", "192.0.2.1")
		now = now.Add(time.Minute)
	}
	// The account is blocked from any address, in any spelling.
	for _, addr := range []string{"192.0.2.1", "198.51.100.9"} {
		if b, wait := s.blocked(" ANNA@example.nl", addr); !b || wait != 10*time.Minute {
			t.Fatalf("after five failures from %s: blocked %v for %s, want 10m", addr, b, wait)
		}
	}
	// Another account from the same address is not.
	if b, _ := s.blocked("bram@example.nl", "192.0.2.1"); b {
		t.Fatal("another account blocked")
	}
	now = now.Add(10 * time.Minute)
	if b, _ := s.blocked("anna@example.nl", "192.0.2.1"); b {
		t.Fatal("still blocked after the window")
	}

	// Twenty failures from one address on different accounts block the address.
	for i := range 20 {
		s.failed(string(rune('a'+i))+"@example.nl", "203.0.113.5")
	}
	if b, _ := s.blocked("new@example.nl", "203.0.113.5"); !b {
		t.Fatal("address not blocked after twenty failures")
	}
	if b, _ := s.blocked("new@example.nl", "203.0.113.6"); b {
		t.Fatal("another address blocked")
	}
	s.failed("c@example.nl", "192.0.2.1")
	s.succeeded("c@example.nl")
	if _, ok := s.failures[accountKey("c@example.nl")]; ok {
		t.Fatal("a success did not clear the account's failures")
	}
}
