package app_test

import (
	"errors"
	"strings"
	"testing"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/domain"
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
