package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"github.com/grpc-ecosystem/grpc-gateway/v2/utilities"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"
)

// Input of the wrong type (a date-time that is not one, a number in
// quotes that is not a number) is refused by grpc-gateway before any
// service sees it, with protojson's message for programmers ("proto: (line
// 1:38): invalid google.protobuf.Timestamp value") and without naming the
// field. Here each field at fault is found again and named in invalidParams
// with what it must be (decode_reasons.go):
//
//   - a body: plainJSON decodes exactly as grpc-gateway's JSONPb does and,
//     when that fails, leaves the fields at fault on the request's body
//     (a *recordingBody, put there by recordBodyFaults);
//   - a query string (read by grpc-gateway where a rule has no body, as our
//     GET and DELETE rules have none): the error handler parses each
//     parameter again into the RPC's request message.

// plainJSON is grpc-gateway's JSONPb with a decoder that explains its
// failures.
type plainJSON struct {
	*runtime.JSONPb
}

// NewDecoder decodes as JSONPb does. On failure it returns an error in
// plain words and, when r is a *recordingBody, records each field at fault
// on it for the error handler.
func (j plainJSON) NewDecoder(r io.Reader) runtime.Decoder {
	return runtime.DecoderFunc(func(v any) error {
		raw, err := io.ReadAll(r)
		if err != nil {
			return fmt.Errorf("read the request body: %w", err)
		}
		err = j.JSONPb.NewDecoder(bytes.NewReader(raw)).Decode(v)
		if err == nil || errors.Is(err, io.EOF) {
			return err // io.EOF: no body, which grpc-gateway accepts
		}
		var params []InvalidParam
		if m, ok := v.(proto.Message); ok {
			params = bodyFaults(raw, m.ProtoReflect())
		}
		if rb, ok := r.(*recordingBody); ok {
			rb.faulty, rb.params = true, params
		}
		return errBodyFaults{params}
	})
}

// errBodyFaults is what a client is told when the error handler has
// nothing better: the fields at fault, in plain words.
type errBodyFaults struct{ params []InvalidParam }

func (e errBodyFaults) Error() string {
	if len(e.params) == 0 {
		return "the request body does not fit this request"
	}
	var b strings.Builder
	b.WriteString("the request body does not fit this request: ")
	for i, p := range e.params {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Name + " " + p.Reason)
	}
	return b.String()
}

// recordingBody is a request body on which plainJSON's decoder records
// what was wrong with it.
type recordingBody struct {
	io.ReadCloser
	faulty bool
	params []InvalidParam
}

// recordBodyFaults lets plainJSON's decoder tell the error handler about
// the request's body.
func recordBodyFaults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = &recordingBody{ReadCloser: r.Body}
		}
		next.ServeHTTP(w, r)
	})
}

// inputProblem is the 400 for a request grpc-gateway could not turn into
// the RPC's request message (err), naming each field at fault; ok is false
// for every other error.
func inputProblem(ctx context.Context, r *http.Request, err error) (p Problem, ok bool) {
	if status.Code(err) != codes.InvalidArgument {
		return Problem{}, false
	}
	if rb, isRecording := r.Body.(*recordingBody); isRecording && rb.faulty {
		if len(rb.params) == 0 {
			return newProblem(http.StatusBadRequest, "the request body does not fit this request: it must be a JSON object of the fields the API document lists"), true
		}
		return newProblem(http.StatusBadRequest, "the request body has fields of the wrong type or unknown fields", rb.params...), true
	}
	if r.Method != http.MethodGet && r.Method != http.MethodDelete {
		return Problem{}, false
	}
	if params := queryFaults(rpcInput(ctx), r.URL.Query()); len(params) > 0 {
		return newProblem(http.StatusBadRequest, "the query has parameters of the wrong type", params...), true
	}
	return Problem{}, false
}

// queryFaults parses each query parameter alone into a message md, as
// grpc-gateway does, and names those that fail.
func queryFaults(md protoreflect.MessageDescriptor, query url.Values) []InvalidParam {
	if md == nil {
		return nil
	}
	var params []InvalidParam
	for _, key := range slices.Sorted(maps.Keys(query)) {
		msg := newMessage(md)
		if runtime.PopulateQueryParameters(msg, url.Values{key: query[key]}, utilities.NewDoubleArray(nil)) == nil {
			continue
		}
		reason := "is not valid here"
		if fd := queryField(md, key); fd != nil {
			reason = queryReason(fd, len(query[key]))
		}
		params = append(params, InvalidParam{Name: key, Reason: reason})
	}
	return params
}

// rpcInput is the request message of the RPC grpc-gateway is calling.
func rpcInput(ctx context.Context) protoreflect.MessageDescriptor {
	method, ok := runtime.RPCMethod(ctx) // "/plein.events.v1.EventsService/ListEvents"
	if !ok {
		return nil
	}
	name := protoreflect.FullName(strings.ReplaceAll(strings.TrimPrefix(method, "/"), "/", "."))
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(name)
	if err != nil {
		return nil
	}
	if m, ok := d.(protoreflect.MethodDescriptor); ok {
		return m.Input()
	}
	return nil
}

// newMessage is an empty message of md's type, of its generated Go type
// where there is one.
func newMessage(md protoreflect.MessageDescriptor) proto.Message {
	if mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName()); err == nil {
		return mt.New().Interface()
	}
	return dynamicpb.NewMessage(md)
}

// queryField finds the field a query parameter names: a dotted path of
// proto or JSON names, as grpc-gateway reads it.
func queryField(md protoreflect.MessageDescriptor, key string) protoreflect.FieldDescriptor {
	var fd protoreflect.FieldDescriptor
	for _, part := range strings.Split(key, ".") {
		if md == nil {
			return nil
		}
		fd = field(md, part)
		if fd == nil {
			return nil
		}
		md = fd.Message()
	}
	return fd
}

// field finds a field by its JSON or its proto name, as protojson does.
func field(md protoreflect.MessageDescriptor, name string) protoreflect.FieldDescriptor {
	if fd := md.Fields().ByJSONName(name); fd != nil {
		return fd
	}
	return md.Fields().ByName(protoreflect.Name(name))
}

// jsonProblem is the 400 for a body the hand-written routes could not
// decode (encoding/json): a value of the wrong type names its field.
func jsonProblem(err error) Problem {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return newProblem(http.StatusBadRequest, "the request body has fields of the wrong type",
			InvalidParam{Name: typeErr.Field, Reason: goTypeReason(typeErr.Type)})
	}
	return newProblem(http.StatusBadRequest, "malformed JSON: "+err.Error())
}
