// Package validation checks every incoming gRPC request against the
// protovalidate rules in its proto definition, so that input rules live in
// the contract and no handler sees a request that breaks them.
package validation

import (
	"context"
	"errors"
	"fmt"

	"buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate"
	"buf.build/go/protovalidate"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"

	"plein.dev/platform/rpcerr"
)

// UnaryInterceptor returns an interceptor that answers InvalidArgument, with
// a field violation per broken rule, for a request that fails validation.
func UnaryInterceptor() (grpc.UnaryServerInterceptor, error) {
	v, err := protovalidate.New()
	if err != nil {
		return nil, fmt.Errorf("protovalidate: %w", err)
	}
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, next grpc.UnaryHandler) (any, error) {
		if m, ok := req.(proto.Message); ok {
			if err := Check(v, m); err != nil {
				return nil, err
			}
		}
		return next(ctx, req)
	}, nil
}

// Check validates one message and returns an InvalidArgument status error
// naming each field (by its JSON name) that breaks a rule.
func Check(v protovalidate.Validator, m proto.Message) error {
	err := v.Validate(m)
	if err == nil {
		return nil
	}
	var ve *protovalidate.ValidationError
	if !errors.As(err, &ve) {
		return rpcerr.Invalid(codes.InvalidArgument, "invalid request")
	}
	var vs []rpcerr.Violation
	for _, viol := range ve.Violations {
		vs = append(vs, rpcerr.Violation{Field: jsonPath(viol), Reason: viol.Proto.GetMessage()})
	}
	return rpcerr.Invalid(codes.InvalidArgument, "invalid request", vs...)
}

// jsonPath renders the field path of a violation with JSON field names,
// e.g. "answers[0].questionId".
func jsonPath(v *protovalidate.Violation) string {
	var out string
	for _, el := range v.Proto.GetField().GetElements() {
		if out != "" {
			out += "."
		}
		out += lowerCamel(el.GetFieldName())
		if _, ok := el.GetSubscript().(*validate.FieldPathElement_Index); ok {
			out += fmt.Sprintf("[%d]", el.GetIndex())
		}
	}
	return out
}

func lowerCamel(s string) string {
	out := make([]byte, 0, len(s))
	up := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' {
			up = true
			continue
		}
		if up && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		up = false
		out = append(out, c)
	}
	return string(out)
}
