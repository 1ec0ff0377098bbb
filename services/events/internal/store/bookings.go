package store

import (
	"context"
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
		ID       string `db:"id"`
		Title    string `db:"title"`
		StartsAt int64  `db:"starts_at"`
		EndsAt   int64  `db:"ends_at"`
		Status   string `db:"status"`
	}
	if err := q.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("room %s bookings: %w", roomID, err)
	}
	out := make([]domain.Booking, 0, len(rows))
	for _, r := range rows {
		out = append(out, domain.Booking{EventID: r.ID, Title: r.Title, StartsAt: unix(r.StartsAt),
			EndsAt: unix(r.EndsAt), Status: domain.Status(r.Status)})
	}
	return out, nil
}

// bookingsQuery is the SELECT of roomBookings and its arguments. A booking
// overlapping [from, to) starts before to, and after from less the longest
// booking the room has (an index lookup; the domain keeps new events within
// domain.MaxDuration): so the index events_room is read between two bounds,
// only near the span, however long the room's history.
func bookingsQuery(roomID string, from, to time.Time, excludeID, statuses string) (string, []any) {
	query := `SELECT id, title, starts_at, ends_at, status FROM events
		WHERE room_id = ? AND status IN (` + statuses + `) AND id != ?
		AND starts_at < ? AND ends_at > ?
		AND starts_at >= ? - (SELECT coalesce(max(ends_at - starts_at), 0) FROM events WHERE room_id = ?)
		ORDER BY starts_at, id`
	return query, []any{roomID, excludeID, to.Unix(), from.Unix(), from.Unix(), roomID}
}
