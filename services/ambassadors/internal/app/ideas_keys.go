package app

import (
	"context"
	"errors"
	"fmt"

	"plein.dev/ambassadors/internal/bus"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/shred"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// ShredKeysWith makes the app delete a person's data key from the bus
// with shred (shred.Shred on this service's stream) when the person is
// erased or their last idea anonymised; it returns s.
func (s *App) ShredKeysWith(shred func(ctx context.Context, keyID string) error) *App {
	s.shred = shred
	return s
}

// personKey returns the data key the personal fields of a message about
// an idea of email are sealed with, adding within tx the key's message
// (plein.ambassadors.person-key.<id>, sealed with PLEIN_SEAL_KEY) to the
// outbox when the key is new or its last message older than
// shred.RepublishAfter. An anonymised idea (no address) has no key.
func (s *App) personKey(ctx context.Context, tx sqlite.Tx, email string) (shred.Key, error) {
	return shred.CurrentKey(ctx, tx, bus.Service, email, s.keys, s.now().UTC())
}

// forgetKey deletes the data key of the person with address email: its
// message leaves the outbox (if not yet sent) and the bus first, so that
// the personal fields of every message about their ideas no longer open,
// then its row. None is no error.
func (s *App) forgetKey(ctx context.Context, tx sqlite.Tx, email string) error {
	k, err := store.GetPersonKey(ctx, tx, email)
	if errors.Is(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE subject = ?`, string(subject.PersonKey(bus.Service, k.ID))); err != nil {
		return fmt.Errorf("forget person key: unpublished key: %w", err)
	}
	if s.shred != nil {
		if err := s.shred(ctx, k.ID); err != nil {
			return fmt.Errorf("forget person key: %w", err)
		}
	}
	return store.DeletePersonKey(ctx, tx, email)
}
