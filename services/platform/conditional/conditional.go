// Package conditional lets a reader that keeps a copy of an answer ask the
// service whether reading again would give the same answer, without the
// service reading anything. A service counts the commits to its database:
// its generation. An answer carries the generation it was read at; a
// question names the generation of the copy, and the answer is one header.
//
// A generation names the service process too (a random epoch), so a
// restarted service, counting from zero again, never claims an old copy
// is current.
package conditional

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"sync/atomic"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

const (
	// GenerationHeader is an answer's header: the generation of the
	// service's database it was read at.
	GenerationHeader = "plein-generation"
	// IfGenerationKey in a request's metadata asks only whether the
	// database is still at that generation: the service reads nothing and
	// answers empty, with UnchangedHeader.
	IfGenerationKey = "plein-if-generation"
	// UnchangedHeader answers IfGenerationKey: "true" or "false".
	UnchangedHeader = "plein-unchanged"
)

// Counter counts a database's commits. Its Committed method is an
// OnCommit hook (sqlite.DB.OnCommit).
type Counter struct {
	epoch   string
	commits atomic.Uint64
}

// NewCounter returns a counter with a fresh epoch.
func NewCounter() (*Counter, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("conditional: epoch: %w", err)
	}
	return &Counter{epoch: hex.EncodeToString(b[:])}, nil
}

// Committed counts one commit.
func (c *Counter) Committed() { c.commits.Add(1) }

// Generation is the database's generation now.
func (c *Counter) Generation() string {
	return c.epoch + "." + strconv.FormatUint(c.commits.Load(), 10)
}

// Serve is the first thing a read RPC that supports the question does.
// When the request asks (IfGenerationKey) it sets UnchangedHeader and
// returns true: the RPC then answers with an empty message. Otherwise it
// sets GenerationHeader and returns false. The generation is taken before
// the RPC reads, so a commit during the read makes the copy older than
// it says, never newer: the next question then gets "false". Outside a
// gRPC call (no stream to set headers on) the caller is simply told
// nothing, which it takes as "changed".
func Serve(ctx context.Context, c *Counter) (asked bool) {
	now := c.Generation()
	if held := metadata.ValueFromIncomingContext(ctx, IfGenerationKey); len(held) > 0 {
		_ = grpc.SetHeader(ctx, metadata.Pairs(UnchangedHeader, strconv.FormatBool(held[0] == now)))
		return true
	}
	_ = grpc.SetHeader(ctx, metadata.Pairs(GenerationHeader, now))
	return false
}

// Ask returns ctx asking whether the service is still at generation.
func Ask(ctx context.Context, generation string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, IfGenerationKey, generation)
}

// Unchanged reports whether an answer's header says the service is still
// at the generation asked about.
func Unchanged(header metadata.MD) bool {
	v := header.Get(UnchangedHeader)
	return len(v) == 1 && v[0] == "true"
}

// Generation returns the generation an answer's header names, if any.
func Generation(header metadata.MD) (string, bool) {
	v := header.Get(GenerationHeader)
	if len(v) != 1 || v[0] == "" {
		return "", false
	}
	return v[0], true
}
