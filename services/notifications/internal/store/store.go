// Package store keeps the notifications service's data in SQLite: the
// e-mail log (emails.go) and the queue of composed mail waiting to be sent
// (delivery.go). It is reached only from app.
package store

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// Queryer is what both the read pool and a write transaction can run.
type Queryer interface {
	sqlx.QueryerContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}
