package app

import (
	"context"
	"fmt"
	"strings"

	"plein.dev/events/internal/store"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// ErasePerson removes, within tx, every contact of an event whose e-mail
// address is address (without case and surrounding space), for an
// erasure request (platform/erasure): the name, role and phone number
// with it, as they are that person's. Each event changed is announced as
// updated (its version raised), at any status. It returns how many
// contacts it removed.
func (a *App) ErasePerson(ctx context.Context, tx sqlite.Tx, address string) (int, error) {
	ids, err := store.EventsWithContact(ctx, tx, address)
	if err != nil {
		return 0, err
	}
	address = strings.TrimSpace(address)
	erased := 0
	for _, id := range ids {
		e, err := store.GetEvent(ctx, tx, id)
		if err != nil {
			return 0, err
		}
		before, prev := e, e.Version
		e.Contacts = nil
		for _, c := range before.Contacts {
			if strings.EqualFold(strings.TrimSpace(c.Email), address) {
				erased++
				continue
			}
			e.Contacts = append(e.Contacts, c)
		}
		e.Touch(a.stamp())
		if err := store.UpdateEvent(ctx, tx, e, prev); err != nil {
			return 0, fmt.Errorf("erase contact of event %s: %w", id, err)
		}
		if err := a.announce(ctx, tx, subject.EventUpdated, e, &before); err != nil {
			return 0, err
		}
	}
	return erased, nil
}
