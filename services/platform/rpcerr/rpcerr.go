// Package rpcerr builds the gRPC statuses the services return, so that the
// gateway can turn them into problem+json with invalidParams.
package rpcerr

import (
	"context"
	"errors"
	"log/slog"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/page"
	"plein.dev/platform/rule"
)

// Violation names a field and what is wrong with it; Field uses the JSON
// (lowerCamelCase) name the client sent.
type Violation struct {
	Field  string
	Reason string
}

// Invalid returns an error with the given code (InvalidArgument for
// malformed input, FailedPrecondition for a rule the input breaks) that
// carries the violations as google.rpc.BadRequest details.
func Invalid(code codes.Code, msg string, vs ...Violation) error {
	st := status.New(code, msg)
	if len(vs) == 0 {
		return st.Err()
	}
	br := &errdetails.BadRequest{}
	for _, v := range vs {
		br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{
			Field: v.Field, Description: v.Reason,
		})
	}
	withDetails, err := st.WithDetails(br)
	if err != nil {
		return st.Err()
	}
	return withDetails.Err()
}

// Violations returns the field violations an error carries, if any.
func Violations(err error) []Violation {
	st, ok := status.FromError(err)
	if !ok {
		return nil
	}
	var out []Violation
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, fv := range br.GetFieldViolations() {
				out = append(out, Violation{Field: fv.GetField(), Reason: fv.GetDescription()})
			}
		}
	}
	return out
}

// Internal logs err in full and returns a status that reveals nothing of it.
// Context cancellation and deadlines keep their own codes.
func Internal(ctx context.Context, log *slog.Logger, op string, err error) error {
	switch {
	case errors.Is(err, context.Canceled):
		return status.Error(codes.Canceled, "request cancelled")
	case errors.Is(err, context.DeadlineExceeded):
		return status.Error(codes.DeadlineExceeded, "deadline exceeded")
	}
	log.ErrorContext(ctx, op, "err", err)
	return status.Error(codes.Internal, "internal error")
}

// Status maps a service's error to the status it returns: a *rule.Error to
// InvalidArgument, FailedPrecondition or AlreadyExists with its fields; an
// invalid page token to InvalidArgument; an error that is (errors.Is) one of
// the sentinels to that sentinel's code with the sentinel's text; context
// errors to their own codes; anything else is logged under op and becomes a
// bare Internal. Every service maps its errors here, with its own sentinels.
func Status(ctx context.Context, log *slog.Logger, op string, err error, sentinels map[error]codes.Code) error {
	if err == nil {
		return nil
	}
	if _, ok := status.FromError(err); ok {
		return err
	}
	var re *rule.Error
	if errors.As(err, &re) {
		code := map[rule.Kind]codes.Code{rule.Invalid: codes.InvalidArgument, rule.Unmet: codes.FailedPrecondition,
			rule.Taken: codes.AlreadyExists}[re.Kind]
		vs := make([]Violation, len(re.Violations))
		for i, v := range re.Violations {
			vs[i] = Violation(v)
		}
		return Invalid(code, re.Error(), vs...)
	}
	if errors.Is(err, page.ErrInvalid) {
		return Invalid(codes.InvalidArgument, "invalid page token", Violation{Field: "pageToken", Reason: "not a token this list returned"})
	}
	for sentinel, code := range sentinels {
		if errors.Is(err, sentinel) {
			return status.Error(code, sentinel.Error())
		}
	}
	return Internal(ctx, log, op, err)
}
