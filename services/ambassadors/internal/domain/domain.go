// Package domain holds the ambassadors service's rules: programmes and their
// themes and targets, ambassadors and their terms, and which activities an
// ambassador may log. It does no I/O.
package domain

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"plein.dev/platform/rule"
)

// Outcomes other than a broken rule; grpcapi maps them to status codes.
var (
	ErrNotFound = errors.New("not found")
	// ErrForbidden means the caller may not act on this ambassador's data.
	ErrForbidden = errors.New("ambassadors may act on their own activities only")
)

// Refusals that name no field. They are *rule.Error values, so that
// errors.Is finds them and they answer as every broken rule does.
var (
	// ErrClosed means the programme is closed and no longer changes.
	ErrClosed = rule.Broken("the programme is closed")
	// ErrTermEnded means an ambassador acts on their activities after
	// their term: alumni no longer log or change activities.
	ErrTermEnded = rule.Broken("the ambassador's term has ended: alumni no longer log or change activities")
)

// broken refuses a value of one field (named by its JSON name) that breaks
// a rule of the domain. The service has always answered these as a broken
// rule (FailedPrecondition), not as malformed input.
func broken(field, reason string) *rule.Error {
	return rule.Broken(field+": "+reason, rule.Violation{Field: field, Reason: reason})
}

// Date is a calendar day written YYYY-MM-DD. Days in Plein are days in
// Europe/Amsterdam. Dates of one format compare as strings.
type Date string

// ParseDate reads a YYYY-MM-DD date; field names the input in the error.
func ParseDate(field, s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Format(time.DateOnly) != s {
		return "", rule.InvalidField(field, "must be a date YYYY-MM-DD")
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

// cleanList trims every entry and refuses empty entries, entries longer
// than maxLen and (case-insensitive) duplicates.
func cleanList(field string, xs []string, maxItems, maxLen int) ([]string, error) {
	if len(xs) > maxItems {
		return nil, broken(field, fmt.Sprintf("must have at most %d entries", maxItems))
	}
	out := make([]string, 0, len(xs))
	seen := make(map[string]bool, len(xs))
	for _, x := range xs {
		x = strings.TrimSpace(x)
		switch key := strings.ToLower(x); {
		case x == "":
			return nil, broken(field, "must not contain empty entries")
		case len([]rune(x)) > maxLen:
			return nil, broken(field, fmt.Sprintf("entries must be at most %d characters", maxLen))
		case seen[key]:
			return nil, broken(field, fmt.Sprintf("%q appears twice", x))
		default:
			seen[key] = true
		}
		out = append(out, x)
	}
	return out, nil
}

func required(field, s string) error {
	if strings.TrimSpace(s) == "" {
		return broken(field, "must not be empty")
	}
	return nil
}
