package app

import (
	"context"
	"fmt"

	"plein.dev/ambassadors/internal/bus"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/page"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// ReviewActivity records the decision of an organiser managing the
// activity's programme: approve,
// or return it to the ambassador with a comment. Reports count approved
// activities; an ambassador's later change puts it back to pending.
func (s *App) ReviewActivity(ctx context.Context, id, decision, comment string) (domain.Activity, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Activity{}, err
	}
	var out domain.Activity
	err := s.db.InTx(ctx, func(tx sqlite.Tx) error {
		x, a, _, err := s.ownActivity(ctx, tx, callerOf(ctx), id)
		if err != nil {
			return err
		}
		if !callerOf(ctx).manages(a.ProgrammeOwners) {
			// The ambassador themself, who is also an organiser elsewhere.
			return fmt.Errorf("activity %s: %w", id, domain.ErrNotFound)
		}
		if err != nil {
			return err
		}
		prev := x.Version
		if err := x.Review(decision, comment); err != nil {
			return err
		}
		now := s.stamp()
		x.Touch(now)
		if err := store.UpdateActivity(ctx, tx, x, prev); err != nil {
			return err
		}
		out = x
		msg, err := bus.ActivityChanged(subject.ActivityReviewed, x, now)
		return s.publish(ctx, tx, msg, err)
	})
	if err != nil {
		return domain.Activity{}, fmt.Errorf("review activity %s: %w", id, err)
	}
	return out, nil
}

// ProgrammeActivityCursor is the position in a programme's list of
// activities, oldest first: by date, then id.
type ProgrammeActivityCursor struct {
	OccurredOn domain.Date `json:"o"`
	ID         string      `json:"i"`
}

// ListProgrammeActivities returns a page of a programme's activities
// across its ambassadors, oldest first, with the given review status (all
// when empty): with pending, the organisers' review queue.
func (s *App) ListProgrammeActivities(ctx context.Context, programmeID string, st domain.ReviewStatus, r page.Request[ProgrammeActivityCursor]) ([]domain.Activity, string, error) {
	if err := requireOrganiser(ctx); err != nil {
		return nil, "", err
	}
	if _, err := managedProgramme(ctx, s.db.R, callerOf(ctx), programmeID); err != nil {
		return nil, "", err
	}
	list, err := store.ProgrammeReviewList(ctx, s.db.R, store.ReviewFilter{ProgrammeID: programmeID, Status: st,
		AfterOn: r.After.OccurredOn, AfterID: r.After.ID, Limit: r.Limit()})
	if err != nil {
		return nil, "", err
	}
	return page.Cut(r, list, func(x domain.Activity) ProgrammeActivityCursor {
		return ProgrammeActivityCursor{x.OccurredOn, x.ID}
	})
}
