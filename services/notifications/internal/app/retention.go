package app

import (
	"context"
	"fmt"
	"time"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

// retentionBatch bounds the registrations forgotten in one transaction.
const retentionBatch = 200

// Retention forgets the attendees of events that ended longer ago than the
// retention period (PLEIN_RETENTION_DAYS): a background loop's round.
type Retention struct {
	app *App
	// after is how long after its event's end an attendee is kept.
	after time.Duration
}

// Retention returns the sweep that forgets attendees after their event
// ended longer ago than after (0: as soon as it ended).
func (s *App) Retention(after time.Duration) *Retention {
	return &Retention{app: s, after: after}
}

// Sweep forgets, for every registration whose event ended before now
// minus the retention period, what this service holds of the person: the
// .eml files of the e-mails about it are deleted first (a sweep that then
// fails finds the rows again), then, in one transaction, the e-mails lose
// their recipient (the log keeps that they were sent), mail still queued
// is dropped, the attendee recorded for the reminders is forgotten and the
// webhook messages still queued about it go. After a sweep that changed
// rows the WAL is checkpointed, so that the removed bytes leave the disk.
// Each sweep is logged with its counts, never with whom they concern.
func (r *Retention) Sweep(ctx context.Context) error {
	s := r.app
	cutoff := s.now().UTC().Add(-r.after)
	var done forgotten
	// The attendees recorded for the reminders, by their event's end;
	// each one forgotten leaves the index, so a batch starts at the rest.
	for {
		ids, err := store.ExpiredAttendees(ctx, s.db.R, cutoff, retentionBatch)
		if err != nil {
			return fmt.Errorf("retention: %w", err)
		}
		if err := r.forget(ctx, ids, &done); err != nil {
			return fmt.Errorf("retention: %w", err)
		}
		if len(ids) < retentionBatch {
			break
		}
	}
	// Then the registrations not recorded as attendee of which an e-mail
	// still has its recipient, through their event's end as the
	// projection knows it: a walk over the events that ended, each batch
	// from where the previous one stopped.
	var at store.EventCursor
	for more := true; more; {
		var ids []string
		var err error
		if ids, at, more, err = store.ExpiredEmailRegistrations(ctx, s.db.R, cutoff, at, retentionBatch); err != nil {
			return fmt.Errorf("retention: %w", err)
		}
		if err := r.forget(ctx, ids, &done); err != nil {
			return fmt.Errorf("retention: %w", err)
		}
	}
	registrations, emails, files := done.registrations, done.emails, done.files
	ideaMails, ideaFiles, err := r.forgetIdeaMails(ctx, cutoff) // ideas_retention.go
	if err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	emails, files = emails+ideaMails, files+ideaFiles
	s.log.InfoContext(ctx, "retention sweep", "registrations_forgotten", registrations, "emails_anonymised", emails,
		"files_deleted", files, "ended_before", cutoff)
	if registrations == 0 && ideaMails == 0 {
		return nil
	}
	if err := s.db.Checkpoint(ctx); err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	return nil
}

// forgotten is what a sweep did, for its log line: counts only.
type forgotten struct{ registrations, emails, files int }

// forget deletes the .eml files of the e-mails about the registrations ids
// that still have their recipient, then, in one transaction, takes the
// recipient out of those e-mails, drops their queued mail, forgets the
// attendee and the webhook messages still queued about each.
func (r *Retention) forget(ctx context.Context, ids []string, done *forgotten) error {
	if len(ids) == 0 {
		return nil
	}
	s := r.app
	var mails []string
	for _, id := range ids {
		m, err := store.HeldEmailsAbout(ctx, s.db.R, id)
		if err != nil {
			return err
		}
		mails = append(mails, m...)
	}
	n, err := r.removeFiles(mails)
	done.files += n
	if err != nil {
		return err
	}
	err = s.db.InTx(ctx, func(tx sqlite.Tx) error {
		for _, id := range ids {
			if err := store.EraseRegistration(ctx, tx, id); err != nil {
				return err
			}
			if err := store.ForgetWebhookMessages(ctx, tx, domain.WebhookOrderKey("registration", id)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	done.registrations += len(ids)
	done.emails += len(mails)
	return nil
}

// removeFiles deletes the .eml files of the e-mails ids, when mail is
// written to files, and returns how many it deleted.
func (r *Retention) removeFiles(ids []string) (int, error) {
	files, ok := r.app.mail.Sender.(fileRemover)
	if !ok || len(ids) == 0 {
		return 0, nil
	}
	return files.Remove(ids)
}
