package app

import (
	"slices"
	"time"

	"plein.dev/events/internal/domain"
)

// An event's content (issue 16): contacts, areas, agenda, materials and
// the note written afterwards. The agenda lies within the event and is
// kept in order of time; a change that moves the event outside its
// agenda is refused unless it replaces the agenda too. The public see
// only the public contacts (shown).

// afterwards reports whether the change holds only what is written about
// an event after it took place — the post note and the materials (slides,
// a report, a recording) — which any status accepts: a completed event
// refuses every other change.
func (c Change) afterwards() bool {
	only := c
	only.PostNote, only.Materials = nil, nil
	return only == Change{} && (c.PostNote != nil || c.Materials != nil)
}

// editable refuses the change if the event's status does not allow it.
func (c Change) editable(e domain.Event) error {
	if c.afterwards() {
		return nil
	}
	return e.Editable()
}

func (c Change) applyContent(e *domain.Event) {
	if c.Contacts != nil {
		e.Contacts = *c.Contacts
	}
	if c.Areas != nil {
		e.Areas = *c.Areas
	}
	if c.Agenda != nil {
		e.Agenda = *c.Agenda // in order of time after checkContent
	}
	if c.Materials != nil {
		e.Materials = *c.Materials
	}
	if c.PostNote != nil {
		e.PostNote = *c.PostNote
	}
}

// checkContent checks the event's content in the order the request gave
// it, so that a refusal names agenda[i] as sent (the console maps it to
// the row typed), and then puts the agenda in order of time — in a copy,
// leaving the caller's slice as it was.
func checkContent(e *domain.Event) error {
	if err := e.CheckContent(); err != nil {
		return err
	}
	e.Agenda = slices.Clone(e.Agenda)
	e.SortAgenda()
	return nil
}

// shiftAgenda returns the agenda moved by d: each occurrence of a series
// has the first one's agenda at its own time.
func shiftAgenda(agenda []domain.AgendaItem, d time.Duration) []domain.AgendaItem {
	if len(agenda) == 0 {
		return agenda
	}
	out := make([]domain.AgendaItem, len(agenda))
	for i, it := range agenda {
		it.StartsAt = it.StartsAt.Add(d)
		out[i] = it
	}
	return out
}
