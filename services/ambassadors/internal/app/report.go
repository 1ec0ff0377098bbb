package app

import (
	"context"
	"database/sql"
	"fmt"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
)

// Report totals a programme's activities dated from..to (by theme with
// roll-up to parent themes, area, kind, ambassador, sector, month), counts
// the companies reached by KvK number and measures the indicators; empty
// dates mean the programme's first and last day. Organisers of its owners
// only.
func (s *App) Report(ctx context.Context, programmeID string, from, to domain.Date) (domain.Report, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Report{}, err
	}
	// One read transaction, so that the report sees one state.
	tx, err := s.db.R.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return domain.Report{}, fmt.Errorf("report: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	p, err := managedProgramme(ctx, tx, callerOf(ctx), programmeID)
	if err != nil {
		return domain.Report{}, err
	}
	if from == "" {
		from = p.StartsOn
	}
	if to == "" {
		to = p.EndsOn
	}
	if err := domain.CheckPeriod(from, to); err != nil {
		return domain.Report{}, err
	}
	ambassadors, err := store.ProgrammeAmbassadors(ctx, tx, programmeID)
	if err != nil {
		return domain.Report{}, err
	}
	acts, err := store.ProgrammeActivities(ctx, tx, programmeID, from, to)
	if err != nil {
		return domain.Report{}, err
	}
	rep := domain.BuildReport(&p, from, to, ambassadors, acts)
	// The outcomes beside the activities, each from its own records.
	reached, err := store.ReachedKvKNumbers(ctx, tx, programmeID, from, to)
	if err != nil {
		return domain.Report{}, err
	}
	rep.CountCompanies(acts, reached)
	ms, err := store.PeriodMeasurements(ctx, tx, programmeID, from, to)
	if err != nil {
		return domain.Report{}, err
	}
	rep.MeasureIndicators(&p, ms)
	if rep.SupportedIdeas, err = supportedIdeas(ctx, tx, programmeID, from, to); err != nil { // ideas_report.go
		return domain.Report{}, err
	}
	return rep, nil
}
