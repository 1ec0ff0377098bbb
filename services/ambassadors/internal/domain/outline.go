package domain

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"plein.dev/platform/rule"
)

// Limits on a programme's contacts, areas, parent themes and indicators
// (issue 16).
const (
	MaxContacts       = 30
	MaxAreas          = 30
	MaxAreaLen        = 100
	MaxIndicators     = 30
	MaxThemeLevels    = 3
	maxContactNameLen = 200
	maxContactRoleLen = 100
	maxEmailLen       = 254
	maxPhoneLen       = 40
	maxLabelLen       = 200
)

// Units of an indicator: count, euro and hours add up over a period; of
// percent the latest measurement counts.
const (
	UnitCount   = "count"
	UnitEuro    = "euro"
	UnitHours   = "hours"
	UnitPercent = "percent"
)

// Contact is a person to turn to about a programme: the wethouder, the
// programme manager. Only public contacts are shown to those who do not
// manage the programme; e-mail address and phone number never go on the bus.
type Contact struct {
	Name, Role   string
	Email, Phone string
	Public       bool
}

// Indicator is an outcome the programme reports on (jobs, external funds).
type Indicator struct {
	Key, Label, Unit string
	// Target is the value aimed at over the programme's period; nil for none.
	Target *float64
}

var (
	indicatorKey = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,49}$`)
	phoneChars   = regexp.MustCompile(`^[0-9+() -]*$`)
)

// PublicContacts returns the contacts everyone may see.
func PublicContacts(cs []Contact) []Contact {
	out := make([]Contact, 0, len(cs))
	for _, c := range cs {
		if c.Public {
			out = append(out, c)
		}
	}
	return out
}

// Indicator returns the programme's indicator with key.
func (p *Programme) Indicator(key string) (Indicator, bool) {
	for _, in := range p.Indicators {
		if in.Key == key {
			return in, true
		}
	}
	return Indicator{}, false
}

// checkOutline checks and trims the contacts, areas, parent themes and
// indicators (after the themes were cleaned). Malformed input is
// InvalidArgument; areas are checked as themes are.
func (p *Programme) checkOutline() error {
	if err := p.checkContacts(); err != nil {
		return err
	}
	areas, err := cleanList("areas", p.Areas, MaxAreas, MaxAreaLen)
	if err != nil {
		return err
	}
	p.Areas = areas
	if err := p.checkThemeParents(); err != nil {
		return err
	}
	return p.checkIndicators()
}

func (p *Programme) checkContacts() error {
	if len(p.Contacts) > MaxContacts {
		return rule.InvalidField("contacts", fmt.Sprintf("must have at most %d entries", MaxContacts))
	}
	for i := range p.Contacts {
		c := &p.Contacts[i]
		c.Name, c.Role = strings.TrimSpace(c.Name), strings.TrimSpace(c.Role)
		c.Email, c.Phone = strings.TrimSpace(c.Email), strings.TrimSpace(c.Phone)
		field := func(f string) string { return fmt.Sprintf("contacts[%d].%s", i, f) }
		switch {
		case c.Name == "" || len([]rune(c.Name)) > maxContactNameLen:
			return rule.InvalidField(field("name"), fmt.Sprintf("is required, at most %d characters", maxContactNameLen))
		case c.Role == "" || len([]rune(c.Role)) > maxContactRoleLen:
			return rule.InvalidField(field("role"), fmt.Sprintf("is required, at most %d characters", maxContactRoleLen))
		case c.Email != "" && (len(c.Email) > maxEmailLen || !strings.Contains(c.Email, "@")):
			return rule.InvalidField(field("email"), "must be an e-mail address")
		case len(c.Phone) > maxPhoneLen || !phoneChars.MatchString(c.Phone):
			return rule.InvalidField(field("phone"), "must be a phone number (digits, spaces, + ( ) -)")
		}
	}
	return nil
}

// checkThemeParents checks that every theme and its parent are themes of
// the programme (stored as the programme spells them), that no theme is
// its own ancestor and that no chain is deeper than MaxThemeLevels.
func (p *Programme) checkThemeParents() error {
	if len(p.ThemeParents) == 0 {
		p.ThemeParents = nil
		return nil
	}
	if len(p.ThemeParents) > MaxThemes {
		return rule.InvalidField("themeParents", fmt.Sprintf("must have at most %d entries", MaxThemes))
	}
	canonical := func(t string) string {
		for _, pt := range p.Themes {
			if strings.EqualFold(pt, strings.TrimSpace(t)) {
				return pt
			}
		}
		return ""
	}
	clean := make(map[string]string, len(p.ThemeParents))
	keys := make([]string, 0, len(p.ThemeParents))
	for k := range p.ThemeParents {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the same input gives the same refusal
	for _, k := range keys {
		child, parent := canonical(k), canonical(p.ThemeParents[k])
		switch {
		case child == "":
			return rule.InvalidField("themeParents", fmt.Sprintf("%q is not a theme of the programme", k))
		case parent == "":
			return rule.InvalidField("themeParents", fmt.Sprintf("the parent of %q, %q, is not a theme of the programme", k, p.ThemeParents[k]))
		case child == parent:
			return rule.InvalidField("themeParents", fmt.Sprintf("%q cannot be its own parent", child))
		}
		if _, dup := clean[child]; dup {
			return rule.InvalidField("themeParents", fmt.Sprintf("%q has two parents", child))
		}
		clean[child] = parent
	}
	for _, k := range keys {
		levels, visited := 1, map[string]bool{canonical(k): true}
		for t := clean[canonical(k)]; t != ""; t = clean[t] {
			if visited[t] {
				return rule.InvalidField("themeParents", fmt.Sprintf("%q is its own ancestor", t))
			}
			visited[t] = true
			levels++
		}
		if levels > MaxThemeLevels {
			return rule.InvalidField("themeParents", fmt.Sprintf("%q is nested %d levels deep; at most %d", canonical(k), levels, MaxThemeLevels))
		}
	}
	p.ThemeParents = clean
	return nil
}

func (p *Programme) checkIndicators() error {
	if len(p.Indicators) > MaxIndicators {
		return rule.InvalidField("indicators", fmt.Sprintf("must have at most %d entries", MaxIndicators))
	}
	seen := map[string]bool{}
	for i := range p.Indicators {
		in := &p.Indicators[i]
		in.Label = strings.TrimSpace(in.Label)
		field := func(f string) string { return fmt.Sprintf("indicators[%d].%s", i, f) }
		switch {
		case !indicatorKey.MatchString(in.Key):
			return rule.InvalidField(field("key"), "must be lower-case letters, digits and hyphens, at most 50")
		case seen[in.Key]:
			return rule.InvalidField(field("key"), fmt.Sprintf("%q appears twice", in.Key))
		case in.Label == "" || len([]rune(in.Label)) > maxLabelLen:
			return rule.InvalidField(field("label"), fmt.Sprintf("is required, at most %d characters", maxLabelLen))
		case in.Unit != UnitCount && in.Unit != UnitEuro && in.Unit != UnitHours && in.Unit != UnitPercent:
			return rule.InvalidField(field("unit"), "must be count, euro, hours or percent")
		case in.Target != nil && !(*in.Target >= 0):
			return rule.InvalidField(field("target"), "must not be negative")
		}
		seen[in.Key] = true
	}
	return nil
}

// ThemeAncestors returns theme and its ancestors (parent, grandparent, …),
// by the programme's parent themes.
func (p *Programme) ThemeAncestors(theme string) []string {
	out := []string{theme}
	for t := p.ThemeParents[theme]; t != "" && len(out) <= MaxThemes; t = p.ThemeParents[t] {
		out = append(out, t)
	}
	return out
}

// ContactOf is a contact with the programme naming it: a person's export.
type ContactOf struct {
	ProgrammeID, ProgrammeName string
	Contact                    Contact
}
