package web

import (
	"context"
	"net/url"
	"slices"
	"strings"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// The programme form beyond the basics (issue 16): its owner
// organisations and partners, contacts, areas, themes' parents and
// outcome indicators. Fields: ownerOrganisationIds (checkboxes), rows of
// partnerOrganisationId and partnerRole, the contacts' rows
// (console_rows.go), areas one per line, themeParents[<theme>] (a select
// per theme), rows of indicatorKey, indicatorLabel, indicatorUnit and
// indicatorTarget.

// programmeGroups are the messages of the service's refusals of the
// form's groups, by the API's field.
var programmeGroups = map[string]string{"contacts": "console16.contacts.error", "areas": "console16.areas.error",
	"themeParents": "console16.themeParents.error", "indicators": "console16.indicators.error",
	"ownerOrganisationIds": "console16.owners.error", "partners": "console16.partners.error"}

// indicatorUnits are the values of an indicator's unit select.
var indicatorUnits = []string{"count", "euro", "hours", "percent"}

// indicatorRow, partnerRow and parentRow are rows of the form's tables.
type indicatorRow struct {
	N                        int
	Key, Label, Unit, Target string
}

type partnerRow struct {
	N                    int
	OrganisationID, Role string
}

// parentRow is a theme with the select of its parent, named Field.
type parentRow struct {
	N                    int
	Theme, Field, Parent string
	Options              []option
}

func indicatorRowsOf(v url.Values) []indicatorRow {
	var out []indicatorRow
	units := v["indicatorUnit"]
	// The unit select always posts a value: a row is empty without the rest.
	for _, r := range tableRows(v, "indicatorKey", "indicatorLabel", "indicatorTarget") {
		unit := ""
		if r.Posted <= len(units) {
			unit = units[r.Posted-1]
		}
		out = append(out, indicatorRow{N: len(out) + 1, Key: r.Cells[0], Label: r.Cells[1], Target: r.Cells[2], Unit: unit})
	}
	for range extraRows {
		out = append(out, indicatorRow{N: len(out) + 1})
	}
	return out
}

func partnerRowsOf(v url.Values) []partnerRow {
	var out []partnerRow
	for _, r := range tableRows(v, "partnerOrganisationId", "partnerRole") {
		out = append(out, partnerRow{N: len(out) + 1, OrganisationID: r.Cells[0], Role: r.Cells[1]})
	}
	for range extraRows {
		out = append(out, partnerRow{N: len(out) + 1})
	}
	return out
}

// themeParentsOf reads themeParents[<theme>] for the themes entered; a
// theme of no parent, or of one no longer a theme, has none.
func themeParentsOf(v url.Values, themes []string) map[string]string {
	out := map[string]string{}
	for _, t := range themes {
		if p := strings.TrimSpace(v.Get("themeParents[" + t + "]")); p != "" && p != t && slices.Contains(themes, p) {
			out[t] = p
		}
	}
	return out
}

// addProgrammeExtra fills the form's values with a programme's.
func addProgrammeExtra(l *Lang, v url.Values, p *ambassadorsv1.Programme) {
	v["ownerOrganisationIds"] = slices.Clone(p.GetOwnerOrganisationIds())
	for _, pa := range p.GetPartners() {
		v.Add("partnerOrganisationId", pa.GetOrganisationId())
		v.Add("partnerRole", pa.GetRole())
	}
	for _, c := range p.GetContacts() {
		addContact(v, c.GetName(), c.GetRole(), c.GetEmail(), c.GetPhone(), c.GetPublic())
	}
	v.Set("areas", strings.Join(p.GetAreas(), "\n"))
	for t, parent := range p.GetThemeParents() {
		v.Set("themeParents["+t+"]", parent)
	}
	for _, in := range p.GetIndicators() {
		v.Add("indicatorKey", in.GetKey())
		v.Add("indicatorLabel", in.GetLabel())
		v.Add("indicatorUnit", in.GetUnit())
		target := ""
		if in.Target != nil {
			target = l.NumberInput(in.GetTarget()) // as the page reads it back
		}
		v.Add("indicatorTarget", target)
	}
}

// programmeExtras fills the page's tables and the pickers: as owners an
// organiser's own organisations (an administrator's: all) and those that
// own the programme already (owners, on the edit page), as partners any.
func (h *Handler) programmeExtras(ctx context.Context, l *Lang, p *programmeFormPage, owners []string) error {
	choices, err := h.organisationChoices(ctx) // console_organisations.go
	if err != nil {
		return err
	}
	p.choices, p.owners = choices, owners
	v := p.Form.Values
	p.Owners = slices.Clone(choices.Own)
	for _, id := range owners {
		if !choices.mayOwn(id) {
			p.Owners = append(p.Owners, option{Value: id, Label: choices.name(id)})
		}
	}
	p.PartnerOrgs = append([]option{{Value: "", Label: l.T("console16.partners.none")}}, choices.All...)
	p.Partners, p.Contacts, p.Roles, p.Indicators = partnerRowsOf(v), contactRowsOf(v), contactRoles, indicatorRowsOf(v)
	for _, u := range indicatorUnits {
		p.Units = append(p.Units, option{Value: u, Label: l.T("console16.unit." + u)})
	}
	themes := lines(v.Get("themes"))
	parents := themeParentsOf(v, themes)
	for i, t := range themes {
		row := parentRow{N: i + 1, Theme: t, Field: "themeParents[" + t + "]", Parent: parents[t],
			Options: []option{{Value: "", Label: l.T("console16.themeParents.none")}}}
		for _, o := range themes {
			if o != t {
				row.Options = append(row.Options, option{Value: o, Label: o})
			}
		}
		p.Parents = append(p.Parents, row)
	}
	return nil
}

// programmeExtra is the part of the form read by readProgrammeExtra.
type programmeExtra struct {
	Owners       []string
	Partners     []*ambassadorsv1.Partner
	Contacts     []*ambassadorsv1.ProgrammeContact
	Areas        []string
	ThemeParents map[string]string
	Indicators   []*ambassadorsv1.Indicator
}

// readProgrammeExtra reads the form's extras, recording what is wrong in
// the page's entry: an owner at least, and only ones the user may choose.
func readProgrammeExtra(l *Lang, p programmeFormPage, themes []string) programmeExtra {
	e := p.Form
	x := programmeExtra{Areas: areasOf(e.Values), ThemeParents: themeParentsOf(e.Values, themes)}
	for _, id := range e.Values["ownerOrganisationIds"] {
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(x.Owners, id) {
			if !p.choices.mayOwn(id) && !slices.Contains(p.owners, id) {
				e.fail("ownerOrganisationIds", l.T("console16.owners.notYours"))
			}
			x.Owners = append(x.Owners, id)
		}
	}
	switch {
	case len(x.Owners) > 0, p.ID != "":
		// None ticked on the edit page leaves the owners as they are.
	case len(p.choices.Own) == 1:
		x.Owners = []string{p.choices.Own[0].Value} // the only one there is to choose
	default:
		e.fail("ownerOrganisationIds", l.T("console16.owners.error"))
	}
	for _, r := range p.Partners {
		if r.OrganisationID == "" && r.Role == "" {
			continue
		}
		if r.OrganisationID == "" || r.Role == "" || len(r.Role) > 100 {
			e.fail("partners", l.T("console16.partners.error", "N", r.N))
			continue
		}
		x.Partners = append(x.Partners, &ambassadorsv1.Partner{OrganisationId: r.OrganisationID, Role: r.Role})
	}
	for _, c := range checkContacts(l, e, p.Contacts) {
		x.Contacts = append(x.Contacts, &ambassadorsv1.ProgrammeContact{Name: c.Name, Role: c.Role, Email: c.Email, Phone: c.Phone, Public: c.Public})
	}
	taken := map[string]bool{}
	for _, r := range p.Indicators {
		if r.Key != "" {
			taken[r.Key] = true
		}
	}
	for _, r := range p.Indicators {
		if r.Key == "" && r.Label == "" && r.Target == "" {
			continue
		}
		in := &ambassadorsv1.Indicator{Key: r.Key, Label: r.Label, Unit: r.Unit}
		if in.Key == "" && in.Label != "" {
			in.Key = questionID(in.Label, taken) // as a question's id: banen, externe-middelen
		}
		ok := in.Label != "" && slices.Contains(indicatorUnits, in.Unit)
		if r.Target != "" {
			// 250.000 on a Dutch page, 250,000 on an English one; what
			// could be either is refused, not guessed.
			t, read := l.ParseNumber(r.Target)
			if !read {
				e.fail("indicators", l.T("console16.indicators.targetError", "N", r.N))
				continue
			}
			ok = ok && t >= 0
			in.Target = &t
		}
		if !ok {
			e.fail("indicators", l.T("console16.indicators.error", "N", r.N))
			continue
		}
		x.Indicators = append(x.Indicators, in)
	}
	return x
}
