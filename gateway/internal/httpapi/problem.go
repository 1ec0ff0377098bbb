package httpapi

import (
	"encoding/json"
	"net/http"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/rpcerr"
)

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type          string         `json:"type"`
	Title         string         `json:"title"`
	Status        int            `json:"status"`
	Detail        string         `json:"detail,omitempty"`
	InvalidParams []InvalidParam `json:"invalidParams,omitempty"`
}

// InvalidParam names an input field and what is wrong with it.
type InvalidParam struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// httpStatus is the one table from gRPC codes to HTTP statuses.
var httpStatus = map[codes.Code]int{
	codes.OK:                 http.StatusOK,
	codes.InvalidArgument:    http.StatusBadRequest,
	codes.OutOfRange:         http.StatusBadRequest,
	codes.Unauthenticated:    http.StatusUnauthorized,
	codes.PermissionDenied:   http.StatusForbidden,
	codes.NotFound:           http.StatusNotFound,
	codes.AlreadyExists:      http.StatusConflict,
	codes.Aborted:            http.StatusConflict,
	codes.FailedPrecondition: http.StatusUnprocessableEntity,
	codes.ResourceExhausted:  http.StatusTooManyRequests,
	codes.Unimplemented:      http.StatusNotImplemented,
	codes.Unavailable:        http.StatusServiceUnavailable,
	codes.DeadlineExceeded:   http.StatusGatewayTimeout,
	codes.Canceled:           499,
}

// statusDetail is what a client is told for codes whose message could
// reveal internals.
var statusDetail = map[codes.Code]string{
	codes.Internal:         "something went wrong on our side",
	codes.Unknown:          "something went wrong on our side",
	codes.DataLoss:         "something went wrong on our side",
	codes.Unavailable:      "a service is unavailable; try again shortly",
	codes.DeadlineExceeded: "a service took too long to answer",
}

// problemFromStatus turns a gRPC status into a problem document.
func problemFromStatus(err error) Problem {
	st := status.Convert(err)
	code := http.StatusInternalServerError
	if c, ok := httpStatus[st.Code()]; ok {
		code = c
	}
	detail := st.Message()
	if d, ok := statusDetail[st.Code()]; ok {
		detail = d
	}
	p := newProblem(code, detail)
	for _, v := range rpcerr.Violations(err) {
		p.InvalidParams = append(p.InvalidParams, InvalidParam{Name: v.Field, Reason: v.Reason})
	}
	return p
}

func newProblem(code int, detail string, params ...InvalidParam) Problem {
	title := http.StatusText(code)
	if title == "" {
		title = "Client Closed Request"
	}
	return Problem{Type: "about:blank", Title: title, Status: code, Detail: detail, InvalidParams: params}
}

func writeProblem(w http.ResponseWriter, p Problem) {
	if w.Header().Get("Retry-After") == "" {
		switch p.Status {
		case http.StatusTooManyRequests:
			w.Header().Set("Retry-After", "60")
		case http.StatusServiceUnavailable:
			// A service that did not come back within the call's deadline.
			w.Header().Set("Retry-After", "5")
		}
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Del("Content-Length")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p) // the client may be gone; nothing to do then
}
