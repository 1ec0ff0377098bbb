package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/platform/ical"
	"plein.dev/platform/identity"
)

// CalendarLimit is the most events a calendar feed holds.
const CalendarLimit = 2000

// EventCalendar returns the iCalendar file of one event the caller may see
// (as GetEvent).
func (a *App) EventCalendar(ctx context.Context, id string) ([]byte, error) {
	e, err := a.GetEvent(ctx, id)
	if err != nil {
		return nil, err
	}
	place, err := a.place(ctx, a.db.R, e)
	if err != nil {
		return nil, fmt.Errorf("calendar of event %s: %w", id, err)
	}
	return ical.Write(ical.Calendar{Name: e.Title, Method: ical.Publish, Stamp: a.now(),
		Events: []ical.Event{calendarEvent(e, place)}}), nil
}

// Calendar returns the calendar feed: the events from half a year ago on,
// optionally of one programme or venue, in start order. Anyone gets the
// public events that are published, completed or cancelled (so that
// subscribed calendars drop cancellations); organisers also every event
// of their organisations except proposals (administrators: of all).
func (a *App) Calendar(ctx context.Context, programmeID, venueID string) ([]byte, error) {
	from := a.now().AddDate(0, -6, 0)
	if venueID != "" {
		if _, err := store.GetVenue(ctx, a.db.R, venueID); err != nil {
			return nil, err
		}
	}
	// Filtered in SQL, before the limit: events the caller may not see
	// must not crowd out those they may.
	q := store.EventQuery{From: &from, ProgrammeID: programmeID, VenueID: venueID, Limit: CalendarLimit,
		Public: true, Statuses: domain.PublicFeedStatuses}
	events, err := store.ListEvents(ctx, a.db.R, q)
	if err != nil {
		return nil, err
	}
	if caller := identity.FromContext(ctx); organiser(ctx) {
		// Besides, every event of theirs (all for an administrator).
		own := q
		own.Public = false
		own.Statuses = []domain.Status{domain.StatusDraft, domain.StatusPublished, domain.StatusCancelled, domain.StatusCompleted}
		if !manages(ctx, nil) {
			own.Owners = append([]string{}, caller.OrganisationIDs...)
		}
		mine, err := store.ListEvents(ctx, a.db.R, own)
		if err != nil {
			return nil, err
		}
		events = mergeEvents(events, mine, CalendarLimit)
	}
	places := map[string]string{}
	var entries []ical.Event
	for _, e := range events {
		key := e.RoomID + "\x00" + e.Location
		place, ok := places[key]
		if !ok {
			if place, err = a.place(ctx, a.db.R, e); err != nil {
				return nil, fmt.Errorf("calendar: %w", err)
			}
			places[key] = place
		}
		entries = append(entries, calendarEvent(e, place))
	}
	return ical.Write(ical.Calendar{Name: "Plein", Method: ical.Publish, Stamp: a.now(), Events: entries}), nil
}

// place describes where an event happens for attendees, read through q:
// room, venue, address and city, or the event's own location.
func (a *App) place(ctx context.Context, q store.Queryer, e domain.Event) (string, error) {
	if e.RoomID == "" {
		return e.Location, nil
	}
	room, err := store.GetRoom(ctx, q, e.RoomID)
	if err != nil {
		return "", err
	}
	v, err := store.GetVenue(ctx, q, room.VenueID)
	if err != nil {
		return "", err
	}
	parts := []string{room.Name, v.Name}
	if v.Address != "" {
		parts = append(parts, v.Address)
	}
	if v.City != "" {
		parts = append(parts, v.City)
	}
	place := strings.Join(parts, ", ")
	if e.Location != "" {
		place = e.Location + " (" + place + ")"
	}
	return place, nil
}

// calendarEvent is the VEVENT of an event: drafts are tentative, cancelled
// and declined events cancelled.
func calendarEvent(e domain.Event, place string) ical.Event {
	status := ical.Tentative
	switch e.Status {
	case domain.StatusCancelled, domain.StatusDeclined:
		status = ical.Cancelled
	case domain.StatusPublished, domain.StatusCompleted:
		status = ical.Confirmed
	}
	return ical.Event{ID: e.ID, Title: e.Title, Description: calendarDescription(e), Location: place,
		StartsAt: e.StartsAt, EndsAt: e.EndsAt, Created: e.CreatedAt, Modified: e.UpdatedAt,
		Sequence: e.Sequence, Status: status, Categories: e.Themes}
}

// calendarDescription is the event's description followed by its agenda,
// a short line an item ("14:00 Opening — speaker"); ical escapes the line
// breaks and folds the long lines.
func calendarDescription(e domain.Event) string {
	lines := e.AgendaLines()
	if len(lines) == 0 {
		return e.Description
	}
	agenda := "Programma / Agenda:\n" + strings.Join(lines, "\n")
	if e.Description == "" {
		return agenda
	}
	return e.Description + "\n\n" + agenda
}

// mergeEvents merges two lists in (start, id) order into one without
// repeats, of at most limit events.
func mergeEvents(a, b []domain.Event, limit int) []domain.Event {
	seen := make(map[string]bool, len(a)+len(b))
	out := make([]domain.Event, 0, len(a)+len(b))
	for _, e := range slices.Concat(a, b) {
		if !seen[e.ID] {
			seen[e.ID] = true
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(x, y domain.Event) int {
		if c := x.StartsAt.Compare(y.StartsAt); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
