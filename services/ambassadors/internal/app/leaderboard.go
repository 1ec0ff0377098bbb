package app

import (
	"context"
	"fmt"

	"plein.dev/ambassadors/internal/bus"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/identity"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// SetLeaderboardOptOut keeps the ambassador off (or puts them back on) the
// programme's leaderboard. The ambassador themself or an organiser may;
// it is a privacy choice, so it is allowed in a closed programme too.
func (s *App) SetLeaderboardOptOut(ctx context.Context, id string, optOut bool) (domain.Ambassador, error) {
	if err := identity.Require(ctx); err != nil {
		return domain.Ambassador{}, err
	}
	var out domain.Ambassador
	err := s.db.InTx(ctx, func(tx sqlite.Tx) error {
		a, err := ownAmbassador(ctx, tx, callerOf(ctx), id)
		if err != nil {
			return err
		}
		a.Status = a.StatusOn(s.Today())
		if a.LeaderboardOptOut == optOut {
			out = a
			return nil
		}
		prev := a.Version
		a.LeaderboardOptOut = optOut
		now := s.stamp()
		a.Touch(now)
		if err := store.UpdateAmbassador(ctx, tx, a, prev); err != nil {
			return err
		}
		out = a
		msg, err := bus.AmbassadorChanged(subject.AmbassadorUpdated, a, s.keys, now)
		return s.publish(ctx, tx, msg, err)
	})
	if err != nil {
		return domain.Ambassador{}, fmt.Errorf("leaderboard opt-out of %s: %w", id, err)
	}
	return out, nil
}
