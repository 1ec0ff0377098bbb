// Package seats follows the registrations service's seat-count messages on
// NATS and hands each change to the clients watching that event.
package seats

import (
	"fmt"
	"log/slog"
	"sync"

	"github.com/nats-io/nats.go"
	"google.golang.org/protobuf/proto"

	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// Subject is the registrations service's seat-count message.
const Subject = "plein.registrations.seats.changed"

// Counts are an event's seat figures at one version.
type Counts struct {
	EventID        string `json:"eventId"`
	Capacity       int32  `json:"capacity"`
	SeatsTaken     int32  `json:"seatsTaken"`
	WaitlistLength int32  `json:"waitlistLength"`
	SeatsFree      int32  `json:"seatsFree"`
	Version        int64  `json:"-"`
}

// Hub fans seat counts out to watchers, per event.
type Hub struct {
	log *slog.Logger

	mu       sync.Mutex
	watchers map[string]map[chan Counts]struct{}
	latest   map[string]int64
}

// NewHub returns a Hub that is fed by Publish (or by Subscribe's
// subscription).
func NewHub(log *slog.Logger) *Hub {
	return &Hub{log: log, watchers: map[string]map[chan Counts]struct{}{}, latest: map[string]int64{}}
}

// Subscribe feeds the hub from NATS until the subscription is drained. A
// core subscription sees every message the registrations service publishes
// to its stream; the hub needs no history, only changes from now on.
func (h *Hub) Subscribe(nc *nats.Conn) (*nats.Subscription, error) {
	sub, err := nc.Subscribe(Subject, func(m *nats.Msg) {
		var msg registrationsv1.SeatsChanged
		if err := proto.Unmarshal(m.Data, &msg); err != nil {
			h.log.Warn("undecodable seat count", "err", err)
			return
		}
		s := msg.GetSeats()
		h.Publish(Counts{EventID: s.GetEventId(), Capacity: s.GetCapacity(), SeatsTaken: s.GetSeatsTaken(),
			WaitlistLength: s.GetWaitlistLength(), SeatsFree: s.GetSeatsFree(), Version: msg.GetVersion()})
	})
	if err != nil {
		return nil, fmt.Errorf("subscribe to %s: %w", Subject, err)
	}
	return sub, nil
}

// Publish hands a change to the event's watchers; an older version than one
// already seen is dropped. A watcher that has not taken the previous change
// gets the newest one instead: counts replace each other.
func (h *Hub) Publish(c Counts) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if c.Version <= h.latest[c.EventID] {
		return
	}
	if len(h.watchers[c.EventID]) == 0 {
		delete(h.latest, c.EventID)
		return
	}
	h.latest[c.EventID] = c.Version
	for ch := range h.watchers[c.EventID] {
		select {
		case <-ch:
		default:
		}
		ch <- c
	}
}

// Watch returns a channel of an event's changes and a function that ends
// the watch.
func (h *Hub) Watch(eventID string) (<-chan Counts, func()) {
	ch := make(chan Counts, 1)
	h.mu.Lock()
	if h.watchers[eventID] == nil {
		h.watchers[eventID] = map[chan Counts]struct{}{}
	}
	h.watchers[eventID][ch] = struct{}{}
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(h.watchers[eventID], ch)
		if len(h.watchers[eventID]) == 0 {
			delete(h.watchers, eventID)
			delete(h.latest, eventID)
		}
	}
}
