package app

import (
	"context"
	"fmt"
	"strings"

	"plein.dev/ambassadors/internal/bus"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// ErasePerson clears, within tx, the e-mail address of every ambassador
// appointed with address, for an erasure request (platform/erasure), and
// announces each as updated, so that no e-mail reaches them any more. An
// ambassador's name and profile are the programme's public record and
// stay. The ideas submitted with the address lose the submitter's name,
// address and KvK number (eraseIdeas). It returns how many ambassadors and
// ideas it changed.
func (s *App) ErasePerson(ctx context.Context, tx sqlite.Tx, address string) (int, error) {
	ideas, err := s.eraseIdeas(ctx, tx, address)
	if err != nil {
		return 0, err
	}
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
	return len(ids) + ideas, nil
}

// eraseIdeas anonymises, within tx, every idea submitted with address
// (name, address and KvK number emptied; title, description and triage
// stay as the programme's record) and deletes the submitter's data key,
// from the bus first, so that the personal fields of the ideas' messages
// in the stream no longer open. Nothing is announced: there is nobody
// left to tell. It returns how many ideas it anonymised.
func (s *App) eraseIdeas(ctx context.Context, tx sqlite.Tx, address string) (int, error) {
	address = strings.TrimSpace(address)
	list, err := store.IdeasByEmail(ctx, tx, address)
	if err != nil {
		return 0, err
	}
	now := s.stamp()
	for _, i := range list {
		if err := store.AnonymiseIdea(ctx, tx, i.ID, now); err != nil {
			return 0, err
		}
	}
	if err := s.forgetKey(ctx, tx, address); err != nil {
		return 0, fmt.Errorf("erase ideas: %w", err)
	}
	return len(list), nil
}
