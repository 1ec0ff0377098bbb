package web

import (
	"net/url"
	"slices"
	"strings"
)

// entry is the state of a console or portal form: what was entered and
// what is wrong with it, field by field. Field names are the API's JSON
// property names.
type entry struct {
	Values url.Values
	// Errors holds a message per field; General one that belongs to no
	// field.
	Errors  map[string]string
	General string
	// Detail is the service's own words for a refusal no field explains,
	// shown under General; services speak English.
	Detail string
	// order lists the fields in the order of the form, for the summary.
	order []string
}

func newEntry(values url.Values, order ...string) *entry {
	if values == nil {
		values = url.Values{}
	}
	return &entry{Values: values, Errors: map[string]string{}, order: order}
}

// Value is a field's (first) value, trimmed.
func (e *entry) Value(name string) string { return strings.TrimSpace(e.Values.Get(name)) }

// Has reports whether v is among a field's values (checkboxes, selects).
func (e *entry) Has(name, v string) bool { return slices.Contains(e.Values[name], v) }

// Error is a field's message, "" if none.
func (e *entry) Error(name string) string { return e.Errors[name] }

// fail records a field's first message.
func (e *entry) fail(name, msg string) {
	if _, dup := e.Errors[name]; !dup {
		e.Errors[name] = msg
	}
}

// Invalid reports whether the form has errors to show.
func (e *entry) Invalid() bool { return len(e.Errors) > 0 || e.General != "" }

// Summary lists the field errors in the order of the form, each linking
// to its field.
func (e *entry) Summary() []fieldError {
	var out []fieldError
	for _, name := range e.order {
		if msg, ok := e.Errors[name]; ok {
			out = append(out, fieldError{Anchor: name, Message: msg})
		}
	}
	for name, msg := range e.Errors {
		if !slices.Contains(e.order, name) && e.General == "" {
			e.General = msg
		}
	}
	return out
}

// control is one labelled form control of a staff form, as the "s-field"
// template draws it. Templates make one with ctl and refine it with the
// methods below.
type control struct {
	L            *Lang
	E            *entry
	Name         string
	Type         string
	Label        string
	HintText     string
	Required     bool
	Autocomplete string
	Options      []option
	// MinValue and MaxValue bound numbers and dates.
	MinValue, MaxValue string
}

// newControl is a control of type typ (text, email, password, number,
// date, datetime-local, textarea, select) labelled with message labelID.
func newControl(l *Lang, e *entry, name, typ, labelID string) control {
	return control{L: l, E: e, Name: name, Type: typ, Label: l.T(labelID)}
}

// Req marks the control required.
func (c control) Req() control { c.Required = true; return c }

// Hint adds a hint from message id.
func (c control) Hint(id string) control { c.HintText = c.L.T(id); return c }

// Auto sets the autocomplete token.
func (c control) Auto(token string) control { c.Autocomplete = token; return c }

// Opts gives a select its options.
func (c control) Opts(o []option) control { c.Options = o; return c }

// Min and Max bound the value.
func (c control) Min(v string) control { c.MinValue = v; return c }
func (c control) Max(v string) control { c.MaxValue = v; return c }

// Value is what the field holds.
func (c control) Value() string { return c.E.Values.Get(c.Name) }

// Error is the field's message.
func (c control) Error() string { return c.E.Error(c.Name) }

// DescribedBy is the control's aria-describedby: its error and its hint.
func (c control) DescribedBy() string {
	var ids []string
	if c.Error() != "" {
		ids = append(ids, c.Name+"-error")
	}
	if c.HintText != "" {
		ids = append(ids, c.Name+"-hint")
	}
	return strings.Join(ids, " ")
}
