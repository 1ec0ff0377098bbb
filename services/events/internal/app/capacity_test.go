package app_test

import (
	"errors"
	"strings"
	"testing"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/domain"
	"plein.dev/platform/rule"
	"plein.dev/platform/sqlite"
)

// refusal returns the rule refusal err carries, failing the test if it is
// not an Unmet one naming every field in fields and every word in words.
func refusal(t *testing.T, err error, fields []string, words ...string) {
	t.Helper()
	var re *rule.Error
	if !errors.As(err, &re) || re.Kind != rule.Unmet {
		t.Fatalf("err = %v, want a rule refusal (422)", err)
	}
	named := map[string]bool{}
	for _, v := range re.Violations {
		named[v.Field] = true
	}
	for _, f := range fields {
		if !named[f] {
			t.Errorf("violations %+v do not name %s", re.Violations, f)
		}
	}
	for _, w := range words {
		if !strings.Contains(re.Error(), w) {
			t.Errorf("reason %q does not name %s", re.Error(), w)
		}
	}
}

// TestMoveKeepsCapacity: moving an event to another room keeps its
// capacity; a larger room does not open seats (which would promote the
// waiting list at once), a smaller one refuses the move.
func TestMoveKeepsCapacity(t *testing.T) {
	t.Parallel()
	s, _, room := setup(t) // 40 seats
	big, err := s.CreateRoom(org, domain.Room{VenueID: room.VenueID, Name: "Grote zaal", Capacity: 60})
	if err != nil {
		t.Fatal(err)
	}
	small, err := s.CreateRoom(org, domain.Room{VenueID: room.VenueID, Name: "Spreekkamer", Capacity: 10})
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.CreateEvent(org, domain.Event{Title: "Ontbijt", RoomID: room.ID, Capacity: 20,
		StartsAt: at(4, 8, 0), EndsAt: at(4, 9, 0)}, true)
	if err != nil {
		t.Fatal(err)
	}
	moved, err := s.UpdateEvent(org, e.ID, app.Change{RoomID: &big.ID})
	if err != nil {
		t.Fatal(err)
	}
	if moved.Capacity != 20 {
		t.Errorf("capacity after moving to a room of 60: %d, want the event's 20", moved.Capacity)
	}

	_, err = s.UpdateEvent(org, e.ID, app.Change{RoomID: &small.ID})
	refusal(t, err, []string{"capacity", "roomId"}, "20", "10")
	if got, _ := s.GetEvent(org, e.ID); got.RoomID != big.ID || got.Capacity != 20 {
		t.Errorf("a refused move changed the event: room %s, capacity %d", got.RoomID, got.Capacity)
	}
	// Moved with a capacity that fits, it goes.
	ten := 10
	if got, err := s.UpdateEvent(org, e.ID, app.Change{RoomID: &small.ID, Capacity: &ten}); err != nil || got.Capacity != 10 {
		t.Fatalf("move with a fitting capacity: %v (capacity %d)", err, got.Capacity)
	}
	// Raising the capacity above the room's is refused, naming both.
	eleven := 11
	_, err = s.UpdateEvent(org, e.ID, app.Change{Capacity: &eleven})
	refusal(t, err, []string{"capacity"}, "11", "10")
}

// TestCapacityNotBelowSeatsTaken: the capacity may not fall below the seats
// the registrations service reports taken.
func TestCapacityNotBelowSeatsTaken(t *testing.T) {
	t.Parallel()
	s, db, room := setup(t)
	e, err := s.CreateEvent(org, domain.Event{Title: "Werksessie", RoomID: room.ID, Capacity: 30,
		StartsAt: at(4, 13, 0), EndsAt: at(4, 15, 0)}, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.InTx(org, func(tx sqlite.Tx) error {
		return s.ApplySeats(org, tx, domain.Seats{EventID: e.ID, Taken: 25, WaitlistLength: 3})
	}); err != nil {
		t.Fatal(err)
	}
	twenty := 20
	_, err = s.UpdateEvent(org, e.ID, app.Change{Capacity: &twenty})
	refusal(t, err, []string{"capacity"}, "20", "25")
	if got, _ := s.GetEvent(org, e.ID); got.Capacity != 30 {
		t.Errorf("a refused change left capacity %d", got.Capacity)
	}
	for _, n := range []int{25, 35} {
		if got, err := s.UpdateEvent(org, e.ID, app.Change{Capacity: &n}); err != nil || got.Capacity != n {
			t.Errorf("capacity %d with 25 seats taken: %v (now %d)", n, err, got.Capacity)
		}
	}
	// The same rule holds for an event without a room.
	loose, err := s.CreateEvent(org, domain.Event{Title: "Buiten", Location: "Markthal", Capacity: 50,
		StartsAt: at(5, 13, 0), EndsAt: at(5, 15, 0)}, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.InTx(org, func(tx sqlite.Tx) error {
		return s.ApplySeats(org, tx, domain.Seats{EventID: loose.ID, Taken: 12})
	}); err != nil {
		t.Fatal(err)
	}
	five := 5
	_, err = s.UpdateEvent(org, loose.ID, app.Change{Capacity: &five})
	refusal(t, err, []string{"capacity"}, "5", "12")
}
