// Package domain holds the registrations service's rules: who may register
// when, confirmation against capacity, the waiting list and manage tokens.
// It does no I/O.
package domain

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// Status is where a registration stands.
type Status string

// The statuses of a registration.
const (
	StatusConfirmed  Status = "confirmed"
	StatusWaitlisted Status = "waitlisted"
	StatusCancelled  Status = "cancelled"
)

// Who cancelled a registration.
const (
	CancelledByAttendee  = "attendee"
	CancelledByOrganiser = "organiser"
	CancelledByEvent     = "event"
	CancelledByErased    = "erased"
)

// Errors the store and the rules return; grpcapi maps them to status codes.
var (
	ErrNotFound = errors.New("not found")
	// ErrDuplicate means the e-mail address is registered for the event.
	ErrDuplicate = errors.New("this e-mail address is registered for this event already")
)

// RuleError is a request that is well-formed but breaks a rule, such as
// registering after the registration has closed. Field, if set, names the
// input at fault (its JSON name).
type RuleError struct {
	Reason string
	Field  string
}

func (e *RuleError) Error() string { return e.Reason }

// Event is the registrations service's copy of an event, fed by the events
// service's messages.
type Event struct {
	ID         string
	Title      string
	StartsAt   time.Time
	EndsAt     time.Time
	Capacity   int
	Status     string
	Visibility string
	OpensAt    *time.Time
	ClosesAt   *time.Time
	// Location is where the event takes place, as free text.
	Location    string
	Description string
	// InviteCode is what registrations for an invite-only event must carry.
	InviteCode string
	// SeatsVersion counts the changes of the event's seat counts; it is the
	// version of the SeatsChanged messages.
	SeatsVersion int64
	// AttendanceVersion counts the attendance summaries published.
	AttendanceVersion int64
}

// RegistrationOpen returns a RuleError saying why nobody can register for
// the event at now, or nil. Registration closes at the event's start unless
// the organiser set another closing time.
func (e Event) RegistrationOpen(now time.Time) error {
	switch {
	case e.Status == "cancelled":
		return &RuleError{Reason: "the event is cancelled"}
	case e.Status == "completed":
		return &RuleError{Reason: "the event has taken place"}
	case e.Status != "published":
		return &RuleError{Reason: "the event is not open for registration"}
	case e.Visibility != "public" && e.Visibility != "invite-only":
		return &RuleError{Reason: "the event takes no registrations"}
	}
	if e.OpensAt != nil && now.Before(*e.OpensAt) {
		return &RuleError{Reason: "registration opens at " + e.OpensAt.Format(time.RFC3339)}
	}
	closes := e.StartsAt
	if e.ClosesAt != nil {
		closes = *e.ClosesAt
	}
	if !now.Before(closes) {
		return &RuleError{Reason: "registration closed at " + closes.Format(time.RFC3339)}
	}
	return nil
}

// CheckInvite returns a RuleError unless code opens the event: any code
// for a public event, the event's invite code for an invite-only one. The
// comparison takes the same time whatever the code.
func (e Event) CheckInvite(code string) error {
	if e.Visibility != "invite-only" {
		return nil
	}
	if code == "" {
		return &RuleError{Reason: "invite code required", Field: "inviteCode"}
	}
	want, got := sha256.Sum256([]byte(e.InviteCode)), sha256.Sum256([]byte(code))
	if e.InviteCode == "" || subtle.ConstantTimeCompare(want[:], got[:]) != 1 {
		return &RuleError{Reason: "invite code invalid", Field: "inviteCode"}
	}
	return nil
}

// Answer is an answer to one of the event's questions.
type Answer struct {
	QuestionID string   `json:"questionId"`
	Values     []string `json:"values"`
}

// Registration is one person's registration for one event.
type Registration struct {
	ID           string
	EventID      string
	Name         string
	Email        string
	Organisation string
	Status       Status
	// WaitlistPosition is 1 for the next to be promoted; 0 when not
	// waitlisted.
	WaitlistPosition   int
	Answers            []Answer
	TokenHash          []byte
	RegisteredAt       time.Time
	ConfirmedAt        *time.Time
	CancelledAt        *time.Time
	CheckedInAt        *time.Time
	CancellationReason string
	// CancelledBy says who cancelled: one of the CancelledBy* values.
	CancelledBy string
	Version     int64
	// ConsentVersion is the version of the privacy statement agreed to.
	ConsentVersion string
	ConsentedAt    *time.Time
	// CheckInCode is the short code printed as a QR code for the door.
	CheckInCode string
}

// NormaliseEmail returns the address without surrounding space, or a
// RuleError on the field "email" if it is not one address.
func NormaliseEmail(email string) (string, error) {
	e := strings.TrimSpace(email)
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || a.Name != "" {
		return "", &RuleError{Reason: "not a valid e-mail address", Field: "email"}
	}
	return e, nil
}

// EmailKey is the form of an e-mail address used to tell registrations
// apart: surrounding space removed, case folded.
func EmailKey(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// NewToken returns a manage token of 256 random bits and its hash; only the
// hash is stored.
func NewToken() (token string, hash []byte, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("manage token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken returns the stored form of a manage token.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// TokenMatches compares a presented token with a stored hash in constant
// time.
func TokenMatches(hash []byte, token string) bool {
	if token == "" || len(hash) == 0 {
		return false
	}
	return subtle.ConstantTimeCompare(hash, HashToken(token)) == 1
}

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
