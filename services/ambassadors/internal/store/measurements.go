package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"plein.dev/ambassadors/internal/domain"
)

type measurementRow struct {
	ID          string  `db:"id"`
	ProgrammeID string  `db:"programme_id"`
	Indicator   string  `db:"indicator"`
	Value       float64 `db:"value"`
	On          string  `db:"on_day"`
	Source      string  `db:"source"`
	Note        string  `db:"note"`
	CreatedAt   int64   `db:"created_at"`
}

const measurementColumns = `id, programme_id, indicator, value, on_day, source, note, created_at`

func measurements(rows []measurementRow) []domain.Measurement {
	out := make([]domain.Measurement, 0, len(rows))
	for _, r := range rows {
		out = append(out, domain.Measurement{ID: r.ID, ProgrammeID: r.ProgrammeID, Indicator: r.Indicator,
			Value: r.Value, On: domain.Date(r.On), Source: r.Source, Note: r.Note, CreatedAt: unix(r.CreatedAt)})
	}
	return out
}

// InsertMeasurement stores a new measurement.
func InsertMeasurement(ctx context.Context, tx *sqlx.Tx, m domain.Measurement) error {
	const query = `INSERT INTO measurements (` + measurementColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	if _, err := tx.ExecContext(ctx, query, m.ID, m.ProgrammeID, m.Indicator, m.Value, string(m.On), m.Source,
		m.Note, m.CreatedAt.Unix()); err != nil {
		return fmt.Errorf("insert measurement %s: %w", m.ID, err)
	}
	return nil
}

// DeleteMeasurement removes a measurement of a programme;
// domain.ErrNotFound if the programme has none with that id.
func DeleteMeasurement(ctx context.Context, tx *sqlx.Tx, programmeID, id string) error {
	const query = `DELETE FROM measurements WHERE programme_id = ? AND id = ?`
	res, err := tx.ExecContext(ctx, query, programmeID, id)
	if err != nil {
		return fmt.Errorf("delete measurement %s: %w", id, err)
	}
	return exactlyOne(res, "delete measurement", id, 0)
}

// CountMeasurements returns how many measurements a programme's indicator
// has.
func CountMeasurements(ctx context.Context, q Queryer, programmeID, indicator string) (int, error) {
	const query = `SELECT count(*) FROM measurements WHERE programme_id = ? AND indicator = ?`
	var n int
	if err := q.GetContext(ctx, &n, query, programmeID, indicator); err != nil {
		return 0, fmt.Errorf("count measurements of %s %s: %w", programmeID, indicator, err)
	}
	return n, nil
}

// MeasurementFilter selects a page of a programme's measurements, newest
// day first: (on, id) descending, after (BeforeOn, BeforeID) when BeforeID
// is set; only Indicator's when it is set.
type MeasurementFilter struct {
	ProgrammeID, Indicator string
	BeforeOn               domain.Date
	BeforeID               string
	Limit                  int
}

// ListMeasurements returns a page of a programme's measurements; keyset-paged.
func ListMeasurements(ctx context.Context, q Queryer, f MeasurementFilter) ([]domain.Measurement, error) {
	const query = `SELECT ` + measurementColumns + ` FROM measurements WHERE programme_id = ?
		AND (? = '' OR indicator = ?) AND (? = '' OR (on_day, id) < (?, ?))
		ORDER BY on_day DESC, id DESC LIMIT ?`
	var rows []measurementRow
	if err := q.SelectContext(ctx, &rows, query, f.ProgrammeID, f.Indicator, f.Indicator, f.BeforeID,
		string(f.BeforeOn), f.BeforeID, f.Limit); err != nil {
		return nil, fmt.Errorf("measurements of programme %s: %w", f.ProgrammeID, err)
	}
	return measurements(rows), nil
}

// PeriodMeasurements returns a programme's measurements of the days
// from..to (both included), oldest first.
func PeriodMeasurements(ctx context.Context, q Queryer, programmeID string, from, to domain.Date) ([]domain.Measurement, error) {
	const query = `SELECT ` + measurementColumns + ` FROM measurements
		WHERE programme_id = ? AND on_day BETWEEN ? AND ? ORDER BY on_day, created_at, id`
	var rows []measurementRow
	if err := q.SelectContext(ctx, &rows, query, programmeID, string(from), string(to)); err != nil {
		return nil, fmt.Errorf("measurements of programme %s: %w", programmeID, err)
	}
	return measurements(rows), nil
}
