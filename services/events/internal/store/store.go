// Package store keeps the events service's data in SQLite: const SQL next
// to the function that runs it, rows mapped to domain types, driver errors
// turned into domain sentinels (ErrNotFound, ErrDuplicate). Functions that
// read take a Queryer (the read pool or the transaction of a change);
// functions that write take the transaction. Only app calls the store.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/events/internal/domain"
	"plein.dev/platform/sqlite"
)

// Queryer is what both a read pool and a write transaction can run.
type Queryer interface {
	sqlx.QueryerContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

// insertErr wraps the error of an insert, as ErrDuplicate if the row's id
// is taken.
func insertErr(what, id string, err error) error {
	if sqlite.IsUniqueViolation(err) {
		return fmt.Errorf("insert %s %s: %w", what, id, domain.ErrDuplicate)
	}
	return fmt.Errorf("insert %s %s: %w", what, id, err)
}

// updated checks that an UPDATE by id changed a row.
func updated(res sql.Result, what, id string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update %s %s: %w", what, id, err)
	}
	if n != 1 {
		return fmt.Errorf("%s %s: %w", what, id, domain.ErrNotFound)
	}
	return nil
}

func unix(s int64) time.Time { return time.Unix(s, 0).UTC() }

func nullTime(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.Unix(), Valid: true}
}

func nullString(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

func jsonList(xs []string) string {
	if xs == nil {
		xs = []string{}
	}
	b, _ := json.Marshal(xs) // a []string always marshals
	return string(b)
}

// jsonValue marshals a slice of plain structs, nil as [].
func jsonValue[T any](xs []T) string {
	if xs == nil {
		return "[]"
	}
	b, _ := json.Marshal(xs) // plain structs always marshal
	return string(b)
}
