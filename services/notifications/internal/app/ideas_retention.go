package app

import (
	"context"
	"time"

	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

// forgetIdeaMails takes the submitter's address out of the e-mails about
// ideas written before cutoff (the receipt and each step of the triage;
// the last one goes at the decision, after which the ambassadors service
// keeps the submitter's data for the same period), their .eml files
// deleted first. It returns how many e-mails and files it changed.
func (r *Retention) forgetIdeaMails(ctx context.Context, cutoff time.Time) (emails, files int, err error) {
	s := r.app
	for {
		ids, err := store.ExpiredIdeaEmails(ctx, s.db.R, cutoff, retentionBatch)
		if err != nil || len(ids) == 0 {
			return emails, files, err
		}
		n, err := r.removeFiles(ids)
		files += n
		if err != nil {
			return emails, files, err
		}
		err = s.db.InTx(ctx, func(tx sqlite.Tx) error {
			for _, id := range ids {
				if err := store.ForgetRecipient(ctx, tx, id); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return emails, files, err
		}
		emails += len(ids)
		if len(ids) < retentionBatch {
			return emails, files, nil
		}
	}
}
