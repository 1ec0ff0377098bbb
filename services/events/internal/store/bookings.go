package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"plein.dev/events/internal/domain"
)

// RoomSchedule returns the draft, published and completed events of a room
// that overlap [from, to), in order.
func RoomSchedule(ctx context.Context, q Queryer, roomID string, from, to time.Time) ([]domain.Booking, error) {
	return roomBookings(ctx, q, roomID, from, to, "", `'draft', 'published', 'completed'`)
}

// RoomBookings returns the live (draft or published) bookings of a room that
// come within reach of [from, to), excluding one event (the one being
// changed) if excludeID is set.
func RoomBookings(ctx context.Context, q Queryer, roomID string, from, to time.Time, excludeID string) ([]domain.Booking, error) {
	return roomBookings(ctx, q, roomID, from, to, excludeID, `'draft', 'published'`)
}

func roomBookings(ctx context.Context, q Queryer, roomID string, from, to time.Time, excludeID, statuses string) ([]domain.Booking, error) {
	query, args := bookingsQuery(roomID, from, to, excludeID, statuses)
	var rows []struct {
		ID         string `db:"id"`
		Title      string `db:"title"`
		StartsAt   int64  `db:"starts_at"`
		EndsAt     int64  `db:"ends_at"`
		Status     string `db:"status"`
		Visibility string `db:"visibility"`
		Owners     string `db:"owners"`
	}
	if err := q.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("room %s bookings: %w", roomID, err)
	}
	out := make([]domain.Booking, 0, len(rows))
	for _, r := range rows {
		b := domain.Booking{EventID: r.ID, Title: r.Title, StartsAt: unix(r.StartsAt),
			EndsAt: unix(r.EndsAt), Status: domain.Status(r.Status), Visibility: domain.Visibility(r.Visibility)}
		if err := json.Unmarshal([]byte(r.Owners), &b.Owners); err != nil {
			return nil, fmt.Errorf("room %s booking %s owners: %w", roomID, r.ID, err)
		}
		out = append(out, b)
	}
	return out, nil
}

// bookingsQuery is the SELECT of roomBookings and its arguments. A booking
// overlapping [from, to) starts before to, and after from less the longest
// booking the room has (an index lookup; the domain keeps new events within
// domain.MaxDuration): so the index events_room is read between two bounds,
// only near the span, however long the room's history.
func bookingsQuery(roomID string, from, to time.Time, excludeID, statuses string) (string, []any) {
	query := `SELECT e.id, e.title, e.starts_at, e.ends_at, e.status, e.visibility, ` + ownersOfE + ` AS owners FROM events e
		WHERE room_id = ? AND status IN (` + statuses + `) AND id != ?
		AND starts_at < ? AND ends_at > ?
		AND starts_at >= ? - (SELECT coalesce(max(ends_at - starts_at), 0) FROM events WHERE room_id = ?)
		ORDER BY starts_at, id`
	return query, []any{roomID, excludeID, to.Unix(), from.Unix(), from.Unix(), roomID}
}
