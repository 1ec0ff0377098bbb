package store

import (
	"encoding/json"
	"fmt"

	"plein.dev/events/internal/domain"
)

// content reads the event's content (contacts, areas, agenda, materials:
// JSON arrays on its row) into e.
func (r eventRow) content(e *domain.Event) error {
	for _, c := range []struct {
		what string
		from string
		into any
	}{
		{"contacts", r.Contacts, &e.Contacts},
		{"areas", r.Areas, &e.Areas},
		{"agenda", r.Agenda, &e.Agenda},
		{"materials", r.Materials, &e.Materials},
	} {
		if err := json.Unmarshal([]byte(c.from), c.into); err != nil {
			return fmt.Errorf("event %s %s: %w", r.ID, c.what, err)
		}
	}
	// Empty is none, as an event made without them holds.
	if len(e.Contacts) == 0 {
		e.Contacts = nil
	}
	if len(e.Areas) == 0 {
		e.Areas = nil
	}
	if len(e.Agenda) == 0 {
		e.Agenda = nil
	}
	if len(e.Materials) == 0 {
		e.Materials = nil
	}
	return nil
}
