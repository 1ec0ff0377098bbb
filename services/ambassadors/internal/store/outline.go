package store

import (
	"encoding/json"
	"fmt"

	"plein.dev/ambassadors/internal/domain"
)

// contactJSON, indicatorJSON and companyJSON are how a programme's
// contacts and indicators and an activity's companies are stored inside
// their row.
type contactJSON struct {
	Name   string `json:"name"`
	Role   string `json:"role"`
	Email  string `json:"email,omitempty"`
	Phone  string `json:"phone,omitempty"`
	Public bool   `json:"public"`
}

type indicatorJSON struct {
	Key    string   `json:"key"`
	Label  string   `json:"label"`
	Unit   string   `json:"unit"`
	Target *float64 `json:"target,omitempty"`
}

type companyJSON struct {
	Name      string `json:"name"`
	KvKNumber string `json:"kvkNumber,omitempty"`
}

// outlineRow holds the programme columns of issue 16.
type outlineRow struct {
	Contacts     string `db:"contacts"`
	Areas        string `db:"areas"`
	ThemeParents string `db:"theme_parents"`
	Indicators   string `db:"indicators"`
}

const outlineColumns = `contacts, areas, theme_parents, indicators`

func toOutlineRow(p domain.Programme) outlineRow {
	cs := make([]contactJSON, 0, len(p.Contacts))
	for _, c := range p.Contacts {
		cs = append(cs, contactJSON(c))
	}
	ins := make([]indicatorJSON, 0, len(p.Indicators))
	for _, in := range p.Indicators {
		ins = append(ins, indicatorJSON(in))
	}
	parents := p.ThemeParents
	if parents == nil {
		parents = map[string]string{}
	}
	return outlineRow{Contacts: mustJSON(cs), Areas: jsonList(p.Areas), ThemeParents: mustJSON(parents),
		Indicators: mustJSON(ins)}
}

func (r outlineRow) fill(p *domain.Programme) error {
	var cs []contactJSON
	if err := json.Unmarshal([]byte(r.Contacts), &cs); err != nil {
		return fmt.Errorf("programme %s contacts: %w", p.ID, err)
	}
	for _, c := range cs {
		p.Contacts = append(p.Contacts, domain.Contact(c))
	}
	if err := json.Unmarshal([]byte(r.Areas), &p.Areas); err != nil {
		return fmt.Errorf("programme %s areas: %w", p.ID, err)
	}
	if len(p.Areas) == 0 {
		p.Areas = nil
	}
	if err := json.Unmarshal([]byte(r.ThemeParents), &p.ThemeParents); err != nil {
		return fmt.Errorf("programme %s theme parents: %w", p.ID, err)
	}
	if len(p.ThemeParents) == 0 {
		p.ThemeParents = nil
	}
	var ins []indicatorJSON
	if err := json.Unmarshal([]byte(r.Indicators), &ins); err != nil {
		return fmt.Errorf("programme %s indicators: %w", p.ID, err)
	}
	for _, in := range ins {
		p.Indicators = append(p.Indicators, domain.Indicator(in))
	}
	return nil
}

func companiesJSON(cs []domain.Company) string {
	out := make([]companyJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, companyJSON(c))
	}
	return mustJSON(out)
}

func readCompanies(id, s string) ([]domain.Company, error) {
	var cs []companyJSON
	if err := json.Unmarshal([]byte(s), &cs); err != nil {
		return nil, fmt.Errorf("activity %s companies: %w", id, err)
	}
	var out []domain.Company
	for _, c := range cs {
		out = append(out, domain.Company(c))
	}
	return out, nil
}

// mustJSON marshals plain values (strings, numbers, bools) that always
// marshal.
func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
