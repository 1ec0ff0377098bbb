package bus_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/inbox"
	"plein.dev/platform/sqlite"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	"plein.dev/proto/subject"
	"plein.dev/registrations/internal/bus"
	"plein.dev/registrations/internal/domain"
)

// projections records what the consumers hand on.
type projections struct {
	ev     domain.Event
	reason string
	calls  int
}

func (p *projections) ApplyEvent(_ context.Context, _ sqlite.Tx, ev domain.Event, reason string) error {
	p.ev, p.reason = ev, reason
	p.calls++
	return nil
}

// TestConsumersDecideEveryVerb fails when the events service publishes a
// verb of an aggregate a consumer follows that the consumer neither
// handles nor ignores (service.Run would refuse to start).
func TestConsumersDecideEveryVerb(t *testing.T) {
	t.Parallel()
	for _, c := range bus.Consumers(&projections{}) {
		if u := c.Undecided(); len(u) > 0 {
			t.Errorf("consumer %s of %s: no decision for %v", c.Durable, c.Stream, u)
		}
		if c.Durable != bus.Service {
			t.Errorf("durable %q", c.Durable)
		}
	}
}

// TestEventMessagesReachTheApp: every verb of the events stream is decoded
// into the projection form and handed to the app.
func TestEventMessagesReachTheApp(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 12, 10, 7, 0, 0, 0, time.UTC)
	loc, code, reason := "Ondernemersplein", "K7QXPL4M", "storm"
	data, err := proto.Marshal(&eventsv1.EventChanged{Event: &eventsv1.Event{
		Id: "e1", Title: "Ontbijt", StartsAt: timestamppb.New(start), EndsAt: timestamppb.New(start.Add(time.Hour)),
		Capacity: 40, Status: "cancelled", Visibility: "invite-only", Location: &loc, InviteCode: &code,
		CancellationReason: &reason, RegistrationOpensAt: timestamppb.New(start.Add(-48 * time.Hour)), Version: 6,
	}})
	if err != nil {
		t.Fatal(err)
	}
	p := &projections{}
	c := bus.Consumers(p)[0]
	if c.Stream != subject.StreamEvents {
		t.Fatalf("stream %q", c.Stream)
	}
	events := slices.DeleteFunc(subject.Published(subject.StreamEvents), func(s subject.Subject) bool {
		return s.Aggregate() != "event" // the events service's erasure answers are not for registrations
	})
	for _, s := range events {
		h, ok := c.Handle[s]
		if !ok {
			t.Errorf("%s not handled", s)
			continue
		}
		if err := h(context.Background(), nil, inbox.Message{Subject: string(s), Data: data}); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	if p.calls != len(events) {
		t.Errorf("%d calls", p.calls)
	}
	ev := p.ev
	if ev.ID != "e1" || ev.Location != loc || ev.InviteCode != code || p.reason != reason || ev.Capacity != 40 ||
		ev.Version != 6 || ev.Status != domain.EventCancelled || ev.Visibility != domain.VisibilityInviteOnly ||
		ev.OpensAt == nil || !ev.OpensAt.Equal(start.Add(-48*time.Hour)) || ev.ClosesAt != nil || !ev.EndsAt.Equal(start.Add(time.Hour)) {
		t.Fatalf("decoded %+v %q", ev, p.reason)
	}

	// With the place the events service describes, that is where it is.
	inRoom, _ := proto.Marshal(&eventsv1.EventChanged{Event: &eventsv1.Event{Id: "e2", RoomId: proto.String("r1")},
		Place: "Zaal 1, Ondernemersplein, Coolsingel 58, Rotterdam"})
	if err := c.Handle[subject.EventUpdated](context.Background(), nil,
		inbox.Message{Subject: string(subject.EventUpdated), Data: inRoom}); err != nil || p.ev.Location != "Zaal 1, Ondernemersplein, Coolsingel 58, Rotterdam" {
		t.Errorf("place: %q, %v", p.ev.Location, err)
	}

	h := c.Handle[subject.EventPublished]
	noID, _ := proto.Marshal(&eventsv1.EventChanged{Event: &eventsv1.Event{Title: "x"}})
	for name, data := range map[string][]byte{"garbage": {0xff}, "no event id": noID} {
		err := h(context.Background(), nil, inbox.Message{Subject: string(subject.EventPublished), Data: data})
		if !errors.Is(err, inbox.ErrPermanent) {
			t.Errorf("%s: %v, want a permanent failure", name, err)
		}
	}
}
