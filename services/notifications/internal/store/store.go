// Package store keeps the notifications service's data in SQLite: the
// e-mail log (emails.go), the queue of letters waiting to be written and
// sent (delivery.go), and what it knows of registrations (attendees.go)
// and ambassadors (ambassadors.go). It is reached only from app.
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
