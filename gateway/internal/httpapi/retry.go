package httpapi

import (
	"context"

	"plein.dev/gateway/internal/idempotency"
	"plein.dev/gateway/internal/rpcretry"
)

// Repeatable tells rpcretry which calls to a service may be sent again
// when the service fails unavailable: those of a request whose method is
// safe or idempotent (GET, HEAD, OPTIONS, PUT, DELETE; marked by
// rpcretry.SafeMethods), and of a POST whose Idempotency-Key this gateway
// claimed. Any other write is answered 503 at once when its outcome is
// unknown, for sending it again might act twice.
func Repeatable(ctx context.Context) bool { return rpcretry.Safe(ctx) || idempotency.Claimed(ctx) }
