package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/domain"
	"plein.dev/events/migrations"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func setup(t *testing.T) (*app.Service, *sqlite.DB, domain.Room) {
	t.Helper()
	db := testkit.DB(t, migrations.FS)
	s := app.New(db, testkit.Logger(t), func() time.Time { return now })
	ctx := context.Background()
	v, err := s.CreateVenue(ctx, domain.Venue{Name: "Ondernemersplein", City: "Rotterdam"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.CreateRoom(ctx, domain.Room{VenueID: v.ID, Name: "Zaal 1", Capacity: 40, SetupMinutes: 15})
	if err != nil {
		t.Fatal(err)
	}
	return s, db, r
}

func at(day, h, m int) time.Time { return time.Date(2026, 12, day, h, m, 0, 0, time.UTC) }

func subjects(t *testing.T, db *sqlite.DB) []string {
	t.Helper()
	var out []string
	if err := db.R.Select(&out, `SELECT subject FROM outbox ORDER BY seq`); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRoomBookingRules(t *testing.T) {
	s, _, room := setup(t)
	ctx := context.Background()
	first, err := s.CreateEvent(ctx, domain.Event{Title: "Ochtendsessie", RoomID: room.ID,
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
			e, err := s.CreateEvent(ctx, domain.Event{Title: tc.name, RoomID: room.ID, StartsAt: tc.start, EndsAt: tc.end}, false)
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
			if _, err := s.Cancel(ctx, e.ID, "test"); err != nil {
				t.Fatal(err)
			}
		})
	}
	// A cancelled event no longer holds its room.
	if _, err := s.Cancel(ctx, first.ID, "verplaatst"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateEvent(ctx, domain.Event{Title: "Na annulering", RoomID: room.ID,
		StartsAt: at(1, 9, 0), EndsAt: at(1, 11, 0)}, false); err != nil {
		t.Fatalf("room of a cancelled event: %v", err)
	}
}

func TestCapacityMayNotExceedRoom(t *testing.T) {
	s, _, room := setup(t)
	_, err := s.CreateEvent(context.Background(), domain.Event{Title: "Te groot", RoomID: room.ID, Capacity: 41,
		StartsAt: at(3, 9, 0), EndsAt: at(3, 10, 0)}, true)
	var ve *domain.ValidationError
	if !errors.As(err, &ve) || ve.Field != "capacity" {
		t.Fatalf("err = %v, want a capacity validation error", err)
	}
}

func TestEveryChangeIsAnnounced(t *testing.T) {
	s, db, _ := setup(t)
	ctx := context.Background()
	e, err := s.CreateEvent(ctx, domain.Event{Title: "Werksessie", Location: "Stadhuis", Capacity: 10,
		StartsAt: at(5, 14, 0), EndsAt: at(5, 16, 0)}, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	title := "Werksessie circulaire economie"
	if _, err := s.UpdateEvent(ctx, e.ID, app.Change{Title: &title}); err != nil {
		t.Fatal(err)
	}
	later := at(5, 15, 0)
	end := at(5, 17, 0)
	moved, err := s.UpdateEvent(ctx, e.ID, app.Change{StartsAt: &later, EndsAt: &end})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(ctx, e.ID); !errors.Is(err, domain.ErrTransition) {
		t.Fatalf("publishing twice: %v", err)
	}
	if _, err := s.Cancel(ctx, e.ID, "ziek"); err != nil {
		t.Fatal(err)
	}
	want := []string{"plein.events.event.drafted", "plein.events.event.published", "plein.events.event.updated",
		"plein.events.event.rescheduled", "plein.events.event.cancelled"}
	got := subjects(t, db)
	if len(got) != len(want) {
		t.Fatalf("outbox %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("outbox %v, want %v", got, want)
		}
	}
	if moved.Version != 4 {
		t.Errorf("version after four changes %d, want 4", moved.Version)
	}
}

func TestCompleteEnded(t *testing.T) {
	s, _, _ := setup(t)
	ctx := context.Background()
	past, err := s.CreateEvent(ctx, domain.Event{Title: "Gisteren", Location: "x", Capacity: 5,
		StartsAt: now.Add(-26 * time.Hour), EndsAt: now.Add(-24 * time.Hour)}, true)
	if err != nil {
		t.Fatal(err)
	}
	future, err := s.CreateEvent(ctx, domain.Event{Title: "Morgen", Location: "x", Capacity: 5,
		StartsAt: now.Add(24 * time.Hour), EndsAt: now.Add(26 * time.Hour)}, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{past.ID, future.ID} {
		if _, err := s.Publish(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.CompleteEnded(ctx)
	if err != nil || n != 1 {
		t.Fatalf("completed %d (%v), want 1", n, err)
	}
	got, _ := s.GetEvent(ctx, past.ID)
	if got.Status != domain.StatusCompleted {
		t.Errorf("past event %s", got.Status)
	}
	got, _ = s.GetEvent(ctx, future.ID)
	if got.Status != domain.StatusPublished {
		t.Errorf("future event %s", got.Status)
	}
}
