package app

import (
	"context"
	"fmt"
	"time"

	"plein.dev/ambassadors/internal/bus"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/page"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// SubmitIdea stores an entrepreneur's idea for an active programme and
// announces it (the submitter gets a receipt by e-mail). Anyone may
// submit; the gateway limits the rate per client.
func (s *App) SubmitIdea(ctx context.Context, i domain.Idea) (domain.Idea, error) {
	var out domain.Idea
	err := s.db.InTx(ctx, func(tx sqlite.Tx) error {
		p, err := store.GetProgramme(ctx, tx, i.ProgrammeID)
		if err != nil {
			return err
		}
		idea, err := domain.NewIdea(p, i)
		if err != nil {
			return err
		}
		now := s.stamp()
		idea.ID = newID()
		idea.CreatedAt, idea.UpdatedAt, idea.Version = now, now, 1
		if err := store.InsertIdea(ctx, tx, idea); err != nil {
			return err
		}
		out = idea
		return s.announceIdea(ctx, tx, subject.IdeaSubmitted, idea, domain.IdeaNew, now)
	})
	if err != nil {
		return domain.Idea{}, fmt.Errorf("submit idea: %w", err)
	}
	return out, nil
}

// announceIdea adds the message about an idea to the outbox in tx, its
// personal fields sealed with the submitter's key.
func (s *App) announceIdea(ctx context.Context, tx sqlite.Tx, verb subject.Subject, i domain.Idea, previous domain.IdeaStatus, now time.Time) error {
	k, err := s.personKey(ctx, tx, i.Email)
	if err != nil {
		return err
	}
	msg, err := bus.IdeaChanged(verb, i, previous, k, now)
	return s.publish(ctx, tx, msg, err)
}

// managedIdea returns the idea if the caller manages its programme, and
// domain.ErrNotFound otherwise.
func managedIdea(ctx context.Context, q store.Queryer, c caller, id string) (domain.Idea, error) {
	i, err := store.GetIdea(ctx, q, id)
	if err != nil {
		return domain.Idea{}, err
	}
	if !c.manages(i.ProgrammeOwners) {
		return domain.Idea{}, fmt.Errorf("idea %s, of a programme of other organisations: %w", id, domain.ErrNotFound)
	}
	return i, nil
}

// GetIdea returns one idea to an organiser managing its programme.
func (s *App) GetIdea(ctx context.Context, id string) (domain.Idea, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Idea{}, err
	}
	return managedIdea(ctx, s.db.R, callerOf(ctx), id)
}

// IdeaCursor is the position in a programme's list of ideas, oldest
// first: by creation, then id.
type IdeaCursor struct {
	Created int64  `json:"c"`
	ID      string `json:"i"`
}

// ListIdeas returns a page of a programme's ideas, oldest first, with the
// given status (all when empty), to an organiser managing the programme.
func (s *App) ListIdeas(ctx context.Context, programmeID string, st domain.IdeaStatus, r page.Request[IdeaCursor]) ([]domain.Idea, string, error) {
	if err := requireOrganiser(ctx); err != nil {
		return nil, "", err
	}
	if _, err := managedProgramme(ctx, s.db.R, callerOf(ctx), programmeID); err != nil {
		return nil, "", err
	}
	list, err := store.ListIdeas(ctx, s.db.R, store.IdeaFilter{ProgrammeID: programmeID, Status: st,
		AfterCreated: r.After.Created, AfterID: r.After.ID, Limit: r.Limit()})
	if err != nil {
		return nil, "", err
	}
	return page.Cut(r, list, func(i domain.Idea) IdeaCursor { return IdeaCursor{i.CreatedAt.Unix(), i.ID} })
}

// UpdateIdea triages an idea: an organiser managing its programme moves
// it on with a note (domain.Idea.Triage), and the submitter is told by
// e-mail. Ideas of a closed programme are triaged all the same: the
// submitter still deserves an answer.
func (s *App) UpdateIdea(ctx context.Context, id string, to domain.IdeaStatus, note string) (domain.Idea, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Idea{}, err
	}
	var out domain.Idea
	err := s.db.InTx(ctx, func(tx sqlite.Tx) error {
		i, err := managedIdea(ctx, tx, callerOf(ctx), id)
		if err != nil {
			return err
		}
		prev, previous := i.Version, i.Status
		now := s.stamp()
		if err := i.Triage(to, note, now); err != nil {
			return err
		}
		if err := store.UpdateIdea(ctx, tx, i, prev); err != nil {
			return err
		}
		out = i
		return s.announceIdea(ctx, tx, subject.IdeaUpdated, i, previous, now)
	})
	if err != nil {
		return domain.Idea{}, fmt.Errorf("update idea %s: %w", id, err)
	}
	return out, nil
}
