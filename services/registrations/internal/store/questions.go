package store

import (
	"context"
	"encoding/json"
	"fmt"

	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/domain"
)

type questionRow struct {
	ID       string `db:"id"`
	Kind     string `db:"kind"`
	Label    string `db:"label"`
	Required bool   `db:"required"`
	Options  string `db:"options"`
}

// Questions returns an event's questions in order; none for an event
// without (or unknown).
func Questions(ctx context.Context, q Queryer, eventID string) ([]domain.Question, error) {
	const query = `SELECT id, kind, label, required, options FROM questions WHERE event_id = ? ORDER BY position`
	var rows []questionRow
	if err := q.SelectContext(ctx, &rows, query, eventID); err != nil {
		return nil, fmt.Errorf("questions of event %s: %w", eventID, err)
	}
	qs := make([]domain.Question, 0, len(rows))
	for _, r := range rows {
		dq := domain.Question{ID: r.ID, Kind: r.Kind, Label: r.Label, Required: r.Required}
		if err := json.Unmarshal([]byte(r.Options), &dq.Options); err != nil {
			return nil, fmt.Errorf("question %s options: %w", r.ID, err)
		}
		qs = append(qs, dq)
	}
	return qs, nil
}

// SetQuestions replaces an event's questions.
func SetQuestions(ctx context.Context, tx sqlite.Tx, eventID string, qs []domain.Question) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM questions WHERE event_id = ?`, eventID); err != nil {
		return fmt.Errorf("clear questions of event %s: %w", eventID, err)
	}
	const query = `INSERT INTO questions (event_id, position, id, kind, label, required, options)
		VALUES (?, ?, ?, ?, ?, ?, ?)`
	for i, q := range qs {
		opts := q.Options
		if opts == nil {
			opts = []string{}
		}
		b, err := json.Marshal(opts)
		if err != nil {
			return fmt.Errorf("question %s options: %w", q.ID, err)
		}
		if _, err := tx.ExecContext(ctx, query, eventID, i, q.ID, q.Kind, q.Label, q.Required, string(b)); err != nil {
			return fmt.Errorf("insert question %s: %w", q.ID, err)
		}
	}
	return nil
}
