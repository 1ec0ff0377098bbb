package grpcapi

import (
	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/domain"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

func contacts(cs []*ambassadorsv1.ProgrammeContact) []domain.Contact {
	out := make([]domain.Contact, 0, len(cs))
	for _, c := range cs {
		out = append(out, domain.Contact{Name: c.GetName(), Role: c.GetRole(), Email: c.GetEmail(),
			Phone: c.GetPhone(), Public: c.GetPublic()})
	}
	return out
}

func indicators(ins []*ambassadorsv1.Indicator) []domain.Indicator {
	out := make([]domain.Indicator, 0, len(ins))
	for _, in := range ins {
		x := domain.Indicator{Key: in.GetKey(), Label: in.GetLabel(), Unit: in.GetUnit()}
		if in.Target != nil {
			t := in.GetTarget()
			x.Target = &t
		}
		out = append(out, x)
	}
	return out
}

func companies(cs []*ambassadorsv1.Company) []domain.Company {
	out := make([]domain.Company, 0, len(cs))
	for _, c := range cs {
		out = append(out, domain.Company{Name: c.GetName(), KvKNumber: c.GetKvkNumber()})
	}
	return out
}

// outlineChange reads the set_ fields of issue 16 into c.
func outlineChange(req *ambassadorsv1.UpdateProgrammeRequest, c *app.ProgrammeChange) {
	if req.GetSetContacts() {
		cs := contacts(req.GetContacts())
		c.Contacts = &cs
	}
	if req.GetSetAreas() {
		areas := req.GetAreas()
		c.Areas = &areas
	}
	if req.GetSetThemeParents() {
		parents := req.GetThemeParents()
		c.ThemeParents = &parents
	}
	if req.GetSetIndicators() {
		ins := indicators(req.GetIndicators())
		c.Indicators = &ins
	}
}
