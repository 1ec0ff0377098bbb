package app_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/domain"
	"plein.dev/events/migrations"
	"plein.dev/platform/rule"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

func TestRoomBookingRules(t *testing.T) {
	t.Parallel()
	s, _, room := setup(t)
	first, err := s.CreateEvent(org, domain.Event{Title: "Ochtendsessie", RoomID: room.ID,
		StartsAt: at(1, 9, 0), EndsAt: at(1, 11, 0)}, false)
	if err != nil {
		t.Fatal(err)
	}
	if first.Capacity != room.Capacity {
		t.Errorf("capacity %d, want the room's %d", first.Capacity, room.Capacity)
	}
	cases := []struct {
		name         string
		start, end   time.Time
		wantConflict bool
	}{
		{"overlap", at(1, 10, 0), at(1, 12, 0), true},
		{"inside the buffer after", at(1, 11, 10), at(1, 12, 0), true},
		{"exactly the buffer after", at(1, 11, 15), at(1, 12, 0), false},
		{"inside the buffer before", at(1, 8, 0), at(1, 8, 50), true},
		{"other day", at(2, 9, 0), at(2, 11, 0), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, err := s.CreateEvent(org, domain.Event{Title: tc.name, RoomID: room.ID, StartsAt: tc.start, EndsAt: tc.end}, false)
			var rc *domain.RoomConflictError
			if tc.wantConflict {
				if !errors.As(err, &rc) || rc.EventID != first.ID {
					t.Fatalf("err = %v, want a conflict naming %s", err, first.ID)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// Free the slot again for the next case.
			if _, err := s.Cancel(org, e.ID, "test", app.ThisEvent); err != nil {
				t.Fatal(err)
			}
		})
	}
	// A cancelled event no longer holds its room.
	if _, err := s.Cancel(org, first.ID, "verplaatst", app.ThisEvent); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateEvent(org, domain.Event{Title: "Na annulering", RoomID: room.ID,
		StartsAt: at(1, 9, 0), EndsAt: at(1, 11, 0)}, false); err != nil {
		t.Fatalf("room of a cancelled event: %v", err)
	}
}

func TestCapacityMayNotExceedRoom(t *testing.T) {
	t.Parallel()
	s, _, room := setup(t)
	_, err := s.CreateEvent(org, domain.Event{Title: "Te groot", RoomID: room.ID, Capacity: 41,
		StartsAt: at(3, 9, 0), EndsAt: at(3, 10, 0)}, true)
	var re *rule.Error
	if !errors.As(err, &re) || re.Field() != "capacity" {
		t.Fatalf("err = %v, want a capacity validation error", err)
	}
}

// TestConcurrentDoubleBooking books one slot from two connections (two
// processes' worth: separate database handles on one file) at the same
// moment, many times; exactly one must win each time. Without the check
// inside the write transaction both would.
func TestConcurrentDoubleBooking(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "events.db")
	open := func() *app.App {
		db, err := sqlite.Open(org, path, migrations.FS, testkit.Logger(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		return newApp(t, db)
	}
	a, b := open(), open()
	v, err := a.CreateVenue(org, domain.Venue{Name: "Ondernemersplein"})
	if err != nil {
		t.Fatal(err)
	}
	room, err := a.CreateRoom(org, domain.Room{VenueID: v.ID, Name: "Zaal", Capacity: 20, SetupMinutes: 10})
	if err != nil {
		t.Fatal(err)
	}
	for round := range 25 {
		start := at(1, 8, 0).Add(time.Duration(round) * 24 * time.Hour)
		var wg sync.WaitGroup
		ready := make(chan struct{})
		errs := make([]error, 4)
		for i := range errs {
			svc := a
			if i%2 == 1 {
				svc = b
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-ready
				// Overlapping, not identical, slots: each collides with all others.
				s := start.Add(time.Duration(i) * 5 * time.Minute)
				_, errs[i] = svc.CreateEvent(org, domain.Event{Title: fmt.Sprintf("organiser %d", i), RoomID: room.ID,
					StartsAt: s, EndsAt: s.Add(time.Hour)}, false)
			}()
		}
		close(ready)
		wg.Wait()
		won := 0
		for _, err := range errs {
			var rc *domain.RoomConflictError
			switch {
			case err == nil:
				won++
			case errors.As(err, &rc):
			default:
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d bookings won, want exactly 1", round, won)
		}
	}
}

func TestFreeSlotsAndOccupancy(t *testing.T) {
	t.Parallel()
	s, _, room := setup(t)
	hours := []domain.BookableHours{{Weekday: 1, Opens: "09:00", Closes: "17:00"}}
	if _, err := s.UpdateRoom(org, room.ID, app.RoomChange{BookableHours: &hours}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateEvent(org, domain.Event{Title: "Ochtend", RoomID: room.ID,
		StartsAt: ams(2026, 12, 7, 9, 0).UTC(), EndsAt: ams(2026, 12, 7, 12, 0).UTC()}, false); err != nil {
		t.Fatal(err)
	}
	slots, err := s.FreeSlots(org, room.ID, ams(2026, 12, 7, 0, 0), ams(2026, 12, 8, 0, 0), 2*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if len(slots) != 1 || !slots[0].Start.Equal(ams(2026, 12, 7, 12, 15)) || !slots[0].End.Equal(ams(2026, 12, 7, 17, 0)) {
		t.Fatalf("free slots %v", slots)
	}
	occ, err := s.RoomOccupancy(org, room.ID, "2026-12")
	if err != nil {
		t.Fatal(err)
	}
	if occ.Booked != 3*time.Hour || occ.Bookable != 4*8*time.Hour {
		t.Errorf("occupancy %+v", occ)
	}
	if _, err := s.RoomOccupancy(org, room.ID, "december"); err == nil {
		t.Error("a malformed month passed")
	}
}
