package grpcapi

import (
	"context"

	"google.golang.org/grpc/codes"

	"plein.dev/platform/rpcerr"
	"plein.dev/registrations/internal/domain"
)

// sentinels are the service's errors beside rule errors, and their codes.
var sentinels = map[error]codes.Code{
	domain.ErrNotFound: codes.NotFound,
}

// status maps an error of operation op to the status the API returns.
func (s *Server) status(ctx context.Context, op string, err error) error {
	return rpcerr.Status(ctx, s.log, op, err, sentinels)
}
