package app

import (
	"context"
	"fmt"
	"time"

	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/sqlite"
)

// ideaRetentionBatch bounds the ideas anonymised in one transaction.
const ideaRetentionBatch = 200

// IdeaRetention anonymises the ideas decided longer ago than the
// retention period (PLEIN_RETENTION_DAYS), and those never decided
// submitted longer ago than it: a background loop's round.
type IdeaRetention struct {
	app   *App
	after time.Duration
}

// IdeaRetention returns the sweep that empties the submitter's name,
// address, KvK number and organisation (a sole trader's trade name is
// often their own) of every idea decided (ondersteund or afgewezen) longer
// than after ago, and of every idea never decided (new, in-behandeling)
// submitted longer than after ago — an untriaged idea would otherwise keep
// them for ever; title, description, themes, status and note stay as the
// programme's record.
func (s *App) IdeaRetention(after time.Duration) *IdeaRetention {
	return &IdeaRetention{app: s, after: after}
}

// Sweep anonymises every expired idea, in batches, and deletes the data
// key of each submitter left with no idea holding their address (from the
// bus first, then the database). It logs counts only and checkpoints the
// WAL after a sweep that changed rows.
func (r *IdeaRetention) Sweep(ctx context.Context) error {
	s := r.app
	now := s.now().UTC()
	cutoff := now.Add(-r.after)
	total := 0
	for {
		n, err := r.batch(ctx, cutoff, now)
		if err != nil {
			return fmt.Errorf("idea retention: %w", err)
		}
		total += n
		if n < ideaRetentionBatch {
			break
		}
	}
	s.log.InfoContext(ctx, "idea retention sweep", "ideas_anonymised", total, "decided_or_submitted_before", cutoff)
	if total == 0 {
		return nil
	}
	return s.db.Checkpoint(ctx)
}

func (r *IdeaRetention) batch(ctx context.Context, cutoff, now time.Time) (int, error) {
	s := r.app
	found := 0
	err := s.db.InTx(ctx, func(tx sqlite.Tx) error {
		expired, err := store.ExpiredIdeas(ctx, tx, cutoff, ideaRetentionBatch)
		if err != nil {
			return err
		}
		found = len(expired)
		people := map[string]bool{}
		for _, e := range expired {
			if err := store.AnonymiseIdea(ctx, tx, e.ID, now); err != nil {
				return err
			}
			if e.Email != "" {
				people[e.Email] = true
			}
		}
		for email := range people {
			held, err := store.IdeasHeldFor(ctx, tx, email)
			if err != nil {
				return err
			}
			if !held {
				if err := s.forgetKey(ctx, tx, email); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return found, err
}
