package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/domain"
	"plein.dev/platform/identity"
)

func TestProposalFlow(t *testing.T) {
	t.Parallel()
	s, db, room := setup(t)
	p, err := s.Propose(amb, domain.Event{Title: "Workshop", RoomID: room.ID,
		StartsAt: at(10, 9, 0), EndsAt: at(10, 11, 0)}, false)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != domain.StatusProposed || p.ProposedByAmbassadorID != "amb-1" || p.Capacity != room.Capacity {
		t.Fatalf("proposal %+v", p)
	}
	// The requested room is not held: an organiser may book it meanwhile.
	other, err := s.CreateEvent(org, domain.Event{Title: "Eerder geboekt", RoomID: room.ID,
		StartsAt: at(10, 10, 0), EndsAt: at(10, 12, 0)}, false)
	if err != nil {
		t.Fatalf("a proposal blocked the room: %v", err)
	}
	var rc *domain.RoomConflictError
	if _, err := s.Approve(org, p.ID, true); !errors.As(err, &rc) || rc.EventID != other.ID {
		t.Fatalf("approve into a taken room: %v", err)
	}
	if _, err := s.Cancel(org, other.ID, "plaats maken", app.ThisEvent); err != nil {
		t.Fatal(err)
	}
	ok, err := s.Approve(org, p.ID, true)
	if err != nil || ok.Status != domain.StatusPublished {
		t.Fatalf("approve: %v %s", err, ok.Status)
	}
	p2, err := s.Propose(amb, domain.Event{Title: "Nog een", Location: "x", Capacity: 3,
		StartsAt: at(11, 9, 0), EndsAt: at(11, 11, 0)}, true)
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Decline(org, p2.ID, "dubbel met de workshop")
	if err != nil || d.Status != domain.StatusDeclined || d.DeclineReason != "dubbel met de workshop" {
		t.Fatalf("decline: %v %+v", err, d)
	}
	if _, err := s.Approve(org, p2.ID, false); !errors.Is(err, domain.ErrTransition) {
		t.Fatalf("approve a declined proposal: %v", err)
	}
	got := subjects(t, db)
	want := "plein.events.event.proposed,plein.events.event.drafted,plein.events.event.cancelled,plein.events.event.published,plein.events.event.proposed,plein.events.event.declined"
	if strings.Join(got, ",") != want {
		t.Errorf("outbox %v", got)
	}
}

// TestProposalsHiddenFromOthers: proposed and declined events are unknown
// to anonymous callers and to other ambassadors, by every read: get, list
// (whatever the filter), the event's calendar file and the feed.
func TestProposalsHiddenFromOthers(t *testing.T) {
	t.Parallel()
	s, _, room := setup(t)
	proposed, err := s.Propose(amb, domain.Event{Title: "Voorstel", RoomID: room.ID, Themes: []string{"innovatie"},
		StartsAt: at(10, 9, 0), EndsAt: at(10, 11, 0)}, false)
	if err != nil {
		t.Fatal(err)
	}
	declined, err := s.Propose(amb, domain.Event{Title: "Afgewezen voorstel", Location: "Markthal", Capacity: 20,
		StartsAt: at(11, 9, 0), EndsAt: at(11, 11, 0)}, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Decline(org, declined.ID, "past niet in het programma"); err != nil {
		t.Fatal(err)
	}
	otherAmb := identity.NewContext(context.Background(), identity.Identity{UserID: "u3",
		Roles: []string{identity.RoleAmbassador}, AmbassadorID: "amb-2"})
	for _, caller := range []struct {
		name string
		ctx  context.Context
	}{{"anonymous", anon}, {"another ambassador", otherAmb}} {
		t.Run(caller.name, func(t *testing.T) {
			t.Parallel()
			for _, e := range []domain.Event{proposed, declined} {
				if _, err := s.GetEvent(caller.ctx, e.ID); !errors.Is(err, domain.ErrNotFound) {
					t.Errorf("get %s event: %v, want not found", e.Status, err)
				}
				if _, err := s.EventCalendar(caller.ctx, e.ID); !errors.Is(err, domain.ErrNotFound) {
					t.Errorf("calendar of %s event: %v, want not found", e.Status, err)
				}
			}
			for _, f := range []app.EventFilter{{}, {Status: domain.StatusProposed}, {Status: domain.StatusDeclined},
				{Theme: "innovatie"}, {Query: "voorstel"}, {From: ptr(at(1, 0, 0))}} {
				evs, _, err := s.ListEvents(caller.ctx, f, firstPage)
				if err != nil || len(evs) != 0 {
					t.Errorf("list %+v: %d events (%v), want none", f, len(evs), err)
				}
			}
			ics, err := s.Calendar(caller.ctx, "", "")
			if err != nil || strings.Contains(string(ics), "BEGIN:VEVENT") {
				t.Errorf("feed (%v):\n%s", err, ics)
			}
		})
	}
	// The proposer still sees both, and organisers do.
	for _, e := range []domain.Event{proposed, declined} {
		if _, err := s.GetEvent(amb, e.ID); err != nil {
			t.Errorf("the proposer reads %s event: %v", e.Status, err)
		}
	}
	if evs, _, err := s.ListEvents(amb, app.EventFilter{}, firstPage); err != nil || len(evs) != 2 {
		t.Errorf("the proposer lists %d (%v), want 2", len(evs), err)
	}
}

func ptr[T any](v T) *T { return &v }
