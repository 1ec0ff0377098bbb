package app

import (
	"context"
	"strings"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/platform/identity"
)

// ContactOf is an event contact with the event it belongs to.
type ContactOf struct {
	EventID    string
	EventTitle string
	Contact    domain.Contact
}

// PersonContacts returns every event contact with the e-mail address
// (without case and surrounding space), with its event, for the person it
// concerns (the gateway's export); for admins. The erasure
// (ErasePerson) removes the same contacts.
func (a *App) PersonContacts(ctx context.Context, address string) ([]ContactOf, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return nil, err
	}
	ids, err := store.EventsWithContact(ctx, a.db.R, address)
	if err != nil {
		return nil, err
	}
	address = strings.TrimSpace(address)
	out := []ContactOf{}
	for _, id := range ids {
		e, err := store.GetEvent(ctx, a.db.R, id)
		if err != nil {
			return nil, err
		}
		for _, c := range e.Contacts {
			if strings.EqualFold(strings.TrimSpace(c.Email), address) {
				out = append(out, ContactOf{EventID: e.ID, EventTitle: e.Title, Contact: c})
			}
		}
	}
	return out, nil
}
