package app

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/platform/identity"
	"plein.dev/platform/page"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// CreateEvent stores a new draft event, refusing it if its room is taken
// or closed. With a recurrence it stores one event per occurrence, sharing a
// series id, and returns the first; a conflict in any occurrence refuses
// the whole series. capacitySet says whether e.Capacity was given (else the
// room's applies). Organisers only, of a programme of their organisations;
// an event without a programme is owned by one of them (ownerFor).
func (a *App) CreateEvent(ctx context.Context, e domain.Event, capacitySet bool) (domain.Event, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Event{}, err
	}
	now := a.stamp()
	e.Status = domain.StatusDraft
	e.CreatedAt, e.UpdatedAt = now, now
	e.Version = 1
	if e.Visibility == "" {
		e.Visibility = domain.VisibilityPublic
	}
	if err := checkContent(&e); err != nil { // content.go: checked as sent, then sorted
		return domain.Event{}, err
	}
	spans, err := occurrences(&e)
	if err != nil {
		return domain.Event{}, err
	}
	var first domain.Event
	err = a.db.InTx(ctx, func(tx sqlite.Tx) error {
		// The owners are read in the transaction that stores the event:
		// a programme's owners changing meanwhile cannot leave it with
		// the old ones, nor one arriving meanwhile with none.
		if err := a.setOwner(ctx, tx, &e, e.OwnerOrganisationID); err != nil {
			return err
		}
		if err := checkRefs(ctx, tx, e); err != nil {
			return err
		}
		var conflicts []domain.SeriesConflict
		for i, span := range spans {
			o := e
			o.ID = newID()
			o.StartsAt, o.EndsAt = span.Start, span.End
			o.Agenda = shiftAgenda(e.Agenda, span.Start.Sub(e.StartsAt))
			if o.Visibility == domain.VisibilityInviteOnly {
				o.InviteCode = newInviteCode()
			}
			if err := placeInRoom(ctx, tx, &o, capacitySet); err != nil {
				c, ok := seriesConflict(o.StartsAt, err)
				if e.Recurrence == "" || !ok {
					return err
				}
				conflicts = append(conflicts, c)
				continue
			}
			if err := o.Validate(); err != nil {
				return err
			}
			if err := store.InsertEvent(ctx, tx, o); err != nil {
				return err
			}
			if err := a.announce(ctx, tx, subject.EventDrafted, o, nil); err != nil {
				return err
			}
			if i == 0 {
				first = o
			}
		}
		if len(conflicts) > 0 {
			return &domain.SeriesConflictError{Conflicts: conflicts}
		}
		return nil
	})
	if err != nil {
		return domain.Event{}, fmt.Errorf("create event: %w", err)
	}
	return first, nil
}

// inviteAlphabet has 32 symbols without look-alikes (0/O, 1/I).
const inviteAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// newInviteCode returns 10 random symbols (50 bits).
func newInviteCode() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	for i := range b {
		b[i] = inviteAlphabet[b[i]&31]
	}
	return string(b)
}

// GetEvent returns one event the caller may see: organisers the events
// of their organisations, an ambassador their own proposals, anyone else published,
// cancelled and completed events that are not internal. Any other event is
// ErrNotFound to the caller.
func (a *App) GetEvent(ctx context.Context, id string) (domain.Event, error) {
	e, err := store.GetEvent(ctx, a.db.R, id)
	if err != nil {
		return domain.Event{}, err
	}
	if !visible(ctx, e) {
		return domain.Event{}, fmt.Errorf("event %s: %w", id, domain.ErrNotFound)
	}
	return shown(ctx, e), nil
}

// EventFilter narrows a list of events; zero fields do not.
type EventFilter struct {
	// From and To keep events that end after From and start before To.
	From, To    *time.Time
	ProgrammeID string
	Theme       string
	// Query is searched for in titles and descriptions: every word, as a
	// word or the start of one.
	Query    string
	Status   domain.Status
	SeriesID string
	// VenueID keeps the events in a room of the venue.
	VenueID string
	// HostedBy keeps the events this ambassador hosts. An ambassador who
	// asks for their own finds the published and completed ones whatever
	// their visibility; anyone else finds the listed ones only.
	HostedBy string
}

