package httpapi

import (
	"context"

	"plein.dev/gateway/internal/idempotency"
	"plein.dev/gateway/internal/rpcretry"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// repeatableWrites are the writes a service will not do twice, so that
// sending one again after the service went away with it cannot act twice:
// a registration (one per e-mail address and event; if the first was
// saved, the repeat is told the address is registered already, and the
// confirmation e-mail carries the manage link).
var repeatableWrites = map[string]bool{
	registrationsv1.RegistrationsService_CreateRegistration_FullMethodName: true,
}

// Repeatable tells rpcretry which calls to a service may be sent again
// when the service fails unavailable: those of a request whose method is
// safe or idempotent (GET, HEAD, OPTIONS, PUT, DELETE; marked by
// rpcretry.SafeMethods), and a write the service will not do twice
// (repeatableWrites) sent with an Idempotency-Key this gateway claimed.
// Any other write whose outcome is unknown — the service went away with
// it, and may have saved it — is answered 503 at once: the gateway's key
// does not reach the services, so sending it again might act twice.
// Waiting for a service that is not there sends nothing, and is done for
// every call.
func Repeatable(ctx context.Context, method string) bool {
	return rpcretry.Safe(ctx) || (idempotency.Claimed(ctx) && repeatableWrites[method])
}
