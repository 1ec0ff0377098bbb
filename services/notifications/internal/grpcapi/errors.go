package grpcapi

import (
	"context"

	"google.golang.org/grpc/codes"

	"plein.dev/platform/rpcerr"
)

// sentinels: the service answers no outcome of its own beyond rule errors,
// invalid page tokens and the caller's rights, which rpcerr.Status and
// identity.Require cover.
var sentinels = map[error]codes.Code{}

// status maps an error of op to the status the client gets; anything
// unknown is logged and answered as a bare Internal.
func (s *Server) status(ctx context.Context, op string, err error) error {
	return rpcerr.Status(ctx, s.log, op, err, sentinels)
}
