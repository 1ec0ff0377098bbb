package app

import (
	"context"
	"database/sql"
	"fmt"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/identity"
)

// AmbassadorProgress measures an ambassador's activities against the
// ambassador targets of their programme, as of today. The ambassador
// themself or an organiser may ask.
func (s *App) AmbassadorProgress(ctx context.Context, id string) (domain.Ambassador, []domain.TargetProgress, domain.Date, error) {
	if err := identity.Require(ctx); err != nil {
		return domain.Ambassador{}, nil, "", err
	}
	tx, err := s.db.R.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return domain.Ambassador{}, nil, "", fmt.Errorf("progress: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	a, err := ownAmbassador(ctx, tx, callerOf(ctx), id)
	if err != nil {
		return domain.Ambassador{}, nil, "", err
	}
	p, err := store.GetProgramme(ctx, tx, a.ProgrammeID)
	if err != nil {
		return domain.Ambassador{}, nil, "", err
	}
	acts, err := store.AmbassadorActivities(ctx, tx, a.ID)
	if err != nil {
		return domain.Ambassador{}, nil, "", err
	}
	today := s.Today()
	a.Status = a.StatusOn(today)
	return a, domain.AmbassadorProgress(&p, &a, today, acts), today, nil
}

// AmbassadorTargets is one ambassador's progress.
type AmbassadorTargets struct {
	Ambassador domain.Ambassador
	Targets    []domain.TargetProgress
}

// ProgrammeProgress measures the programme's activities against its
// programme targets and every ambassador's against the ambassador targets.
// Organisers of its owners only.
func (s *App) ProgrammeProgress(ctx context.Context, id string) ([]domain.TargetProgress, []AmbassadorTargets, domain.Date, error) {
	if err := requireOrganiser(ctx); err != nil {
		return nil, nil, "", err
	}
	tx, err := s.db.R.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, nil, "", fmt.Errorf("progress: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	p, err := managedProgramme(ctx, tx, callerOf(ctx), id)
	if err != nil {
		return nil, nil, "", err
	}
	people, err := store.ProgrammeAmbassadors(ctx, tx, id)
	if err != nil {
		return nil, nil, "", err
	}
	acts, err := store.ProgrammeActivities(ctx, tx, id, p.StartsOn, p.EndsOn)
	if err != nil {
		return nil, nil, "", err
	}
	today := s.Today()
	byAmbassador := make(map[string][]domain.Activity)
	for _, x := range acts {
		byAmbassador[x.AmbassadorID] = append(byAmbassador[x.AmbassadorID], x)
	}
	out := make([]AmbassadorTargets, 0, len(people))
	for _, a := range people {
		a.Status = a.StatusOn(today)
		out = append(out, AmbassadorTargets{Ambassador: a, Targets: domain.AmbassadorProgress(&p, &a, today, byAmbassador[a.ID])})
	}
	return domain.ProgrammeProgress(&p, today, acts), out, today, nil
}
