package grpcapi

import (
	"context"

	"google.golang.org/grpc/codes"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/platform/rpcerr"
)

// sentinels are the service's outcomes other than a broken rule (rule
// errors, ErrClosed and ErrTermEnded among them, answer FailedPrecondition
// or AlreadyExists with their fields; see rpcerr.Status).
var sentinels = map[error]codes.Code{
	domain.ErrNotFound:  codes.NotFound,
	domain.ErrForbidden: codes.PermissionDenied,
}

// status maps an error of op to the status the client gets; anything
// unknown is logged and answered as a bare Internal.
func (s *Server) status(ctx context.Context, op string, err error) error {
	return rpcerr.Status(ctx, s.log, op, err, sentinels)
}