// EventCursor is an event's position in lists, as page tokens carry it.
type EventCursor struct {
	Start int64  `json:"s"`
	ID    string `json:"i"`
}

// ListEvents returns one page of the events that match f, in start order,
// and the next page's token. Anyone lists the public events that are
// published or completed; an organiser also every event of their
// organisations (an administrator every event), an ambassador their own
// proposals.
func (a *App) ListEvents(ctx context.Context, f EventFilter, r page.Request[EventCursor]) ([]domain.Event, string, error) {
	q := store.EventQuery{From: f.From, To: f.To, ProgrammeID: f.ProgrammeID, Theme: f.Theme, Text: f.Query,
		Status: f.Status, SeriesID: f.SeriesID, VenueID: f.VenueID, HostedBy: f.HostedBy, Limit: r.Limit()}
	if caller := identity.FromContext(ctx); !manages(ctx, nil) {
		me := caller.AmbassadorID
		if me != "" && f.HostedBy == me {
			q.Statuses = ownHostedStatuses
		} else {
			q.Listed = true
			q.ProposedBy = me
			if organiser(ctx) {
				q.OwnedBy = caller.OrganisationIDs
				if q.OwnedBy == nil {
					q.OwnedBy = []string{}
				}
			}
		}
	}
	if !r.First {
		q.After = &store.EventKey{StartsAt: time.Unix(r.After.Start, 0), ID: r.After.ID}
	}
	events, err := store.ListEvents(ctx, a.db.R, q)
	if err != nil {
		return nil, "", err
	}
	for i := range events {
		events[i] = shown(ctx, events[i])
	}
	return page.Cut(r, events, func(e domain.Event) EventCursor { return EventCursor{Start: e.StartsAt.Unix(), ID: e.ID} })
}

// ownHostedStatuses are the events an ambassador finds among those they
// host, internal ones too: published and completed ones only. A draft is
// the organiser's, and so is a cancelled event (cancelled as a draft, it
// was never shown); a proposal naming them as host may be another
// ambassador's (their own proposals they find in the ordinary listing).
var ownHostedStatuses = []domain.Status{domain.StatusPublished, domain.StatusCompleted}

// Change is an edit of an event's details; nil fields stay as they are.
type Change struct {
	Title, Description, RoomID, Location, ProgrammeID, Visibility *string
	StartsAt, EndsAt                                              *time.Time
	Capacity                                                      *int
	RegistrationOpensAt, RegistrationClosesAt                     *time.Time
	Themes, HostAmbassadorIDs                                     *[]string
	Accessibility                                                 *domain.Accessibility
	// OwnerOrganisationID: the owner of an event without a programme.
	OwnerOrganisationID *string
	// The event's content (content.go).
	Contacts  *[]domain.Contact
	Areas     *[]string
	Agenda    *[]domain.AgendaItem
	Materials *[]domain.Material
	PostNote  *string
}

