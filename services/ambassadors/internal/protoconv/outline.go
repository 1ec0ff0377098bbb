package protoconv

import (
	"maps"

	"plein.dev/ambassadors/internal/domain"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// Contacts returns the protobuf form of a programme's contacts, as given:
// the app leaves out those the caller may not see, the bus their e-mail
// addresses and phone numbers.
func Contacts(cs []domain.Contact) []*ambassadorsv1.ProgrammeContact {
	out := make([]*ambassadorsv1.ProgrammeContact, 0, len(cs))
	for _, c := range cs {
		out = append(out, &ambassadorsv1.ProgrammeContact{Name: c.Name, Role: c.Role, Email: c.Email, Phone: c.Phone,
			Public: c.Public})
	}
	return out
}

// Indicator returns the protobuf form of an indicator.
func Indicator(in domain.Indicator) *ambassadorsv1.Indicator {
	out := &ambassadorsv1.Indicator{Key: in.Key, Label: in.Label, Unit: in.Unit}
	if in.Target != nil {
		t := *in.Target
		out.Target = &t
	}
	return out
}

// Indicators returns the protobuf form of a programme's indicators.
func Indicators(ins []domain.Indicator) []*ambassadorsv1.Indicator {
	out := make([]*ambassadorsv1.Indicator, 0, len(ins))
	for _, in := range ins {
		out = append(out, Indicator(in))
	}
	return out
}

// Companies returns the protobuf form of an activity's companies.
func Companies(cs []domain.Company) []*ambassadorsv1.Company {
	out := make([]*ambassadorsv1.Company, 0, len(cs))
	for _, c := range cs {
		out = append(out, &ambassadorsv1.Company{Name: c.Name, KvkNumber: c.KvKNumber})
	}
	return out
}

// outline fills in a programme's contacts, areas, parent themes and
// indicators.
func outline(out *ambassadorsv1.Programme, p domain.Programme) {
	out.Contacts = Contacts(p.Contacts)
	out.Areas = nonNil(p.Areas)
	out.ThemeParents = maps.Clone(p.ThemeParents)
	if out.ThemeParents == nil {
		out.ThemeParents = map[string]string{}
	}
	out.Indicators = Indicators(p.Indicators)
}

func companiesReached(c domain.CompaniesReached) *ambassadorsv1.CompaniesReached {
	return &ambassadorsv1.CompaniesReached{Unique: int32(c.Unique), FromActivities: int32(c.FromActivities),
		FromRegistrations: int32(c.FromRegistrations), SelfReported: int32(c.SelfReported)}
}

func indicatorResults(rs []domain.IndicatorResult) []*ambassadorsv1.IndicatorResult {
	out := make([]*ambassadorsv1.IndicatorResult, 0, len(rs))
	for _, r := range rs {
		x := &ambassadorsv1.IndicatorResult{Indicator: Indicator(r.Indicator), Value: r.Value,
			Measurements: int32(r.Measurements), LastMeasuredOn: string(r.LastMeasuredOn)}
		if r.PercentOfTarget != nil {
			pct := *r.PercentOfTarget
			x.PercentOfTarget = &pct
		}
		out = append(out, x)
	}
	return out
}
