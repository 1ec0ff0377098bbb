package app

import (
	"context"
	"fmt"

	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/render"
	"plein.dev/registrations/internal/store"
)

// Calendar returns the calendar file of a registration's event, for an
// organiser or the registration's token holder.
func (a *App) Calendar(ctx context.Context, id, token string) ([]byte, error) {
	reg, err := a.Get(ctx, id, token)
	if err != nil {
		return nil, err
	}
	ev, err := store.GetEvent(ctx, a.db.R, reg.EventID)
	if err != nil {
		return nil, fmt.Errorf("calendar of %s: %w", id, err)
	}
	earlier, err := store.EarlierVersions(ctx, a.db.R, reg)
	if err != nil {
		return nil, fmt.Errorf("calendar of %s: %w", id, err)
	}
	return render.Calendar(reg, ev, calendarSequence(ev, reg, earlier), a.now()), nil
}

// calendarSequenceIn is the SEQUENCE of reg's calendar file, read within
// q (the transaction of a change, for the message announcing it).
func (a *App) calendarSequenceIn(ctx context.Context, q store.Queryer, reg domain.Registration, ev domain.Event) (int, error) {
	earlier, err := store.EarlierVersions(ctx, q, reg)
	if err != nil {
		return 0, fmt.Errorf("calendar sequence of %s: %w", reg.ID, err)
	}
	return calendarSequence(ev, reg, earlier), nil
}

// calendarSequence is the SEQUENCE of a registration's calendar file.
//
// A calendar program takes a file over an entry with the same UID only if
// its SEQUENCE is higher than the one it holds (RFC 5546, 2.1.4). The UID
// is the event's: the same for every registration of the address for the
// event. So the SEQUENCE is a sum of counters that never go down, at least
// one of which grows with every change the file shows:
//
//   - the event's version in the events service: its time, place, title,
//     description and status (cancelled), raised by every change;
//   - the registration's version: waitlisted, promoted, cancelled (and,
//     harmlessly, rescheduled or checked in);
//   - the versions of the address's earlier registrations for the event,
//     all cancelled and frozen: registering again after cancelling gives a
//     file that outranks the cancellation's, and the old registration's
//     file stays below the new one's.
//
// Each of the two reads (registration, event) carries its own version with
// its content, so a file never pairs old content with a newer SEQUENCE.
func calendarSequence(ev domain.Event, reg domain.Registration, earlier int64) int {
	return int(ev.Version + reg.Version + earlier)
}
