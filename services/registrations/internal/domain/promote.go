package domain

import (
	"fmt"
	"time"

	"plein.dev/platform/rule"
)

// Promote confirms a waitlisted registration ahead of its turn, as an
// organiser chooses: while its event is published and has not ended, and
// only into a free seat, so that never more are confirmed than the
// capacity. (Seats free up for the first in line by themselves; a free
// seat beside a waiting list is left where that stopped, e.g. once the
// event started, and is the organiser's to give.)
func (r *Registration) Promote(ev Event, seats Seats, now time.Time) error {
	if r.Status != StatusWaitlisted {
		return brokenField("status", "only a waitlisted registration can be promoted; this one is "+string(r.Status))
	}
	switch {
	case ev.Status != EventPublished:
		return rule.Broken("the event is " + ev.Status + ", not published")
	case !now.Before(ev.EndsAt):
		return rule.Broken("the event has ended")
	case seats.Free() == 0:
		return rule.TakenField("seats", fmt.Sprintf("no seat is free: %d of %d seats are taken", seats.Confirmed, seats.Capacity))
	}
	at := now.UTC()
	r.Status = StatusConfirmed
	r.ConfirmedAt = &at
	r.WaitlistPosition = 0
	r.Version++
	return nil
}