// UpdateEvent applies a change to a draft or published event. A change of
// time or place raises the event's sequence, and for a published event it
// is announced as a reschedule. The capacity stays as it is in another
// room (refused if that room is smaller) and may not fall below the seats
// taken. Organisers of its owners only; a new programme must be one of
// their organisations' too.
func (a *App) UpdateEvent(ctx context.Context, id string, c Change) (domain.Event, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Event{}, err
	}
	var out domain.Event
	err := a.db.InTx(ctx, func(tx sqlite.Tx) error {
		before, err := managed(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := c.editable(before); err != nil {
			return err
		}
		e := before
		c.apply(&e)
		if c.ProgrammeID != nil || c.OwnerOrganisationID != nil {
			owner := e.OwnerOrganisationID
			if c.OwnerOrganisationID != nil {
				owner = *c.OwnerOrganisationID
			} else if before.ProgrammeID != "" {
				owner = "" // leaving its programme: the caller's, by default
			}
			if err := a.setOwner(ctx, tx, &e, owner); err != nil {
				return err
			}
		}
		moved := e.RoomID != before.RoomID || !e.StartsAt.Equal(before.StartsAt) || !e.EndsAt.Equal(before.EndsAt) ||
			e.Location != before.Location
		switch {
		case moved:
			// The event keeps its capacity in another room: the room's
			// would open seats and promote the waiting list at once.
			if err := placeInRoom(ctx, tx, &e, true); err != nil {
				return err
			}
		case c.Capacity != nil && e.RoomID != "":
			// Only the capacity: the room's limit applies, its hours and
			// bookings are as they were.
			if _, err := roomFor(ctx, tx, &e, true); err != nil {
				return err
			}
		}
		if e.Capacity != before.Capacity {
			if err := e.SeatsFit(); err != nil {
				return err
			}
		}
		if c.ProgrammeID != nil || c.Themes != nil || c.HostAmbassadorIDs != nil || c.Areas != nil {
			if err := checkRefs(ctx, tx, e); err != nil {
				return err
			}
		}
		switch {
		case e.Visibility != domain.VisibilityInviteOnly:
			e.InviteCode = ""
		case e.InviteCode == "":
			e.InviteCode = newInviteCode()
		}
		if moved {
			e.Sequence++
		}
		if err := e.Validate(); err != nil {
			return err
		}
		// An agenda left outside a moved event is refused: the same
		// change must bring the agenda along (content.go).
		if err := checkContent(&e); err != nil {
			return err
		}
		e.Touch(a.stamp())
		if err := store.UpdateEvent(ctx, tx, e, before.Version); err != nil {
			return err
		}
		s := subject.EventUpdated
		if moved && e.Status == domain.StatusPublished {
			s = subject.EventRescheduled
		}
		out = e
		return a.announce(ctx, tx, s, e, &before)
	})
	if err != nil {
		return domain.Event{}, fmt.Errorf("update event %s: %w", id, err)
	}
	return out, nil
}

func (c Change) apply(e *domain.Event) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&e.Title, c.Title)
	set(&e.Description, c.Description)
	set(&e.RoomID, c.RoomID)
	set(&e.Location, c.Location)
	set(&e.ProgrammeID, c.ProgrammeID)
	if c.Visibility != nil {
		e.Visibility = domain.Visibility(*c.Visibility)
	}
	if c.StartsAt != nil {
		e.StartsAt = *c.StartsAt
	}
	if c.EndsAt != nil {
		e.EndsAt = *c.EndsAt
	}
	if c.Capacity != nil {
		e.Capacity = *c.Capacity
	}
	if c.RegistrationOpensAt != nil {
		e.RegistrationOpensAt = c.RegistrationOpensAt
	}
	if c.RegistrationClosesAt != nil {
		e.RegistrationClosesAt = c.RegistrationClosesAt
	}
	if c.Themes != nil {
		e.Themes = *c.Themes
	}
	if c.HostAmbassadorIDs != nil {
		e.HostAmbassadorIDs = *c.HostAmbassadorIDs
	}
	if c.Accessibility != nil {
		e.Accessibility = *c.Accessibility
	}
	c.applyContent(e)
}

// setOwner settles who owns e, read through q: an event of a programme is
// its programme's owners' — the caller must manage that programme (an
// unknown one is left to checkRefs) — and has no owner of its own; one
// without is owned by owner as ownerFor decides.
func (a *App) setOwner(ctx context.Context, q store.Queryer, e *domain.Event, owner string) error {
	if e.ProgrammeID != "" {
		p, err := store.GetProgramme(ctx, q, e.ProgrammeID)
		if errors.Is(err, domain.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if !manages(ctx, p.Owners) {
			return domain.Unmet("programmeId", "not a programme of your organisations")
		}
		e.OwnerOrganisationID, e.Owners = "", p.Owners
		return nil
	}
	o, err := ownerFor(ctx, owner)
	if err != nil {
		return err
	}
	e.OwnerOrganisationID, e.Owners = o, []string{o}
	return nil
}
