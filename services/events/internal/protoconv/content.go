package protoconv

import (
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/events/internal/domain"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// Contacts returns the protobuf form of an event's contacts.
func Contacts(cs []domain.Contact) []*eventsv1.EventContact {
	out := make([]*eventsv1.EventContact, 0, len(cs))
	for _, c := range cs {
		out = append(out, &eventsv1.EventContact{Name: c.Name, Role: c.Role, Email: c.Email, Phone: c.Phone, Public: c.Public})
	}
	return out
}

// ContactsFrom returns the domain form of an event's contacts.
func ContactsFrom(ps []*eventsv1.EventContact) []domain.Contact {
	out := make([]domain.Contact, 0, len(ps))
	for _, p := range ps {
		out = append(out, domain.Contact{Name: p.GetName(), Role: p.GetRole(), Email: p.GetEmail(), Phone: p.GetPhone(),
			Public: p.GetPublic()})
	}
	return out
}

// Agenda returns the protobuf form of an event's agenda.
func Agenda(items []domain.AgendaItem) []*eventsv1.AgendaItem {
	out := make([]*eventsv1.AgendaItem, 0, len(items))
	for _, it := range items {
		out = append(out, &eventsv1.AgendaItem{StartsAt: timestamppb.New(it.StartsAt), Title: it.Title, Speaker: it.Speaker})
	}
	return out
}

// AgendaFrom returns the domain form of an event's agenda.
func AgendaFrom(ps []*eventsv1.AgendaItem) []domain.AgendaItem {
	out := make([]domain.AgendaItem, 0, len(ps))
	for _, p := range ps {
		out = append(out, domain.AgendaItem{StartsAt: p.GetStartsAt().AsTime().UTC(), Title: p.GetTitle(), Speaker: p.GetSpeaker()})
	}
	return out
}

// Materials returns the protobuf form of an event's materials.
func Materials(ms []domain.Material) []*eventsv1.Material {
	out := make([]*eventsv1.Material, 0, len(ms))
	for _, m := range ms {
		out = append(out, &eventsv1.Material{Title: m.Title, Url: m.URL})
	}
	return out
}

// MaterialsFrom returns the domain form of an event's materials.
func MaterialsFrom(ps []*eventsv1.Material) []domain.Material {
	out := make([]domain.Material, 0, len(ps))
	for _, p := range ps {
		out = append(out, domain.Material{Title: p.GetTitle(), URL: p.GetUrl()})
	}
	return out
}
