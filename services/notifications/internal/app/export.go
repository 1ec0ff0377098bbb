package app

import (
	"context"
	"fmt"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/identity"
)

// exportBatch bounds the e-mails read at once for an export.
const exportBatch = 500

// PersonEmails returns every e-mail of the log sent to an address, whatever
// its case, oldest first, for the person it concerns; administrators only.
func (s *App) PersonEmails(ctx context.Context, email string) ([]domain.Email, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return nil, err
	}
	out := []domain.Email{}
	var after int64
	for {
		batch, err := store.List(ctx, s.db.R, store.Filter{To: email, AfterSeq: after, Limit: exportBatch})
		if err != nil {
			return nil, fmt.Errorf("e-mails of a person: %w", err)
		}
		out = append(out, batch...)
		if len(batch) < exportBatch {
			return out, nil
		}
		after = batch[len(batch)-1].Seq
	}
}
