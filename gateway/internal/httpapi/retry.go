package httpapi

import (
	"context"

	"plein.dev/gateway/internal/idempotency"
	"plein.dev/gateway/internal/rpcretry"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// repeatableWrites are the writes a service recognises when they are sent
// again with the request's key (idempotency.ForwardKey, platform/
// requestkey), so that sending one again after the service went away with
// it cannot act twice: a registration (the repeat is answered with the
// registration the first made, and the same manage token).
var repeatableWrites = map[string]bool{
	registrationsv1.RegistrationsService_CreateRegistration_FullMethodName: true,
}

// Repeatable tells rpcretry which calls to a service may be sent again
// when the service fails unavailable: those of a request whose method is
// safe or idempotent (GET, HEAD, OPTIONS, PUT, DELETE; marked by
// rpcretry.SafeMethods), and a write the service will not do twice
// (repeatableWrites) sent with an Idempotency-Key this gateway claimed.
// Any other write whose outcome is unknown — the service went away with
// it, and may have saved it — is answered 503 at once: its service does
// not look at the key, so sending it again might act twice.
// Waiting for a service that is not there sends nothing, and is done for
// every call.
func Repeatable(ctx context.Context, method string) bool {
	return rpcretry.Safe(ctx) || (idempotency.Claimed(ctx) && repeatableWrites[method])
}
