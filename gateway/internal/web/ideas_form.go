package web

import (
	"net/url"
	"slices"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/rpcerr"
)

// ideaForm is the form of /ideeen/{programmeId}: what the visitor entered
// and what is wrong, field by field. Its field names are the API's JSON
// names (name, email, organisation, kvkNumber, title, description,
// themes, consent).
type ideaForm struct {
	Action string
	CSRF   string
	Values ideaValues
	// Errors maps a field to its message.
	Errors map[string]string
	// Summary lists the errors at the top of the form, in form order;
	// General is an error that belongs to no field.
	Summary []fieldError
	General string
}

type ideaValues struct {
	Name         string
	Email        string
	Organisation string
	KvKNumber    string
	Title        string
	Description  string
	Themes       []string
	Consent      bool
}

// ideaFields are the form's fields in the order it shows them.
var ideaFields = []string{"name", "email", "organisation", "kvkNumber", "title", "description", "themes", "consent"}

func readIdeaForm(v url.Values) ideaValues {
	f := ideaValues{Name: strings.TrimSpace(v.Get("name")), Email: strings.TrimSpace(v.Get("email")),
		Organisation: strings.TrimSpace(v.Get("organisation")), KvKNumber: normaliseKvK(v.Get("kvkNumber")),
		Title: strings.TrimSpace(v.Get("title")), Description: strings.TrimSpace(strings.ReplaceAll(v.Get("description"), "\r\n", "\n")),
		Consent: v.Get("consent") != ""}
	for _, t := range v["themes"] {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(f.Themes, t) {
			f.Themes = append(f.Themes, t)
		}
	}
	return f
}

// Error is the message of a field, "" if none.
func (f ideaForm) Error(field string) string { return f.Errors[field] }

// Invalid reports whether the form has errors to show.
func (f ideaForm) Invalid() bool { return len(f.Errors) > 0 || f.General != "" }

// HasTheme reports whether the visitor ticked the theme.
func (f ideaForm) HasTheme(t string) bool { return slices.Contains(f.Values.Themes, t) }

func (f *ideaForm) fail(l *Lang, field, msgID string) {
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	if _, dup := f.Errors[field]; !dup {
		f.Errors[field] = l.T(msgID)
	}
}

// check finds the required fields left empty; everything else is the
// service's to judge.
func (f *ideaForm) check(l *Lang) {
	v := f.Values
	for field, empty := range map[string]bool{"name": v.Name == "", "email": v.Email == "", "title": v.Title == "",
		"description": v.Description == "", "consent": !v.Consent} {
		if empty {
			f.fail(l, field, "ideas16.error."+field+"Missing")
		}
	}
}

// refused turns the service's refusal into messages next to the fields at
// fault. It reports false for errors no field explains.
func (f *ideaForm) refused(l *Lang, err error) bool {
	st := status.Convert(err)
	switch st.Code() {
	case codes.InvalidArgument, codes.FailedPrecondition:
	case codes.ResourceExhausted:
		f.General = l.T("ideas16.error.tooMany")
		return true
	default:
		return false
	}
	vs := rpcerr.Violations(err)
	if len(vs) == 0 {
		if st.Code() == codes.FailedPrecondition {
			f.General = l.T("ideas16.error.closed")
		} else {
			f.General = l.T("ideas16.error.generic")
		}
		return true
	}
	for _, v := range vs {
		field := v.Field
		if i := strings.IndexByte(field, '['); i > 0 { // themes[2]
			field = field[:i]
		}
		if field == "kvk_number" {
			field = "kvkNumber"
		}
		if slices.Contains(ideaFields, field) {
			f.fail(l, field, "ideas16.error."+field+"Invalid")
		} else {
			f.General = l.T("ideas16.error.generic")
		}
	}
	return true
}

// summarise lists the errors in the order of the form.
func (f *ideaForm) summarise() {
	f.Summary = nil
	for _, field := range ideaFields {
		if msg, ok := f.Errors[field]; ok {
			anchor := field
			if field == "themes" {
				anchor = "themes-0"
			}
			f.Summary = append(f.Summary, fieldError{Anchor: anchor, Message: msg})
		}
	}
}

// newIdeaFieldArgs is one text input of the ideas form, labelled from the
// ideas16 messages.
func newIdeaFieldArgs(l *Lang, f ideaForm, name, typ, autocomplete, value string, required bool) fieldArgs {
	a := fieldArgs{L: l, Form: f, Label: l.T("ideas16.field." + name), Name: name, Type: typ, Autocomplete: autocomplete,
		Value: value, Required: required}
	if hint, ok := l.plain["ideas16.hint."+name]; ok {
		a.Hint = hint
	}
	if name == "kvkNumber" {
		a.InputMode = "numeric"
	}
	return a
}
