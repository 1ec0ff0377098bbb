package app

import (
	"context"
	"fmt"
	"strings"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/identity"
)

// PersonAmbassadors returns the ambassadors of an e-mail address (one per
// programme) with their status of today, and every activity they logged,
// for the person it concerns; administrators only.
func (s *App) PersonAmbassadors(ctx context.Context, email string) ([]domain.Ambassador, []domain.Activity, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return nil, nil, err
	}
	ambs, err := store.AmbassadorsByEmail(ctx, s.db.R, email)
	if err != nil {
		return nil, nil, err
	}
	acts := []domain.Activity{}
	for i, a := range ambs {
		ambs[i].Status = a.StatusOn(s.Today())
		xs, err := store.AmbassadorActivities(ctx, s.db.R, a.ID)
		if err != nil {
			return nil, nil, fmt.Errorf("export person: %w", err)
		}
		acts = append(acts, xs...)
	}
	return ambs, acts, nil
}

// PersonIdeasAndContacts returns the ideas submitted with an e-mail
// address (case and surrounding space ignored), oldest first and with
// their personal fields, and the programme contacts with the address, each
// with its programme, for the person it concerns; administrators only.
func (s *App) PersonIdeasAndContacts(ctx context.Context, email string) ([]domain.Idea, []domain.ContactOf, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return nil, nil, err
	}
	email = strings.TrimSpace(email)
	ideas, err := store.IdeasByEmail(ctx, s.db.R, email)
	if err != nil {
		return nil, nil, err
	}
	ids, err := store.ProgrammesWithContact(ctx, s.db.R, email)
	if err != nil {
		return nil, nil, err
	}
	contacts := []domain.ContactOf{}
	for _, id := range ids {
		p, err := store.GetProgramme(ctx, s.db.R, id)
		if err != nil {
			return nil, nil, fmt.Errorf("export person: %w", err)
		}
		for _, c := range p.Contacts {
			if equalFold(c.Email, email) {
				contacts = append(contacts, domain.ContactOf{ProgrammeID: p.ID, ProgrammeName: p.Name, Contact: c})
			}
		}
	}
	return ideas, contacts, nil
}
