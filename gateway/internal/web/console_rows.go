package web

import (
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/rpcerr"
)

// The console's tables of rows (contacts, agenda, materials, indicators,
// partners) post one field per column, repeated per row in the order of
// the rows, as the targets and questions do: contactName, contactRole,
// ... A checkbox column (contactPublic) posts the number of each row
// ticked. An empty row is no row; each table offers extraRows empty rows
// beyond the rows it has, so that no script is needed to add one.
const extraRows = 3

// postedRow is one row of a table as posted: its number in the posted
// order (1-based) and its cells, trimmed.
type postedRow struct {
	Posted int
	Cells  []string
}

// tableRows reads the rows of the table whose columns are fields, leaving
// out the empty ones.
func tableRows(v url.Values, fields ...string) []postedRow {
	n := 0
	for _, f := range fields {
		n = max(n, len(v[f]))
	}
	var out []postedRow
	for i := range n {
		r := postedRow{Posted: i + 1}
		empty := true
		for _, f := range fields {
			cell := ""
			if vs := v[f]; i < len(vs) {
				cell = strings.TrimSpace(vs[i])
			}
			empty = empty && cell == ""
			r.Cells = append(r.Cells, cell)
		}
		if !empty {
			out = append(out, r)
		}
	}
	return out
}

// contactRole suggests the usual roles of a contact (a datalist: any role
// may be typed).
var contactRoles = []string{"wethouder", "bestuurlijk-opdrachtgever", "programmamanager", "opgavemanager", "accountmanager", "contact"}

// contactRow is one row of a contacts table, as entered.
type contactRow struct {
	N                        int
	Name, Role, Email, Phone string
	Public                   bool
}

// contactFields are the columns of a contacts table; the public checkbox
// is contactPublic.
var contactFields = []string{"contactName", "contactRole", "contactEmail", "contactPhone"}

// contactRowsOf reads the contacts table with empty rows after it.
func contactRowsOf(v url.Values) []contactRow {
	var out []contactRow
	for _, r := range tableRows(v, contactFields...) {
		out = append(out, contactRow{N: len(out) + 1, Name: r.Cells[0], Role: r.Cells[1], Email: r.Cells[2], Phone: r.Cells[3],
			Public: slices.Contains(v["contactPublic"], strconv.Itoa(r.Posted))})
	}
	for range extraRows {
		out = append(out, contactRow{N: len(out) + 1})
	}
	return out
}

// addContact adds a contact as a row of the form's values.
func addContact(v url.Values, name, role, email, phone string, public bool) {
	v.Add("contactName", name)
	v.Add("contactRole", role)
	v.Add("contactEmail", email)
	v.Add("contactPhone", phone)
	if public {
		v.Add("contactPublic", strconv.Itoa(len(v["contactName"])))
	}
}

var phonePattern = regexp.MustCompile(`^[0-9+() -]*$`)

// checkContacts records the first contact row that is wrong as the error
// of the contacts group: name and role are required, the e-mail address
// and phone number must be ones. It returns the rows that are contacts.
func checkContacts(l *Lang, e *entry, rows []contactRow) []contactRow {
	var out []contactRow
	for _, c := range rows {
		if c.Name == "" && c.Role == "" && c.Email == "" && c.Phone == "" {
			continue
		}
		ok := c.Name != "" && c.Role != "" && len(c.Name) <= 200 && len(c.Role) <= 100 && len(c.Phone) <= 40 &&
			phonePattern.MatchString(c.Phone)
		if c.Email != "" {
			a, err := mail.ParseAddress(c.Email)
			ok = ok && err == nil && a.Address == c.Email
		}
		if !ok {
			e.fail("contacts", l.T("console16.contacts.error", "N", c.N))
		}
		out = append(out, c)
	}
	return out
}

// violationHead splits a violation's field, "contacts[2].email", into
// "contacts" and the row's index 2 (-1 without one).
func violationHead(field string) (string, int) {
	head, _, _ := strings.Cut(field, ".")
	name, sub, ok := strings.Cut(head, "[")
	if !ok {
		return name, -1
	}
	i, err := strconv.Atoi(strings.TrimSuffix(sub, "]"))
	if err != nil {
		return name, -1
	}
	return name, i
}

// wholeGroup are the messages of a refusal of a whole table, by field.
var wholeGroup = map[string]string{"contacts": "console16.contacts.errorGroup", "agenda": "console16.agenda.errorGroup",
	"materials": "console16.materials.errorGroup", "indicators": "console16.indicators.errorGroup",
	"partners": "console16.partners.errorGroup"}

// rowsRefused puts a service's refusal of a form into it like refused,
// and the violations of the tables and groups first: a violation of
// "contacts[1].email" becomes the message groups["contacts"] (given the
// row's number N) on the group contacts. Rows are numbered as the
// service got them, which is the order of the rows entered.
func rowsRefused(l *Lang, e *entry, err error, prefix string, groups map[string]string) bool {
	switch status.Code(err) {
	case codes.InvalidArgument, codes.FailedPrecondition, codes.AlreadyExists, codes.OutOfRange:
	default:
		return false
	}
	var rest []rpcerr.Violation
	for _, v := range rpcerr.Violations(err) {
		name, i := violationHead(v.Field)
		msg, ok := groups[name]
		if !ok {
			rest = append(rest, v)
			continue
		}
		if whole, ok := wholeGroup[name]; ok && i < 0 {
			// About the table, not a row (too many, an indicator with
			// measurements taken off): the service's words beside.
			msg, e.Detail = whole, status.Convert(err).Message()
		}
		e.fail(name, l.T(msg, "N", i+1))
	}
	if len(rest) == 0 && len(rpcerr.Violations(err)) > 0 {
		return true
	}
	st := status.Convert(err)
	return refused(l, e, rpcerr.Invalid(st.Code(), st.Message(), rest...), prefix)
}

// organisationChoices are the organisations a form offers: all, and the
// ones the user may choose as owners.
type organisationChoices struct {
	All, Own []option
}

// name is the organisation's name, or its id when it is unknown.
func (c organisationChoices) name(id string) string {
	for _, o := range c.All {
		if o.Value == id {
			return o.Label
		}
	}
	return id
}

// mayOwn reports whether the user may choose id as an owner.
func (c organisationChoices) mayOwn(id string) bool {
	return slices.ContainsFunc(c.Own, func(o option) bool { return o.Value == id })
}
