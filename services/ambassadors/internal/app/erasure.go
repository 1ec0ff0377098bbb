package app

import (
	"context"
	"fmt"

	"plein.dev/ambassadors/internal/bus"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// ErasePerson clears, within tx, the e-mail address of every ambassador
// appointed with address, for an erasure request (platform/erasure), and
// announces each as updated, so that no e-mail reaches them any more. An
// ambassador's name and profile are the programme's public record and
// stay. It returns how many ambassadors it changed.
func (s *App) ErasePerson(ctx context.Context, tx sqlite.Tx, address string) (int, error) {
	ids, err := store.AmbassadorsWithEmail(ctx, tx, address)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		a, err := store.GetAmbassador(ctx, tx, id)
		if err != nil {
			return 0, err
		}
		prev := a.Version
		a.Email = ""
		now := s.stamp()
		a.Touch(now)
		if err := store.UpdateAmbassador(ctx, tx, a, prev); err != nil {
			return 0, fmt.Errorf("erase ambassador %s: %w", id, err)
		}
		a.Status = a.StatusOn(s.Today())
		msg, err := bus.AmbassadorChanged(subject.AmbassadorUpdated, a, s.keys, now)
		if err := s.publish(ctx, tx, msg, err); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}
