package domain

import (
	"crypto/rand"
	"fmt"
	"strings"

	"plein.dev/platform/rule"
)

// checkInAlphabet has no characters that are easily confused (0/O, 1/I/L).
const checkInAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// CheckInCodeLength is the length of a check-in code: 31^8 ≈ 8.5e11 codes.
const CheckInCodeLength = 8

// NewCheckInCode returns a random check-in code.
func NewCheckInCode() (string, error) {
	b := make([]byte, CheckInCodeLength)
	out := make([]byte, CheckInCodeLength)
	for i := 0; i < CheckInCodeLength; {
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("check-in code: %w", err)
		}
		for _, c := range b {
			// Rejection sampling keeps the letters equally likely.
			if int(c) >= 256-256%len(checkInAlphabet) || i == CheckInCodeLength {
				continue
			}
			out[i] = checkInAlphabet[int(c)%len(checkInAlphabet)]
			i++
		}
	}
	return string(out), nil
}

// NormaliseCheckInCode removes case, spaces and dashes from a code as
// typed at the door.
func NormaliseCheckInCode(code string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '\t':
			return -1
		}
		return r
	}, strings.ToUpper(code))
}

// CanCheckIn returns a rule error unless the registration may check in:
// only confirmed registrations can.
func (r Registration) CanCheckIn() error {
	if r.Status != StatusConfirmed {
		return rule.Broken("only confirmed registrations can check in; this one is " + string(r.Status))
	}
	return nil
}

// HasCheckInCode returns a rule error for a registration without a
// check-in code (one made before codes existed, or erased).
func (r Registration) HasCheckInCode() error {
	if r.CheckInCode == "" {
		return rule.Broken("this registration has no check-in code")
	}
	return nil
}
