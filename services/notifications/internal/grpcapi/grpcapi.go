// Package grpcapi serves the notifications service's gRPC API: it maps
// protobuf requests onto app calls and the answers back; the app decides
// who may call what, and errors.go turns its errors into statuses.
package grpcapi

import (
	"log/slog"

	"plein.dev/notifications/internal/app"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
)

// Server implements notificationsv1.NotificationsServiceServer.
type Server struct {
	notificationsv1.UnimplementedNotificationsServiceServer
	app *app.App
	log *slog.Logger
}

// New returns the gRPC server of the notifications service.
func New(a *app.App, log *slog.Logger) *Server {
	return &Server{app: a, log: log}
}
