// Package requestkey carries a request's idempotency key from the gateway
// to a service, so that a write the gateway sends again — because the
// service went away before answering, and may have saved it — is
// recognised by the service and answered as the first time instead of
// acting twice.
//
// The gateway sends not the client's Idempotency-Key but its own hash of
// it with the caller (hex SHA-256): one caller's key never matches
// another's.
package requestkey

import (
	"context"

	"google.golang.org/grpc/metadata"
)

// Metadata is the gRPC metadata key.
const Metadata = "plein-request-key"

// maxLen bounds what a service accepts as a key.
const maxLen = 128

// Outgoing returns ctx whose outgoing gRPC calls carry key.
func Outgoing(ctx context.Context, key string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, Metadata, key)
}

// FromIncoming returns the key an incoming call carries, or "" when it
// carries none or one that is not lower-case hex of at most 128 digits.
func FromIncoming(ctx context.Context) string {
	values := metadata.ValueFromIncomingContext(ctx, Metadata)
	if len(values) != 1 || !valid(values[0]) {
		return ""
	}
	return values[0]
}

func valid(key string) bool {
	if key == "" || len(key) > maxLen {
		return false
	}
	for _, c := range key {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
