// Package grpcapi serves the events service's gRPC API: each RPC maps its
// request onto one app method and the answer back to protobuf; app decides
// who may call it. errors.go maps the errors to gRPC statuses.
package grpcapi

import (
	"log/slog"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/events/internal/app"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// Server implements eventsv1.EventsServiceServer.
type Server struct {
	eventsv1.UnimplementedEventsServiceServer
	app *app.App
	log *slog.Logger
}

// New returns the gRPC server of the events service.
func New(a *app.App, log *slog.Logger) *Server {
	return &Server{app: a, log: log}
}

func optTime(ts *timestamppb.Timestamp) *time.Time {
	if ts == nil {
		return nil
	}
	t := ts.AsTime()
	return &t
}
