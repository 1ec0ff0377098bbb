// Package domain holds the registrations service's rules: who may register
// when, confirmation against capacity, the waiting list, questions, manage
// tokens and check-in codes. It does no I/O. A request that breaks a rule is
// refused with a *rule.Error; other outcomes are the sentinels below.
package domain

import (
	"errors"
	"net/mail"
	"strings"
	"time"

	"plein.dev/platform/rule"
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

// Errors the store returns; grpcapi maps them to status codes.
var (
	ErrNotFound = errors.New("not found")
	// ErrDuplicate means the e-mail address has a live registration for the
	// event already; app refuses the registration with rule.TakenField.
	ErrDuplicate = errors.New("this e-mail address is registered for this event already")
)

// Answer is an answer to one of the event's questions.
type Answer struct {
	QuestionID string   `json:"questionId"`
	Values     []string `json:"values"`
}

// Registration is one person's registration for one event.
type Registration struct {
	ID string
	// Seq is the arrival order among all registrations: it orders the
	// waiting list and the pages of a list.
	Seq          int64
	EventID      string
	Name         string
	Email        string
	Organisation string
	// KvKNumber is the KvK number (eight digits) of the attendee's
	// company, or "" when not given.
	KvKNumber string
	Status    Status
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
	// Version is raised by every change of the registration.
	Version int64
	// ConsentVersion is the version of the privacy statement agreed to.
	ConsentVersion string
	ConsentedAt    *time.Time
	// CheckInCode is the short code printed as a QR code for the door.
	CheckInCode string
	// Language is the language the person registered in, which their
	// e-mails are written in: LanguageDutch or LanguageEnglish.
	Language string
	// RequestKey is the gateway's hash of the Idempotency-Key the
	// registration was sent with, if any (written, never read back).
	RequestKey string
}

// The languages a person can register in.
const (
	LanguageDutch   = "nl"
	LanguageEnglish = "en"
)

// LanguageOf returns the language of a registration made in lang: English
// when asked, Dutch otherwise.
func LanguageOf(lang string) string {
	if lang == LanguageEnglish {
		return LanguageEnglish
	}
	return LanguageDutch
}

// Live reports whether the registration holds a seat or a place on the
// waiting list.
func (r Registration) Live() bool { return r.Status != StatusCancelled }

// NormaliseEmail returns the address without surrounding space, or a rule
// error on the field "email" if it is not one address.
func NormaliseEmail(email string) (string, error) {
	e := strings.TrimSpace(email)
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || a.Name != "" {
		return "", brokenField("email", "not a valid e-mail address")
	}
	return e, nil
}

// CheckKvKNumber refuses a KvK number that is neither empty nor eight
// digits, on the field "kvkNumber". (The API checks it first; this keeps
// the rule where the data is made.)
func CheckKvKNumber(n string) error {
	if n == "" {
		return nil
	}
	if len(n) != 8 {
		return rule.InvalidField("kvkNumber", "a KvK number is eight digits")
	}
	for _, c := range n {
		if c < '0' || c > '9' {
			return rule.InvalidField("kvkNumber", "a KvK number is eight digits")
		}
	}
	return nil
}

// EmailKey is the form of an e-mail address used to tell registrations
// apart: surrounding space removed, case folded.
func EmailKey(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// brokenField is a rule the request breaks in one field. (Refusals the
// service has always answered with 422 stay rule.Broken, also where the
// field's value is at fault.)
func brokenField(field, reason string) *rule.Error {
	return rule.Broken(reason, rule.Violation{Field: field, Reason: reason})
}
