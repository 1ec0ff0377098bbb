package domain

import (
	"fmt"
	"regexp"
	"strings"

	"plein.dev/platform/rule"
)

// MaxCompanies is how many companies one activity may name.
const MaxCompanies = 50

var kvkNumber = regexp.MustCompile(`^[0-9]{8}$`)

// Company is an organisation an activity reached, with its KvK number
// (eight digits) when known: reports count companies once by it.
type Company struct {
	Name      string
	KvKNumber string
}

// checkCompanies trims the companies and refuses an empty or long name or
// a KvK number that is not eight digits (InvalidArgument), then adds the
// names not there yet to the organisations: organisations keeps naming
// every organisation the activity reached.
func (x *Activity) checkCompanies() error {
	if len(x.Companies) > MaxCompanies {
		return rule.InvalidField("companies", fmt.Sprintf("must have at most %d entries", MaxCompanies))
	}
	for i := range x.Companies {
		c := &x.Companies[i]
		c.Name, c.KvKNumber = strings.TrimSpace(c.Name), strings.TrimSpace(c.KvKNumber)
		switch {
		case c.Name == "" || len([]rune(c.Name)) > MaxOrganisationLen:
			return rule.InvalidField(fmt.Sprintf("companies[%d].name", i), fmt.Sprintf("is required, at most %d characters", MaxOrganisationLen))
		case c.KvKNumber != "" && !kvkNumber.MatchString(c.KvKNumber):
			return rule.InvalidField(fmt.Sprintf("companies[%d].kvkNumber", i), "must be eight digits")
		}
		known := false
		for _, o := range x.Organisations {
			known = known || strings.EqualFold(o, c.Name)
		}
		if !known {
			x.Organisations = append(x.Organisations, c.Name)
		}
	}
	return nil
}

// ActivityAreas checks that every area is one of the programme's and
// returns them spelled as the programme spells them (as ActivityThemes).
func (p *Programme) ActivityAreas(areas []string) ([]string, error) {
	clean, err := cleanList("areas", areas, MaxAreas, MaxAreaLen)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(clean))
	for _, a := range clean {
		canonical := ""
		for _, pa := range p.Areas {
			if strings.EqualFold(pa, a) {
				canonical = pa
			}
		}
		if canonical == "" {
			return nil, broken("areas", fmt.Sprintf("%q is not an area of the programme", a))
		}
		out = append(out, canonical)
	}
	return out, nil
}
