package requestkey_test

import (
	"context"
	"strings"
	"testing"

	"google.golang.org/grpc/metadata"

	"plein.dev/platform/requestkey"
)

func TestFromIncoming(t *testing.T) {
	t.Parallel()
	key := strings.Repeat("ab12", 16)
	out, _ := metadata.FromOutgoingContext(requestkey.Outgoing(context.Background(), key))
	if got := requestkey.FromIncoming(metadata.NewIncomingContext(context.Background(), out)); got != key {
		t.Fatalf("round trip: %q, want %q", got, key)
	}
	for name, md := range map[string]metadata.MD{
		"none":       {},
		"upper case": {requestkey.Metadata: {"AB12"}},
		"not hex":    {requestkey.Metadata: {"xyz"}},
		"too long":   {requestkey.Metadata: {strings.Repeat("a", 129)}},
		"two":        {requestkey.Metadata: {"ab", "cd"}},
	} {
		if got := requestkey.FromIncoming(metadata.NewIncomingContext(context.Background(), md)); got != "" {
			t.Errorf("%s: %q, want none", name, got)
		}
	}
}
