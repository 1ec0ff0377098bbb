package app

import (
	"context"
	"fmt"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/page"
	"plein.dev/platform/sqlite"
)

// Measurements are the programme's organisers' alone: anyone else, other
// organisers included, finds the programme unknown (NotFound). They are
// not announced on the bus: no other service uses them.

// RecordMeasurement stores a value of one of the programme's indicators.
// A closed programme still takes measurements: outcomes often come in
// after the programme ended.
func (s *App) RecordMeasurement(ctx context.Context, m domain.Measurement) (domain.Measurement, error) {
	if err := requireOrganiser(ctx); err != nil {
		return domain.Measurement{}, err
	}
	m.ID = newID()
	m.CreatedAt = s.stamp()
	err := s.db.InTx(ctx, func(tx sqlite.Tx) error {
		p, err := managedProgramme(ctx, tx, callerOf(ctx), m.ProgrammeID)
		if err != nil {
			return err
		}
		if err := m.Validate(&p); err != nil {
			return err
		}
		return store.InsertMeasurement(ctx, tx, m)
	})
	if err != nil {
		return domain.Measurement{}, fmt.Errorf("record measurement: %w", err)
	}
	return m, nil
}

// MeasurementCursor is the position in a programme's list of
// measurements, newest day first: by day, then id, both descending.
type MeasurementCursor struct {
	On domain.Date `json:"o"`
	ID string      `json:"i"`
}

// ListMeasurements returns a page of a programme's measurements (of one
// indicator when given), newest day first, and the next page's token.
func (s *App) ListMeasurements(ctx context.Context, programmeID, indicator string, r page.Request[MeasurementCursor]) ([]domain.Measurement, string, error) {
	if err := requireOrganiser(ctx); err != nil {
		return nil, "", err
	}
	if _, err := managedProgramme(ctx, s.db.R, callerOf(ctx), programmeID); err != nil {
		return nil, "", err
	}
	list, err := store.ListMeasurements(ctx, s.db.R, store.MeasurementFilter{ProgrammeID: programmeID,
		Indicator: indicator, BeforeOn: r.After.On, BeforeID: r.After.ID, Limit: r.Limit()})
	if err != nil {
		return nil, "", err
	}
	return page.Cut(r, list, func(m domain.Measurement) MeasurementCursor { return MeasurementCursor{m.On, m.ID} })
}

// DeleteMeasurement removes a measurement of a programme.
func (s *App) DeleteMeasurement(ctx context.Context, programmeID, id string) error {
	if err := requireOrganiser(ctx); err != nil {
		return err
	}
	err := s.db.InTx(ctx, func(tx sqlite.Tx) error {
		if _, err := managedProgramme(ctx, tx, callerOf(ctx), programmeID); err != nil {
			return err
		}
		return store.DeleteMeasurement(ctx, tx, programmeID, id)
	})
	if err != nil {
		return fmt.Errorf("delete measurement %s: %w", id, err)
	}
	return nil
}
