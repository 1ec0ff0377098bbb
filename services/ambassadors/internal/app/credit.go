package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"plein.dev/ambassadors/internal/bus"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/zone"
	"plein.dev/proto/subject"
)

// ApplyEventCompleted gives every host of a completed event an event-hosted
// activity, within the inbox transaction tx: dated on the event's first day
// in Amsterdam, lasting the event (at most a day), on those of the event's
// themes that are the programme's, with the attendance if the summary came
// first. It is credited once per host and event: a host who has an
// activity about the event already (logged by hand, or credited by an
// earlier message) keeps it, with its attendance filled in. The activity
// starts approved: it rests on the events service's record, not on the
// ambassador's word. Hosts the service does not know, of a closed programme,
// or whose term does not cover the event's day are skipped.
//
// An event of a programme is also kept with its day (completed_events), so
// that the programme's report counts the companies it reached.
func (s *App) ApplyEventCompleted(ctx context.Context, tx sqlite.Tx, e domain.HostedEvent) error {
	if e.ProgrammeID != "" {
		held := domain.DateOf(e.StartsAt, zone.Amsterdam)
		if err := store.PutCompletedEvent(ctx, tx, e.EventID, e.ProgrammeID, held, e.Version); err != nil {
			return err
		}
	}
	att, known, err := store.GetAttendance(ctx, tx, e.EventID)
	if err != nil {
		return err
	}
	existing, err := store.EventActivities(ctx, tx, e.EventID)
	if err != nil {
		return err
	}
	seen := make(map[string]bool)
	for _, hostID := range e.HostIDs {
		if seen[hostID] {
			continue
		}
		seen[hostID] = true
		if err := s.creditHost(ctx, tx, e, hostID, existing, att, known); err != nil {
			return fmt.Errorf("credit host %s of event %s: %w", hostID, e.EventID, err)
		}
	}
	return nil
}

func (s *App) creditHost(ctx context.Context, tx sqlite.Tx, e domain.HostedEvent, hostID string,
	existing []domain.Activity, att domain.EventAttendance, known bool) error {
	for _, x := range existing {
		if x.AmbassadorID == hostID {
			if !known {
				return nil
			}
			return s.fillAttendance(ctx, tx, x, att.CheckedIn)
		}
	}
	a, err := store.GetAmbassador(ctx, tx, hostID)
	if errors.Is(err, domain.ErrNotFound) {
		s.log.Warn("host of a completed event is no ambassador here; not credited", "event", e.EventID, "ambassador", hostID)
		return nil
	}
	if err != nil {
		return err
	}
	p, err := store.GetProgramme(ctx, tx, a.ProgrammeID)
	if err != nil {
		return err
	}
	on := domain.DateOf(e.StartsAt, zone.Amsterdam)
	if p.Status == domain.ProgrammeClosed || !a.InTerm(on) {
		s.log.Info("hosted event outside the ambassador's term or programme; not credited", "event", e.EventID, "ambassador", hostID)
		return nil
	}
	minutes := int(e.EndsAt.Sub(e.StartsAt) / time.Minute)
	minutes = min(max(minutes, 0), domain.MaxDurationMinutes)
	themes, areas := common(e.Themes, p.Themes), common(e.Areas, p.Areas)
	now := s.stamp()
	x := domain.Activity{
		ID:              newID(),
		AmbassadorID:    a.ID,
		ProgrammeID:     p.ID,
		Kind:            domain.KindEventHosted,
		OccurredOn:      on,
		DurationMinutes: minutes,
		Summary:         e.Title,
		Themes:          themes,
		Areas:           areas,
		Organisations:   []string{},
		EventID:         e.EventID,
		ReviewStatus:    domain.ReviewApproved,
		Credited:        true,
		CreatedAt:       now,
		UpdatedAt:       now,
		Version:         1,
	}
	if x.Summary == "" {
		x.Summary = "Evenement " + e.EventID
	}
	if known {
		x.Attendance, x.EntrepreneursReached = att.CheckedIn, att.CheckedIn
	}
	if err := store.InsertActivity(ctx, tx, x); err != nil {
		return err
	}
	msg, err := bus.ActivityChanged(subject.ActivityLogged, x, now)
	return s.publish(ctx, tx, msg, err)
}

// common returns those of xs that are in of, spelled as of spells them.
func common(xs, of []string) []string {
	var out []string
	for _, x := range xs {
		for _, o := range of {
			if equalFold(x, o) {
				out = append(out, o)
			}
		}
	}
	return out
}

// ApplyAttendance keeps an event's attendance summary (a newer version
// replaces an older one) and fills it into the activities about the event:
// attendance always; entrepreneurs reached only on credited activities,
// where the ambassador did not give a number themself.
func (s *App) ApplyAttendance(ctx context.Context, tx sqlite.Tx, a domain.EventAttendance) error {
	applied, err := store.PutAttendance(ctx, tx, a, s.stamp().Unix())
	if err != nil || !applied {
		return err
	}
	acts, err := store.EventActivities(ctx, tx, a.EventID)
	if err != nil {
		return err
	}
	for _, x := range acts {
		if err := s.fillAttendance(ctx, tx, x, a.CheckedIn); err != nil {
			return err
		}
	}
	return nil
}

func (s *App) fillAttendance(ctx context.Context, tx sqlite.Tx, x domain.Activity, checkedIn int) error {
	if x.Attendance == checkedIn && (!x.Credited || x.EntrepreneursReached == checkedIn) {
		return nil
	}
	prev := x.Version
	x.Attendance = checkedIn
	if x.Credited {
		x.EntrepreneursReached = checkedIn
	}
	now := s.stamp()
	x.Touch(now)
	if err := store.UpdateActivity(ctx, tx, x, prev); err != nil {
		return err
	}
	msg, err := bus.ActivityChanged(subject.ActivityUpdated, x, now)
	return s.publish(ctx, tx, msg, err)
}
