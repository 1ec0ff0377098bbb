// Package store keeps registrations, questions and the projection of the
// events service's events in SQLite. It is reached only from app; it turns
// rows into domain types and driver errors into domain sentinels
// (domain.ErrNotFound, domain.ErrDuplicate).
//
// Reads take a Queryer (the read pool or a write transaction); writes take
// the transaction of the use case they belong to.
package store

import (
	"context"
	"database/sql"
	"time"
)

// Queryer is what both a read pool and a write transaction can run.
type Queryer interface {
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

// Times are stored as Unix seconds in UTC.

func unix(s int64) time.Time { return time.Unix(s, 0).UTC() }

func optUnix(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := unix(n.Int64)
	return &t
}

func nullTime(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.Unix(), Valid: true}
}
