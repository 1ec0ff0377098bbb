// Package migrations holds the notifications service's schema as numbered
// goose migrations, embedded in the binary and applied at start.
package migrations

import "embed"

// FS holds the migration files.
//
//go:embed *.sql
var FS embed.FS
