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
	query := `SELECT id, title, starts_at, ends_at, status FROM events
		WHERE room_id = ? AND status IN (` + statuses + `) AND id != ?
		AND starts_at < ? AND ends_at > ? ORDER BY starts_at, id`
	var rows []struct {
		ID       string `db:"id"`
		Title    string `db:"title"`
		StartsAt int64  `db:"starts_at"`
		EndsAt   int64  `db:"ends_at"`
		Status   string `db:"status"`
	}
	if err := q.SelectContext(ctx, &rows, query, roomID, excludeID, to.Unix(), from.Unix()); err != nil {
		return nil, fmt.Errorf("room %s bookings: %w", roomID, err)
	}
	out := make([]domain.Booking, 0, len(rows))
	for _, r := range rows {
		out = append(out, domain.Booking{EventID: r.ID, Title: r.Title, StartsAt: unix(r.StartsAt),
			EndsAt: unix(r.EndsAt), Status: domain.Status(r.Status)})
	}
	return out, nil
}
