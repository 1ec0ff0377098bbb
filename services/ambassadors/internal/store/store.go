// Package store keeps the ambassadors service's data in SQLite and turns
// driver errors into domain errors.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/platform/rule"
	"plein.dev/platform/sqlite"
)

// Queryer is what both a read pool and a write transaction can run.
type Queryer interface {
	sqlx.QueryerContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

func unix(s int64) time.Time { return time.Unix(s, 0).UTC() }

func jsonList(xs []string) string {
	if xs == nil {
		xs = []string{}
	}
	b, _ := json.Marshal(xs) // a []string always marshals
	return string(b)
}

// notFound turns sql.ErrNoRows into domain.ErrNotFound.
func notFound(err error, what, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s %s: %w", what, id, domain.ErrNotFound)
	}
	return fmt.Errorf("get %s %s: %w", what, id, err)
}

// exactlyOne checks that an update or delete hit its row at the version
// read; otherwise the row is gone or someone changed it first.
func exactlyOne(res sql.Result, what, id string, version int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s %s: %w", what, id, err)
	}
	if n != 1 {
		return fmt.Errorf("%s %s at version %d: %w", what, id, version, domain.ErrNotFound)
	}
	return nil
}

// conflict turns a unique-constraint violation into a rule.Error: the
// value of field is taken.
func conflict(err error, what, id, field, reason string) error {
	if sqlite.IsUniqueViolation(err) {
		return fmt.Errorf("%s %s: %w", what, id, rule.TakenField(field, reason))
	}
	return fmt.Errorf("%s %s: %w", what, id, err)
}
