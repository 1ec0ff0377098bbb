// Package domain holds the ambassadors service's rules: programmes and their
// themes and targets, ambassadors and their terms, and which activities an
// ambassador may log. It does no I/O.
package domain

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Errors the store and the rules return; grpcapi maps them to status codes.
var (
	ErrNotFound = errors.New("not found")
	// ErrForbidden means the caller may not act on this ambassador's data.
	ErrForbidden = errors.New("not allowed")
	// ErrClosed means the programme is closed and no longer changes.
	ErrClosed = errors.New("the programme is closed")
	// ErrTermEnded means an ambassador acts on their activities after
	// their term: alumni no longer log or change activities.
	ErrTermEnded = errors.New("the ambassador's term has ended")
)

// ValidationError names the field (its JSON name) whose value breaks a rule.
type ValidationError struct {
	Field  string
	Reason string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Reason }

// ConflictError means a value that must be unique is taken already, such as
// an e-mail address in a programme; Field names it by its JSON name.
type ConflictError struct {
	Field  string
	Reason string
}

func (e *ConflictError) Error() string { return e.Field + ": " + e.Reason }

// Date is a calendar day written YYYY-MM-DD. Days in Plein are days in
// Europe/Amsterdam. Dates of one format compare as strings.
type Date string

// ParseDate reads a YYYY-MM-DD date; field names the input in the error.
func ParseDate(field, s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Format(time.DateOnly) != s {
		return "", &ValidationError{Field: field, Reason: "must be a date YYYY-MM-DD"}
	}
	return Date(s), nil
}

// DateOf returns the day t falls on in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	return Date(t.In(loc).Format(time.DateOnly))
}

// Before reports whether d is an earlier day than o.
func (d Date) Before(o Date) bool { return d < o }

// After reports whether d is a later day than o.
func (d Date) After(o Date) bool { return d > o }

// Month returns the YYYY-MM part of d.
func (d Date) Month() string {
	if len(d) < 7 {
		return string(d)
	}
	return string(d[:7])
}

// Actor is who asks for a change, as far as the rules care.
type Actor struct {
	// Organiser may act on every programme, ambassador and activity.
	Organiser bool
	// AmbassadorID is set when the caller is an ambassador: they may act on
	// their own data only.
	AmbassadorID string
}

// MayActFor reports whether the actor may see and change the activities of
// the ambassador, and see their private fields.
func (a Actor) MayActFor(ambassadorID string) bool {
	return a.Organiser || (a.AmbassadorID != "" && a.AmbassadorID == ambassadorID)
}

// cleanList trims every entry and refuses empty entries, entries longer
// than maxLen and (case-insensitive) duplicates.
func cleanList(field string, xs []string, maxItems, maxLen int) ([]string, error) {
	if len(xs) > maxItems {
		return nil, &ValidationError{Field: field, Reason: fmt.Sprintf("must have at most %d entries", maxItems)}
	}
	out := make([]string, 0, len(xs))
	seen := make(map[string]bool, len(xs))
	for _, x := range xs {
		x = strings.TrimSpace(x)
		switch key := strings.ToLower(x); {
		case x == "":
			return nil, &ValidationError{Field: field, Reason: "must not contain empty entries"}
		case len([]rune(x)) > maxLen:
			return nil, &ValidationError{Field: field, Reason: fmt.Sprintf("entries must be at most %d characters", maxLen)}
		case seen[key]:
			return nil, &ValidationError{Field: field, Reason: fmt.Sprintf("%q appears twice", x)}
		default:
			seen[key] = true
		}
		out = append(out, x)
	}
	return out, nil
}

func required(field, s string) error {
	if strings.TrimSpace(s) == "" {
		return &ValidationError{Field: field, Reason: "must not be empty"}
	}
	return nil
}
