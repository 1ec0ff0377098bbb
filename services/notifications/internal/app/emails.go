package app

import (
	"context"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/identity"
	"plein.dev/platform/page"
)

// EmailFilter selects e-mails of the log; empty fields select all.
type EmailFilter struct {
	RegistrationID string
	EventID        string
	// To selects the e-mails to an address, whatever its case.
	To     string
	Status domain.Status
}

// EmailCursor is the position in the e-mail log, which is listed in the
// order it was written.
type EmailCursor struct {
	Seq int64 `json:"s"`
}

// ListEmails returns a page of the e-mail log, oldest first, and the next
// page's token. Administrators read all of it, organisers the e-mails of
// their organisations' events.
func (s *App) ListEmails(ctx context.Context, f EmailFilter, r page.Request[EmailCursor]) ([]domain.Email, string, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser, identity.RoleAdmin); err != nil {
		return nil, "", err
	}
	filter := store.Filter{RegistrationID: f.RegistrationID, EventID: f.EventID,
		To: f.To, Status: f.Status, AfterSeq: r.After.Seq, Limit: r.Limit()}
	if id := identity.FromContext(ctx); !id.Has(identity.RoleAdmin) {
		// An organiser reads the e-mails of their organisations' events.
		filter.Owners = append([]string{}, id.OrganisationIDs...)
	}
	emails, err := store.List(ctx, s.db.R, filter)
	if err != nil {
		return nil, "", err
	}
	return page.Cut(r, emails, func(e domain.Email) EmailCursor { return EmailCursor{e.Seq} })
}
