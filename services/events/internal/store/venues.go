package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"plein.dev/events/internal/domain"
)

type roomRow struct {
	ID           string `db:"id"`
	VenueID      string `db:"venue_id"`
	Name         string `db:"name"`
	Capacity     int    `db:"capacity"`
	SetupMinutes int    `db:"setup_minutes"`
	Facilities   string `db:"facilities"`
	Hours        string `db:"bookable_hours"`
	Blackouts    string `db:"blackouts"`
}

const roomColumns = `id, venue_id, name, capacity, setup_minutes, facilities, bookable_hours, blackouts`

func (r roomRow) toDomain() (domain.Room, error) {
	room := domain.Room{ID: r.ID, VenueID: r.VenueID, Name: r.Name, Capacity: r.Capacity, SetupMinutes: r.SetupMinutes}
	if err := json.Unmarshal([]byte(r.Facilities), &room.Facilities); err != nil {
		return domain.Room{}, fmt.Errorf("room %s facilities: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Hours), &room.BookableHours); err != nil {
		return domain.Room{}, fmt.Errorf("room %s bookable hours: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Blackouts), &room.Blackouts); err != nil {
		return domain.Room{}, fmt.Errorf("room %s blackouts: %w", r.ID, err)
	}
	return room, nil
}

// InsertVenue stores a new venue.
func InsertVenue(ctx context.Context, tx *sqlx.Tx, v domain.Venue) error {
	const query = `INSERT INTO venues (id, name, address, city, created_at) VALUES (?, ?, ?, ?, ?)`
	if _, err := tx.ExecContext(ctx, query, v.ID, v.Name, v.Address, v.City, v.CreatedAt.Unix()); err != nil {
		return insertErr("venue", v.ID, err)
	}
	return nil
}

// InsertRoom stores a new room of an existing venue (ErrNotFound if the
// venue is unknown).
func InsertRoom(ctx context.Context, tx *sqlx.Tx, r domain.Room) error {
	if _, err := GetVenue(ctx, tx, r.VenueID); err != nil {
		return err
	}
	const query = `INSERT INTO rooms (` + roomColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	if _, err := tx.ExecContext(ctx, query, r.ID, r.VenueID, r.Name, r.Capacity, r.SetupMinutes, jsonList(r.Facilities),
		jsonValue(r.BookableHours), jsonValue(r.Blackouts)); err != nil {
		return insertErr("room", r.ID, err)
	}
	return nil
}

// UpdateRoom stores a changed room (its venue stays).
func UpdateRoom(ctx context.Context, tx *sqlx.Tx, r domain.Room) error {
	const query = `UPDATE rooms SET name = ?, capacity = ?, setup_minutes = ?, facilities = ?,
		bookable_hours = ?, blackouts = ? WHERE id = ?`
	res, err := tx.ExecContext(ctx, query, r.Name, r.Capacity, r.SetupMinutes, jsonList(r.Facilities),
		jsonValue(r.BookableHours), jsonValue(r.Blackouts), r.ID)
	if err != nil {
		return fmt.Errorf("update room %s: %w", r.ID, err)
	}
	return updated(res, "room", r.ID)
}

// UpdateVenue stores a venue's changed details.
func UpdateVenue(ctx context.Context, tx *sqlx.Tx, v domain.Venue) error {
	const query = `UPDATE venues SET name = ?, address = ?, city = ? WHERE id = ?`
	res, err := tx.ExecContext(ctx, query, v.Name, v.Address, v.City, v.ID)
	if err != nil {
		return fmt.Errorf("update venue %s: %w", v.ID, err)
	}
	return updated(res, "venue", v.ID)
}

// GetVenue returns a venue with its rooms.
func GetVenue(ctx context.Context, q Queryer, id string) (domain.Venue, error) {
	const query = `SELECT id, name, address, city FROM venues WHERE id = ?`
	var v domain.Venue
	var row struct {
		ID      string `db:"id"`
		Name    string `db:"name"`
		Address string `db:"address"`
		City    string `db:"city"`
	}
	if err := q.GetContext(ctx, &row, query, id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return v, fmt.Errorf("venue %s: %w", id, domain.ErrNotFound)
		}
		return v, fmt.Errorf("get venue %s: %w", id, err)
	}
	v = domain.Venue{ID: row.ID, Name: row.Name, Address: row.Address, City: row.City}
	rooms, err := venueRooms(ctx, q, []string{id})
	if err != nil {
		return v, err
	}
	v.Rooms = rooms[id]
	return v, nil
}

// ListVenues returns venues with their rooms by name, keyset-paged on
// (name, id): at most limit of them after (afterName, afterID); ("", "")
// is before the first.
func ListVenues(ctx context.Context, q Queryer, afterName, afterID string, limit int) ([]domain.Venue, error) {
	const query = `SELECT id, name, address, city FROM venues WHERE (name, id) > (?, ?) ORDER BY name, id LIMIT ?`
	var rows []struct {
		ID      string `db:"id"`
		Name    string `db:"name"`
		Address string `db:"address"`
		City    string `db:"city"`
	}
	if err := q.SelectContext(ctx, &rows, query, afterName, afterID, limit); err != nil {
		return nil, fmt.Errorf("list venues: %w", err)
	}
	ids := make([]string, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	rooms, err := venueRooms(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	out := make([]domain.Venue, 0, len(rows))
	for _, r := range rows {
		out = append(out, domain.Venue{ID: r.ID, Name: r.Name, Address: r.Address, City: r.City, Rooms: rooms[r.ID]})
	}
	return out, nil
}

func venueRooms(ctx context.Context, q Queryer, venueIDs []string) (map[string][]domain.Room, error) {
	out := make(map[string][]domain.Room, len(venueIDs))
	if len(venueIDs) == 0 {
		return out, nil
	}
	query, args, err := sqlx.In(`SELECT `+roomColumns+` FROM rooms WHERE venue_id IN (?) ORDER BY name, id`, venueIDs)
	if err != nil {
		return nil, fmt.Errorf("rooms of venues: %w", err)
	}
	var rows []roomRow
	if err := q.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("rooms of venues: %w", err)
	}
	for _, r := range rows {
		room, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out[r.VenueID] = append(out[r.VenueID], room)
	}
	return out, nil
}

// GetRoom returns one room.
func GetRoom(ctx context.Context, q Queryer, id string) (domain.Room, error) {
	const query = `SELECT ` + roomColumns + ` FROM rooms WHERE id = ?`
	var r roomRow
	if err := q.GetContext(ctx, &r, query, id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Room{}, fmt.Errorf("room %s: %w", id, domain.ErrNotFound)
		}
		return domain.Room{}, fmt.Errorf("get room %s: %w", id, err)
	}
	return r.toDomain()
}
