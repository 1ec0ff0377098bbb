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
// address, KvK number and organisation (eraseIdeas), and the programmes' contacts with
// the address are removed (eraseContacts). It returns how many
// ambassadors, ideas and contacts it changed.
func (s *App) ErasePerson(ctx context.Context, tx sqlite.Tx, address string) (int, error) {
	ideas, err := s.eraseIdeas(ctx, tx, address)
	if err != nil {
		return 0, err
	}
	contacts, err := s.eraseContacts(ctx, tx, address)
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
	return len(ids) + ideas + contacts, nil
}

// eraseContacts removes, within tx, every contact with address (case and
// surrounding space ignored) from the programmes that name it — the whole
// contact: name, role and phone number are the person's too — and
// announces each programme changed as updated (a closed one too: its
// contacts are no record to keep). It returns how many contacts it
// removed.
func (s *App) eraseContacts(ctx context.Context, tx sqlite.Tx, address string) (int, error) {
	ids, err := store.ProgrammesWithContact(ctx, tx, address)
	if err != nil {
		return 0, err
	}
	removed := 0
	for _, id := range ids {
		p, err := store.GetProgramme(ctx, tx, id)
		if err != nil {
			return 0, err
		}
		kept := p.Contacts[:0:0]
		for _, c := range p.Contacts {
			if equalFold(c.Email, address) {
				removed++
				continue
			}
			kept = append(kept, c)
		}
		prev := p.Version
		p.Contacts = kept
		now := s.stamp()
		p.Touch(now)
		if err := store.UpdateProgramme(ctx, tx, p, prev); err != nil {
			return 0, fmt.Errorf("erase contacts of programme %s: %w", id, err)
		}
		msg, err := bus.ProgrammeChanged(subject.ProgrammeUpdated, p, now)
		if err := s.publish(ctx, tx, msg, err); err != nil {
			return 0, err
		}
	}
	return removed, nil
}

// eraseIdeas anonymises, within tx, every idea submitted with address
// (name, address, KvK number and organisation emptied; title,
// description, themes and triage stay as the programme's record) and deletes the submitter's data key,
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
