package grpcapi

import (
	"context"

	"google.golang.org/grpc/codes"

	"plein.dev/events/internal/domain"
	"plein.dev/platform/rpcerr"
)

// sentinels are the service's outcomes that are not rule refusals. Rule
// refusals (*rule.Error, which domain.RoomConflictError,
// SeriesConflictError and TransitionError are too) carry their own code.
var sentinels = map[error]codes.Code{
	domain.ErrNotFound:     codes.NotFound,
	domain.ErrDuplicate:    codes.AlreadyExists,
	domain.ErrNoAmbassador: codes.PermissionDenied,
}

// status maps an error of op to the gRPC status answered; anything unknown
// is logged and answered as a bare Internal.
func (s *Server) status(ctx context.Context, op string, err error) error {
	return rpcerr.Status(ctx, s.log, op, err, sentinels)
}
