package app

import (
	"context"

	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

// ApplyProgrammeOwners records, within tx, the organisations that own a
// programme: its organisers are told of its ambassadors' terms. A
// programme announced without owners (before organisations) is the
// default organisation's.
func (s *App) ApplyProgrammeOwners(ctx context.Context, tx sqlite.Tx, id string, owners []string) error {
	return store.PutProgrammeOwners(ctx, tx, id, owners)
}
