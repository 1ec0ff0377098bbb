// Package deadletters serves a service's dead letters (the messages its
// consumers gave up on, see inbox) over gRPC: plein.ops.v1.DeadLettersService,
// which service.Run registers for every service. Administrators only.
package deadletters

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/identity"
	"plein.dev/platform/inbox"
	"plein.dev/platform/rpcerr"
	"plein.dev/platform/sqlite"
	opsv1 "plein.dev/proto/gen/plein/ops/v1"
)

// listLimit bounds a list: dead letters are few, or something is wrong
// that a list of thousands does not help with.
const listLimit = 1000

// Server serves the dead letters of one service's database.
type Server struct {
	opsv1.UnimplementedDeadLettersServiceServer
	service  string
	db       *sqlite.DB
	log      *slog.Logger
	handlers map[Consumer]inbox.Handler
}

// Consumer names a durable consumer of a stream.
type Consumer struct{ Stream, Durable string }

// New returns the server of service's dead letters in db. handlers are the
// handlers of the service's consumers, which a retry applies a dead letter
// with.
func New(service string, db *sqlite.DB, handlers map[Consumer]inbox.Handler, log *slog.Logger) *Server {
	return &Server{service: service, db: db, log: log, handlers: handlers}
}

// ID is the id of dead letter n of service, unique across the services:
// "<service>-<n>".
func ID(service string, n int64) string { return service + "-" + strconv.FormatInt(n, 10) }

// ParseID splits an id made by ID into its service and number.
func ParseID(id string) (service string, n int64, ok bool) {
	i := strings.LastIndexByte(id, '-')
	if i <= 0 {
		return "", 0, false
	}
	n, err := strconv.ParseInt(id[i+1:], 10, 64)
	if err != nil || n <= 0 {
		return "", 0, false
	}
	return id[:i], n, true
}

// ListDeadLetters lists the service's dead letters, the oldest first.
func (s *Server) ListDeadLetters(ctx context.Context, _ *opsv1.ListDeadLettersRequest) (*opsv1.ListDeadLettersResponse, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return nil, err
	}
	dead, err := inbox.DeadLetters(ctx, s.db, listLimit)
	if err != nil {
		return nil, rpcerr.Internal(ctx, s.log, "list dead letters", err)
	}
	out := make([]*opsv1.DeadLetter, len(dead))
	for i, d := range dead {
		out[i] = &opsv1.DeadLetter{Id: ID(s.service, d.ID), Service: s.service, Consumer: d.Consumer, Stream: d.Stream,
			StreamSequence: d.StreamSeq, Subject: d.Subject, MessageId: d.MsgID, Aggregate: d.Aggregate,
			Version: d.Version, Error: d.Error, Attempts: int32(d.Attempts),
			FirstFailedAt: millis(d.FirstFailed), LastFailedAt: millis(d.LastFailed)}
	}
	return &opsv1.ListDeadLettersResponse{DeadLetters: out}, nil
}

// RetryDeadLetter applies a dead letter again; see inbox.Retry.
func (s *Server) RetryDeadLetter(ctx context.Context, req *opsv1.RetryDeadLetterRequest) (*opsv1.RetryDeadLetterResponse, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return nil, err
	}
	service, n, ok := ParseID(req.GetId())
	if !ok || service != s.service {
		return nil, status.Errorf(codes.NotFound, "no dead letter %s in %s", req.GetId(), s.service)
	}
	res, err := inbox.Retry(ctx, s.db, n, func(stream, durable string) (inbox.Handler, bool) {
		h, ok := s.handlers[Consumer{Stream: stream, Durable: durable}]
		return h, ok
	})
	switch {
	case errors.Is(err, inbox.ErrNoDeadLetter):
		return nil, status.Errorf(codes.NotFound, "no dead letter %s (retried already?)", req.GetId())
	case errors.Is(err, inbox.ErrFailedAgain):
		s.log.WarnContext(ctx, "dead letter failed again", "dead_letter", req.GetId(), "err", err)
		return nil, status.Errorf(codes.FailedPrecondition, "dead letter %s failed again and stays: %s", req.GetId(), cause(err))
	case err != nil:
		return nil, rpcerr.Internal(ctx, s.log, "retry dead letter", err)
	}
	s.log.InfoContext(ctx, "dead letter retried", "dead_letter", req.GetId(), "outcome", res.String())
	return &opsv1.RetryDeadLetterResponse{Outcome: res.String()}, nil
}

// DiscardDeadLetter drops a dead letter without applying it; the log keeps
// what it was.
func (s *Server) DiscardDeadLetter(ctx context.Context, req *opsv1.DiscardDeadLetterRequest) (*opsv1.DiscardDeadLetterResponse, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return nil, err
	}
	service, n, ok := ParseID(req.GetId())
	if !ok || service != s.service {
		return nil, status.Errorf(codes.NotFound, "no dead letter %s in %s", req.GetId(), s.service)
	}
	d, err := inbox.Discard(ctx, s.db, n)
	switch {
	case errors.Is(err, inbox.ErrNoDeadLetter):
		return nil, status.Errorf(codes.NotFound, "no dead letter %s", req.GetId())
	case err != nil:
		return nil, rpcerr.Internal(ctx, s.log, "discard dead letter", err)
	}
	s.log.InfoContext(ctx, "dead letter discarded", "dead_letter", req.GetId(), "by", identity.FromContext(ctx).UserID,
		"consumer", d.Consumer, "stream", d.Stream, "stream_seq", d.StreamSeq, "subject", d.Subject, "msg_id", d.MsgID)
	return &opsv1.DiscardDeadLetterResponse{}, nil
}

// CountDeadLetters counts the dead letters per consumer (by durable name:
// consumers of different streams with one name share their counts, as
// they share their inbox).
func (s *Server) CountDeadLetters(ctx context.Context, _ *opsv1.CountDeadLettersRequest) (*opsv1.CountDeadLettersResponse, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return nil, err
	}
	counts, err := s.counts(ctx)
	if err != nil {
		return nil, rpcerr.Internal(ctx, s.log, "count dead letters", err)
	}
	out := &opsv1.CountDeadLettersResponse{Service: s.service}
	for _, c := range counts {
		out.Consumers = append(out.Consumers, &opsv1.ConsumerDeadLetters{Consumer: c.Consumer, Waiting: c.Waiting, Total: c.Total})
	}
	return out, nil
}

// counts counts the dead letters of every consumer, by durable name. Every
// consumer is counted, also at zero, so that the metrics exist before the
// first dead letter.
func (s *Server) counts(ctx context.Context) ([]inbox.ConsumerCount, error) {
	counts, err := inbox.Counts(ctx, s.db)
	if err != nil {
		return nil, err
	}
	byDurable := map[string]inbox.ConsumerCount{}
	for c := range s.handlers {
		byDurable[c.Durable] = inbox.ConsumerCount{Consumer: c.Durable}
	}
	for _, c := range counts {
		byDurable[c.Consumer] = c
	}
	out := make([]inbox.ConsumerCount, 0, len(byDurable))
	for _, durable := range slices.Sorted(maps.Keys(byDurable)) {
		out = append(out, byDurable[durable])
	}
	return out, nil
}

// cause is what follows ErrFailedAgain in err's text: the handler's error.
func cause(err error) string {
	msg := err.Error()
	if _, after, ok := strings.Cut(msg, inbox.ErrFailedAgain.Error()+": "); ok {
		return after
	}
	return msg
}

func millis(ms int64) *timestamppb.Timestamp { return timestamppb.New(time.UnixMilli(ms)) }
