package app

import (
	"context"
	"fmt"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/identity"
)

// PersonAmbassadors returns the ambassadors of an e-mail address (one per
// programme) with their status of today, and every activity they logged,
// for the person it concerns; administrators only.
func (s *App) PersonAmbassadors(ctx context.Context, email string) ([]domain.Ambassador, []domain.Activity, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return nil, nil, err
	}
	ambs, err := store.AmbassadorsByEmail(ctx, s.db.R, email)
	if err != nil {
		return nil, nil, err
	}
	acts := []domain.Activity{}
	for i, a := range ambs {
		ambs[i].Status = a.StatusOn(s.Today())
		xs, err := store.AmbassadorActivities(ctx, s.db.R, a.ID)
		if err != nil {
			return nil, nil, fmt.Errorf("export person: %w", err)
		}
		acts = append(acts, xs...)
	}
	return ambs, acts, nil
}
