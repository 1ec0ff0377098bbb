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
	"plein.dev/proto/subject"
)

// Sweep does what the calendar decides: it closes the programmes whose
// last day has passed, announces ambassador.term-ended for every ambassador
// who became alumni (term passed or programme closed), and announces
// ambassador.behind-target for ambassadors behind on a target (at most once
// a calendar month each). Every step is idempotent; Sweep is the round of
// the service's sweep loop, run at start and then periodically.
func (s *App) Sweep(ctx context.Context) error {
	today := s.Today()
	programmes, err := store.ActiveProgrammes(ctx, s.db.R)
	if err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	var errs []error
	for _, p := range programmes {
		if !p.EndsOn.Before(today) {
			continue
		}
		if err := s.closeEnded(ctx, p.ID, today); err != nil {
			errs = append(errs, err)
		}
	}
	if err := s.db.InTx(ctx, func(tx sqlite.Tx) error { return s.announceAlumni(ctx, tx, s.stamp()) }); err != nil {
		errs = append(errs, fmt.Errorf("announce alumni: %w", err))
	}
	if err := s.signalBehind(ctx, today); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// closeEnded closes a programme whose last day passed, announcing it as
// closed (with its ambassadors' term-ended) in one transaction.
func (s *App) closeEnded(ctx context.Context, id string, today domain.Date) error {
	err := s.db.InTx(ctx, func(tx sqlite.Tx) error {
		p, err := store.GetProgramme(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Status == domain.ProgrammeClosed || !p.EndsOn.Before(today) {
			return nil // closed or extended meanwhile
		}
		prev := p.Version
		if err := p.Close(); err != nil {
			return err
		}
		now := s.stamp()
		p.Touch(now)
		if err := store.UpdateProgramme(ctx, tx, p, prev); err != nil {
			return err
		}
		msg, err := bus.ProgrammeChanged(subject.ProgrammeClosed, p, now)
		if err := s.publish(ctx, tx, msg, err); err != nil {
			return err
		}
		return s.announceAlumni(ctx, tx, now)
	})
	if err != nil {
		return fmt.Errorf("close programme %s at its end: %w", id, err)
	}
	s.log.Info("programme closed at the end of its period", "programme", id)
	return nil
}

// announceAlumni announces ambassador.term-ended for every ambassador who
// is alumni today and was not announced yet.
func (s *App) announceAlumni(ctx context.Context, tx sqlite.Tx, now time.Time) error {
	today := s.Today()
	list, err := store.TermEndedUnannounced(ctx, tx, today)
	if err != nil {
		return err
	}
	for _, a := range list {
		prev := a.Version
		a.TermEndedAnnounced = true
		a.Touch(now)
		if err := store.UpdateAmbassador(ctx, tx, a, prev); err != nil {
			return err
		}
		a.Status = a.StatusOn(today)
		msg, err := bus.AmbassadorChanged(subject.AmbassadorTermEnded, a, s.keys, now)
		if err := s.publish(ctx, tx, msg, err); err != nil {
			return err
		}
	}
	return nil
}

// signalBehind announces, once a calendar month, every active ambassador of
// an active programme who is behind on one of its ambassador targets.
func (s *App) signalBehind(ctx context.Context, today domain.Date) error {
	programmes, err := store.ActiveProgrammes(ctx, s.db.R)
	if err != nil {
		return fmt.Errorf("behind-target: %w", err)
	}
	var errs []error
	for _, p := range programmes {
		hasTargets := false
		for _, t := range p.Targets {
			hasTargets = hasTargets || t.Scope == domain.ScopeAmbassador
		}
		if !hasTargets {
			continue
		}
		people, err := store.ProgrammeAmbassadors(ctx, s.db.R, p.ID)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, a := range people {
			if a.StatusOn(today) != domain.AmbassadorActive {
				continue
			}
			if err := s.signalIfBehind(ctx, p, a, today); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// signalIfBehind measures on the read pool and takes the writer only for
// an ambassador who is behind, so the sweep does not queue a write per
// ambassador.
func (s *App) signalIfBehind(ctx context.Context, p domain.Programme, a domain.Ambassador, today domain.Date) error {
	acts, err := store.AmbassadorActivities(ctx, s.db.R, a.ID)
	if err != nil {
		return fmt.Errorf("behind-target of %s: %w", a.ID, err)
	}
	var behind []domain.TargetProgress
	for _, tp := range domain.AmbassadorProgress(&p, &a, today, acts) {
		if tp.State == domain.StateBehind {
			behind = append(behind, tp)
		}
	}
	if len(behind) == 0 {
		return nil
	}
	err = s.db.InTx(ctx, func(tx sqlite.Tx) error {
		now := s.stamp()
		first, err := store.RecordBehindSignal(ctx, tx, a.ID, today.Month(), now)
		if err != nil || !first {
			return err
		}
		a.Status = a.StatusOn(today)
		msg, err := bus.BehindTarget(a, s.keys, p.Name, today, behind, now)
		return s.publish(ctx, tx, msg, err)
	})
	if err != nil {
		return fmt.Errorf("behind-target of %s: %w", a.ID, err)
	}
	return nil
}
