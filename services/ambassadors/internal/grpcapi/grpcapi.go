// Package grpcapi serves the ambassadors service's gRPC API. It maps
// protobuf requests onto one app call each and the answers back; the app
// decides who may call what, and errors.go turns its errors into statuses.
package grpcapi

import (
	"log/slog"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/domain"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// Server implements ambassadorsv1.AmbassadorsServiceServer.
type Server struct {
	ambassadorsv1.UnimplementedAmbassadorsServiceServer
	app *app.App
	log *slog.Logger
}

// New returns the gRPC server of the ambassadors service.
func New(a *app.App, log *slog.Logger) *Server {
	return &Server{app: a, log: log}
}

// optDate parses an optional YYYY-MM-DD input; nil stays nil.
func optDate(field string, s *string) (*domain.Date, error) {
	if s == nil {
		return nil, nil
	}
	d, err := domain.ParseDate(field, *s)
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// dateOrEmpty parses a YYYY-MM-DD input that may be left empty.
func dateOrEmpty(field, s string) (domain.Date, error) {
	if s == "" {
		return "", nil
	}
	return domain.ParseDate(field, s)
}
