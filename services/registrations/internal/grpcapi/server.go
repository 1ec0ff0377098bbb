// Package grpcapi serves the registrations service's gRPC API. It maps
// requests onto the app's use cases and their results back to protobuf;
// who may call what is the app's to decide.
package grpcapi

import (
	"log/slog"

	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/app"
)

// Server implements registrationsv1.RegistrationsServiceServer.
type Server struct {
	registrationsv1.UnimplementedRegistrationsServiceServer
	app *app.App
	log *slog.Logger
}

// New returns the gRPC server of the registrations service.
func New(a *app.App, log *slog.Logger) *Server {
	return &Server{app: a, log: log}
}
