// Package app holds the ambassadors service's use cases: each one reads and
// changes the store and writes the domain event it causes to the outbox in
// one transaction.
package app

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"plein.dev/ambassadors/internal/bus"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/outbox"
	"plein.dev/platform/sqlite"
)

// Service runs the use cases against one database.
type Service struct {
	db  *sqlite.DB
	log *slog.Logger
	now func() time.Time
	loc *time.Location
}

// New returns a Service; now is the clock (time.Now in production) and loc
// the time zone whose calendar days count (Europe/Amsterdam).
func New(db *sqlite.DB, log *slog.Logger, now func() time.Time, loc *time.Location) *Service {
	return &Service{db: db, log: log, now: now, loc: loc}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// stamp is the time recorded for a change: UTC, whole seconds as stored.
func (s *Service) stamp() time.Time { return s.now().UTC().Truncate(time.Second) }

// Today is the current day in the service's time zone.
func (s *Service) Today() domain.Date { return domain.DateOf(s.now(), s.loc) }

func (s *Service) publish(ctx context.Context, tx *sqlx.Tx, msg outbox.Message, err error) error {
	if err != nil {
		return err
	}
	if _, err := outbox.Add(ctx, tx, msg); err != nil {
		return fmt.Errorf("announce %s: %w", msg.Subject, err)
	}
	return nil
}

// CreateProgramme stores a new, active programme.
func (s *Service) CreateProgramme(ctx context.Context, p domain.Programme) (domain.Programme, error) {
	now := s.stamp()
	p.ID = newID()
	p.Status = domain.ProgrammeActive
	p.CreatedAt, p.UpdatedAt = now, now
	p.Version = 1
	if err := p.Validate(); err != nil {
		return domain.Programme{}, fmt.Errorf("create programme: %w", err)
	}
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := store.InsertProgramme(ctx, tx, p); err != nil {
			return err
		}
		msg, err := bus.ProgrammeChanged(bus.VerbCreated, p, now)
		return s.publish(ctx, tx, msg, err)
	})
	if err != nil {
		return domain.Programme{}, fmt.Errorf("create programme: %w", err)
	}
	return p, nil
}

// GetProgramme returns one programme.
func (s *Service) GetProgramme(ctx context.Context, id string) (domain.Programme, error) {
	return store.GetProgramme(ctx, s.db.R, id)
}

// ListProgrammes pages through programmes by start date.
func (s *Service) ListProgrammes(ctx context.Context, afterStart domain.Date, afterID string, limit int) ([]domain.Programme, error) {
	return store.ListProgrammes(ctx, s.db.R, afterStart, afterID, limit)
}

// ProgrammeChange is an edit of a programme; nil fields stay as they are.
type ProgrammeChange struct {
	Name, Description *string
	EndsOn            *domain.Date
	Themes            *[]string
	Targets           *[]domain.Target
	// Close closes the programme (after applying the other changes).
	Close bool
}

// UpdateProgramme applies a change to an active programme. A change that
// closes it is announced as closed, otherwise as updated.
func (s *Service) UpdateProgramme(ctx context.Context, id string, c ProgrammeChange) (domain.Programme, error) {
	var out domain.Programme
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		p, err := store.GetProgramme(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := p.Editable(); err != nil {
			return err
		}
		prev := p.Version
		if c.Name != nil {
			p.Name = *c.Name
		}
		if c.Description != nil {
			p.Description = *c.Description
		}
		if c.EndsOn != nil {
			p.EndsOn = *c.EndsOn
		}
		if c.Themes != nil {
			p.Themes = *c.Themes
		}
		if c.Targets != nil {
			p.Targets = *c.Targets
		}
		verb := bus.VerbUpdated
		if c.Close {
			if err := p.Close(); err != nil {
				return err
			}
			verb = bus.VerbClosed
		}
		if err := p.Validate(); err != nil {
			return err
		}
		now := s.stamp()
		p.Touch(now)
		if err := store.UpdateProgramme(ctx, tx, p, prev); err != nil {
			return err
		}
		out = p
		msg, err := bus.ProgrammeChanged(verb, p, now)
		if err := s.publish(ctx, tx, msg, err); err != nil {
			return err
		}
		if c.Close {
			return s.announceAlumni(ctx, tx, now)
		}
		return nil
	})
	if err != nil {
		return domain.Programme{}, fmt.Errorf("update programme %s: %w", id, err)
	}
	return out, nil
}

// Report totals a programme's activities dated from..to; empty dates mean
// the programme's first and last day.
func (s *Service) Report(ctx context.Context, programmeID string, from, to domain.Date) (domain.Report, error) {
	// One read transaction, so that the report sees one state.
	tx, err := s.db.R.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return domain.Report{}, fmt.Errorf("report: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	p, err := store.GetProgramme(ctx, tx, programmeID)
	if err != nil {
		return domain.Report{}, err
	}
	if from == "" {
		from = p.StartsOn
	}
	if to == "" {
		to = p.EndsOn
	}
	if to.Before(from) {
		return domain.Report{}, &domain.ValidationError{Field: "to", Reason: "must not be before from"}
	}
	ambassadors, err := store.ProgrammeAmbassadors(ctx, tx, programmeID)
	if err != nil {
		return domain.Report{}, err
	}
	acts, err := store.ProgrammeActivities(ctx, tx, programmeID, from, to)
	if err != nil {
		return domain.Report{}, err
	}
	return domain.BuildReport(&p, from, to, ambassadors, acts), nil
}

func equalFold(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}
