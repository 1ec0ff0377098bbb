package web

import "strings"

// The argument bundles of the form's sub-templates: html/template passes
// one value to a template, so these carry the language with the part.

type formArgs struct {
	L *Lang
	P eventPage
}

type questionArgs struct {
	L *Lang
	F form
	Q question
}

// fieldErrors is a form whose fields may have errors: the registration
// form and the ideas form.
type fieldErrors interface{ Error(field string) string }

// fieldArgs is one text input of the form.
type fieldArgs struct {
	L            *Lang
	Form         fieldErrors
	Label        string
	Name         string
	Type         string
	Autocomplete string
	Value        string
	Required     bool
	Hint         string
	// InputMode is the input's inputmode, if any.
	InputMode string
}

// hinted are the inputs with a hint below their label.
var hinted = map[string]bool{"email": true, "inviteCode": true, "kvkNumber": true}

func newFieldArgs(l *Lang, f form, name, typ, autocomplete, value string, required bool) fieldArgs {
	a := fieldArgs{L: l, Form: f, Label: l.T("form." + name), Name: name, Type: typ, Autocomplete: autocomplete,
		Value: value, Required: required}
	if hinted[name] {
		a.Hint = l.T("form." + name + "Hint")
	}
	if name == "kvkNumber" {
		a.InputMode = "numeric"
	}
	return a
}

// DescribedBy is the input's aria-describedby: its error and its hint.
func (a fieldArgs) DescribedBy(err string) string {
	var ids []string
	if err != "" {
		ids = append(ids, a.Name+"-error")
	}
	if a.Hint != "" {
		ids = append(ids, a.Name+"-hint")
	}
	return strings.Join(ids, " ")
}
