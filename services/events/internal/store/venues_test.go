package store_test

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/platform/sqlite"
)

func TestVenuesAndRooms(t *testing.T) {
	t.Parallel()
	db := open(t)
	room := domain.Room{ID: "r2", VenueID: "v1", Name: "B-zaal", Capacity: 40, SetupMinutes: 10,
		Facilities:    []string{"beamer", "ringleiding"},
		BookableHours: []domain.BookableHours{{Weekday: 1, Opens: "09:00", Closes: "17:00"}},
		Blackouts:     []domain.Blackout{{StartsAt: at(24, 0), EndsAt: at(27, 0), Reason: "Kerst"}}}
	must(t, write(db, func(tx sqlite.Tx) error {
		if err := store.InsertVenue(bg, tx, domain.Venue{ID: "v1", Name: "Ondernemersplein", Address: "Coolsingel 58",
			City: "Rotterdam", CreatedAt: at(1, 0)}); err != nil {
			return err
		}
		if err := store.InsertRoom(bg, tx, room); err != nil {
			return err
		}
		return store.InsertRoom(bg, tx, domain.Room{ID: "r1", VenueID: "v1", Name: "A-zaal", Capacity: 8})
	}))

	got, err := store.GetRoom(bg, db.R, "r2")
	must(t, err)
	if !reflect.DeepEqual(got, room) {
		t.Errorf("room read back\n%+v\nwant\n%+v", got, room)
	}
	v, err := store.GetVenue(bg, db.R, "v1")
	must(t, err)
	if v.Name != "Ondernemersplein" || v.Address != "Coolsingel 58" || v.City != "Rotterdam" {
		t.Errorf("venue %+v", v)
	}
	if len(v.Rooms) != 2 || v.Rooms[0].ID != "r1" || v.Rooms[1].ID != "r2" {
		t.Errorf("rooms of the venue %+v, want r1 and r2 by name", v.Rooms)
	}

	// Changes.
	v.Name, v.City = "Ondernemersplein KvK", "Den Haag"
	room.Capacity, room.Blackouts = 50, nil
	must(t, write(db, func(tx sqlite.Tx) error {
		if err := store.UpdateVenue(bg, tx, v); err != nil {
			return err
		}
		return store.UpdateRoom(bg, tx, room)
	}))
	v2, _ := store.GetVenue(bg, db.R, "v1")
	r2, _ := store.GetRoom(bg, db.R, "r2")
	if v2.Name != "Ondernemersplein KvK" || v2.City != "Den Haag" || r2.Capacity != 50 || len(r2.Blackouts) != 0 {
		t.Errorf("after the change: venue %+v room %+v", v2, r2)
	}
}

func TestVenueSentinels(t *testing.T) {
	t.Parallel()
	db := open(t)
	venueWithRoom(t, db, "v1", "r1")
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"get an unknown venue", second(store.GetVenue(bg, db.R, "nope")), domain.ErrNotFound},
		{"get an unknown room", second(store.GetRoom(bg, db.R, "nope")), domain.ErrNotFound},
		{"room of an unknown venue", write(db, func(tx sqlite.Tx) error {
			return store.InsertRoom(bg, tx, domain.Room{ID: "r9", VenueID: "nope", Name: "x", Capacity: 1})
		}), domain.ErrNotFound},
		{"update an unknown venue", write(db, func(tx sqlite.Tx) error {
			return store.UpdateVenue(bg, tx, domain.Venue{ID: "nope", Name: "x"})
		}), domain.ErrNotFound},
		{"update an unknown room", write(db, func(tx sqlite.Tx) error {
			return store.UpdateRoom(bg, tx, domain.Room{ID: "nope", Name: "x", Capacity: 1})
		}), domain.ErrNotFound},
		{"venue id taken", write(db, func(tx sqlite.Tx) error {
			return store.InsertVenue(bg, tx, domain.Venue{ID: "v1", Name: "x", CreatedAt: time.Now()})
		}), domain.ErrDuplicate},
		{"room id taken", write(db, func(tx sqlite.Tx) error {
			return store.InsertRoom(bg, tx, domain.Room{ID: "r1", VenueID: "v1", Name: "x", Capacity: 1})
		}), domain.ErrDuplicate},
	}
	for _, c := range cases {
		if !errors.Is(c.err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, c.err, c.want)
		}
	}
}

// TestListVenuesPages: venues come by (name, id); a page starts after the
// position given, so every venue is listed once.
func TestListVenuesPages(t *testing.T) {
	t.Parallel()
	db := open(t)
	names := map[string]string{"v1": "Stadhuis", "v2": "Arena", "v3": "Stadhuis", "v4": "Bibliotheek", "v5": "Arena"}
	must(t, write(db, func(tx sqlite.Tx) error {
		for id, name := range names {
			if err := store.InsertVenue(bg, tx, domain.Venue{ID: id, Name: name, CreatedAt: at(1, 0)}); err != nil {
				return err
			}
		}
		return store.InsertRoom(bg, tx, domain.Room{ID: "r1", VenueID: "v4", Name: "Zaal", Capacity: 5})
	}))
	var got []string
	afterName, afterID := "", ""
	for range 10 {
		page, err := store.ListVenues(bg, db.R, afterName, afterID, 2)
		must(t, err)
		for _, v := range page {
			got = append(got, v.ID)
			if v.ID == "v4" && (len(v.Rooms) != 1 || v.Rooms[0].ID != "r1") {
				t.Errorf("venue v4 lists rooms %+v", v.Rooms)
			}
		}
		if len(page) < 2 {
			break
		}
		afterName, afterID = page[len(page)-1].Name, page[len(page)-1].ID
	}
	if want := []string{"v2", "v5", "v4", "v1", "v3"}; !slices.Equal(got, want) {
		t.Errorf("venues %v, want %v", got, want)
	}
}

func second[T any](_ T, err error) error { return err }
