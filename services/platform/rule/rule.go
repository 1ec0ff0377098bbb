// Package rule is the one error type of Plein's domains for a request that
// is understood but cannot be done as asked: a field out of range, a rule of
// the domain it breaks, a value that is taken. rpcerr.Status turns it into
// a gRPC status with the fields named, and the gateway into problem+json
// with invalidParams.
package rule

import "strings"

// Kind says what sort of refusal an Error is.
type Kind int

const (
	// Invalid: the input itself is wrong (InvalidArgument, HTTP 400).
	Invalid Kind = iota
	// Unmet: the input is fine but the state of things forbids it, such as
	// registering after the registration closed (FailedPrecondition, 422).
	Unmet
	// Taken: a value that must be unique is in use (AlreadyExists, 409).
	Taken
)

// Violation names an input field by its JSON (lowerCamelCase) name and
// says what is wrong with it.
type Violation struct {
	Field  string
	Reason string
}

// Error is a refusal with a reason and, where fields are at fault, the
// fields.
type Error struct {
	Kind       Kind
	Reason     string
	Violations []Violation
}

func (e *Error) Error() string {
	if e.Reason != "" || len(e.Violations) == 0 {
		return e.Reason
	}
	parts := make([]string, len(e.Violations))
	for i, v := range e.Violations {
		parts[i] = v.Field + ": " + v.Reason
	}
	return strings.Join(parts, "; ")
}

// Field returns the field of the first violation, or "".
func (e *Error) Field() string {
	if len(e.Violations) == 0 {
		return ""
	}
	return e.Violations[0].Field
}

// InvalidField reports one invalid field.
func InvalidField(field, reason string) *Error {
	return &Error{Kind: Invalid, Reason: field + ": " + reason, Violations: []Violation{{field, reason}}}
}

// Broken reports a rule of the domain the request breaks, naming the
// fields at fault if any.
func Broken(reason string, fields ...Violation) *Error {
	return &Error{Kind: Unmet, Reason: reason, Violations: fields}
}

// TakenField reports a field whose value must be unique and is in use.
func TakenField(field, reason string) *Error {
	return &Error{Kind: Taken, Reason: reason, Violations: []Violation{{field, reason}}}
}
