// Package grpcapi serves the events service's gRPC API: each RPC maps its
// request onto one app method and the answer back to protobuf; app decides
// who may call it. errors.go maps the errors to gRPC statuses.
package grpcapi

import (
	"log/slog"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/events/internal/app"
	"plein.dev/platform/conditional"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// Server implements eventsv1.EventsServiceServer.
type Server struct {
	eventsv1.UnimplementedEventsServiceServer
	app *app.App
	// commits counts the commits to the events database: ListEvents tells
	// a caller holding a copy of a listing whether it is still current
	// (see package conditional).
	commits *conditional.Counter
	log     *slog.Logger
}

// New returns the gRPC server of the events service; commits must count
// every commit of a's database.
func New(a *app.App, commits *conditional.Counter, log *slog.Logger) *Server {
	return &Server{app: a, commits: commits, log: log}
}

func optTime(ts *timestamppb.Timestamp) *time.Time {
	if ts == nil {
		return nil
	}
	t := ts.AsTime()
	return &t
}
