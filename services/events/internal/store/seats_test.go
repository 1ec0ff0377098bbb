package store_test

import (
	"testing"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/platform/sqlite"
)

// TestSeatsShowOnEvents: the last seat counts reported are those events
// show; an event without a report shows none.
func TestSeatsShowOnEvents(t *testing.T) {
	t.Parallel()
	db := open(t)
	insert(t, db, event("e1", at(1, 9)), event("e2", at(2, 9)))
	for _, s := range []domain.Seats{{EventID: "e1", Taken: 3, WaitlistLength: 0}, {EventID: "e1", Taken: 10, WaitlistLength: 4}} {
		must(t, write(db, func(tx sqlite.Tx) error { return store.PutSeats(bg, tx, s) }))
	}
	got, err := store.GetEvent(bg, db.R, "e1")
	must(t, err)
	if got.SeatsTaken != 10 || got.WaitlistLength != 4 {
		t.Errorf("seats %d/%d, want the last report 10/4", got.SeatsTaken, got.WaitlistLength)
	}
	list, err := store.ListEvents(bg, db.R, store.EventQuery{Limit: 10})
	must(t, err)
	if list[0].SeatsTaken != 10 || list[1].SeatsTaken != 0 || list[1].WaitlistLength != 0 {
		t.Errorf("listed seats %+v", list)
	}
}
