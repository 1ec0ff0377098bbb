package app

import (
	"context"
	"fmt"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/platform/page"
	"plein.dev/platform/sqlite"
)

// CreateVenue stores a new venue, without rooms. Organisers only.
func (a *App) CreateVenue(ctx context.Context, v domain.Venue) (domain.Venue, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Venue{}, err
	}
	v.ID = newID()
	v.CreatedAt = a.now().UTC()
	v.Rooms = nil
	if err := a.db.InTx(ctx, func(tx sqlite.Tx) error { return store.InsertVenue(ctx, tx, v) }); err != nil {
		return domain.Venue{}, fmt.Errorf("create venue: %w", err)
	}
	return v, nil
}

// VenueChange is an edit of a venue; nil fields stay as they are.
type VenueChange struct {
	Name, Address, City *string
}

// UpdateVenue changes a venue's name, address or city. Organisers only.
func (a *App) UpdateVenue(ctx context.Context, id string, c VenueChange) (domain.Venue, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Venue{}, err
	}
	var out domain.Venue
	err := a.db.InTx(ctx, func(tx sqlite.Tx) error {
		v, err := store.GetVenue(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, f := range []struct{ dst, src *string }{{&v.Name, c.Name}, {&v.Address, c.Address}, {&v.City, c.City}} {
			if f.src != nil {
				*f.dst = *f.src
			}
		}
		out = v
		return store.UpdateVenue(ctx, tx, v)
	})
	if err != nil {
		return domain.Venue{}, fmt.Errorf("update venue %s: %w", id, err)
	}
	return out, nil
}

// GetVenue returns a venue with its rooms. Anyone may.
func (a *App) GetVenue(ctx context.Context, id string) (domain.Venue, error) {
	return store.GetVenue(ctx, a.db.R, id)
}

// VenueCursor is a venue's position in the list, as page tokens carry it.
type VenueCursor struct {
	Name string `json:"n"`
	ID   string `json:"i"`
}

// ListVenues returns one page of the venues by name, and the next page's
// token. Anyone may.
func (a *App) ListVenues(ctx context.Context, r page.Request[VenueCursor]) ([]domain.Venue, string, error) {
	venues, err := store.ListVenues(ctx, a.db.R, r.After.Name, r.After.ID, r.Limit())
	if err != nil {
		return nil, "", err
	}
	return page.Cut(r, venues, func(v domain.Venue) VenueCursor { return VenueCursor{Name: v.Name, ID: v.ID} })
}

// CreateRoom adds a room to a venue. Organisers only.
func (a *App) CreateRoom(ctx context.Context, r domain.Room) (domain.Room, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Room{}, err
	}
	r.ID = newID()
	if err := r.Validate(); err != nil {
		return domain.Room{}, err
	}
	if err := a.db.InTx(ctx, func(tx sqlite.Tx) error { return store.InsertRoom(ctx, tx, r) }); err != nil {
		return domain.Room{}, fmt.Errorf("create room: %w", err)
	}
	return r, nil
}

// RoomChange is an edit of a room; nil fields stay as they are.
type RoomChange struct {
	Name          *string
	Capacity      *int
	SetupMinutes  *int
	Facilities    *[]string
	BookableHours *[]domain.BookableHours
	Blackouts     *[]domain.Blackout
}

// UpdateRoom changes a room. Existing bookings stay as they are; the new
// rules apply to bookings made or moved from now on. Organisers only.
func (a *App) UpdateRoom(ctx context.Context, id string, c RoomChange) (domain.Room, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Room{}, err
	}
	var out domain.Room
	err := a.db.InTx(ctx, func(tx sqlite.Tx) error {
		r, err := store.GetRoom(ctx, tx, id)
		if err != nil {
			return err
		}
		if c.Name != nil {
			r.Name = *c.Name
		}
		if c.Capacity != nil {
			r.Capacity = *c.Capacity
		}
		if c.SetupMinutes != nil {
			r.SetupMinutes = *c.SetupMinutes
		}
		if c.Facilities != nil {
			r.Facilities = *c.Facilities
		}
		if c.BookableHours != nil {
			r.BookableHours = *c.BookableHours
		}
		if c.Blackouts != nil {
			r.Blackouts = *c.Blackouts
		}
		if err := r.Validate(); err != nil {
			return err
		}
		out = r
		return store.UpdateRoom(ctx, tx, r)
	})
	if err != nil {
		return domain.Room{}, fmt.Errorf("update room %s: %w", id, err)
	}
	return out, nil
}
