package app

import (
	"context"
	"fmt"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

// ErasePerson erases, within tx, everything the service holds of an
// address, for an erasure request (platform/erasure): the e-mails to it
// lose their recipient and those still queued are not sent; the mail files
// written for it are deleted; what was recorded of its registrations for
// reminders and the webhook messages about them go; so do an organiser or
// ambassador of that address. It returns how many e-mails and records it
// erased.
func (s *App) ErasePerson(ctx context.Context, tx sqlite.Tx, address string) (int, error) {
	sent, err := store.EmailsTo(ctx, tx, address)
	if err != nil {
		return 0, err
	}
	for _, id := range sent.Registrations {
		if err := store.EraseRegistration(ctx, tx, id); err != nil {
			return 0, err
		}
		if err := store.ForgetWebhookMessages(ctx, tx, domain.WebhookOrderKey("registration", id)); err != nil {
			return 0, err
		}
	}
	n, err := store.ErasePerson(ctx, tx, address)
	if err != nil {
		return 0, err
	}
	if err := s.removeFiles(sent.IDs); err != nil {
		return 0, err
	}
	return max(n, len(sent.IDs)), nil
}

// fileRemover is a sender that writes mail to files it can delete
// (delivery.Files).
type fileRemover interface {
	Remove(ids []string) (int, error)
}

// removeFiles deletes the .eml files of the e-mails ids, when mail is
// written to files.
func (s *App) removeFiles(ids []string) error {
	files, ok := s.mail.Sender.(fileRemover)
	if !ok || len(ids) == 0 {
		return nil
	}
	if _, err := files.Remove(ids); err != nil {
		return fmt.Errorf("erase person: %w", err)
	}
	return nil
}

// removeErased deletes the files just written of those e-mails among ids
// whose recipient was erased (or anonymised) while they were being
// written: the erasure deleted the files that existed when it committed,
// and these did not yet.
func (s *App) removeErased(ctx context.Context, ids []string) error {
	if _, ok := s.mail.Sender.(fileRemover); !ok || len(ids) == 0 {
		return nil
	}
	erased, err := store.Unaddressed(ctx, s.db.R, ids)
	if err != nil {
		return fmt.Errorf("files of erased recipients: %w", err)
	}
	return s.removeFiles(erased)
}
