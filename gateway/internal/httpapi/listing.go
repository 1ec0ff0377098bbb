package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"sync"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"

	"plein.dev/platform/conditional"
	"plein.dev/platform/identity"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// listingCache keeps the last answer to each GET /api/v1/events a caller
// asked, with the generation of the events database it was read at. The
// same question again costs the events service one look at a counter
// instead of a query, and the gateway no JSON encoding: the copy is served
// as long as the events service says nothing was committed since (see
// package conditional), so it is never staler than a fresh read.
//
// A copy is kept per caller as the events service sees them (user, roles,
// ambassador, organisations) and per query string: what a listing shows
// depends on nothing else.
type listingCache struct {
	events eventsv1.EventsServiceClient
	// served counts the listings answered, by result: "copy" (a current
	// copy served) or "read" (read from the events service).
	served *prometheus.CounterVec

	mu     sync.Mutex
	copies map[string]listingCopy
}

// listingCopy is one kept answer.
type listingCopy struct {
	generation  string
	contentType string
	body        []byte
}

const (
	// maxListingCopies bounds the memory kept: at most this many answers
	// (a page of 50 events is about 40 kB of JSON).
	maxListingCopies = 128
	// maxListingBody is the largest answer kept.
	maxListingBody = 512 << 10
)

func newListingCache(events eventsv1.EventsServiceClient) *listingCache {
	return &listingCache{events: events, copies: make(map[string]listingCopy),
		served: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "plein_http_event_listings_total",
			Help: "GET /api/v1/events answered, by result: copy (a current copy kept by the gateway) or read (from the events service).",
		}, []string{"result"})}
}

// serve answers GET /api/v1/events from a current copy, or has next answer
// it and keeps the answer.
func (c *listingCache) serve(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			next.ServeHTTP(w, r)
			return
		}
		key := fmt.Sprintf("%#v?%s", identity.FromContext(r.Context()), r.URL.Query().Encode())
		if cp, ok := c.get(key); ok && c.current(r.Context(), cp.generation) {
			c.served.WithLabelValues("copy").Inc()
			w.Header().Set("Content-Type", cp.contentType)
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(cp.body)
			return
		}
		c.served.WithLabelValues("read").Inc()
		read := &listingRead{}
		rec := &recordingWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), listingReadKey{}, read)))
		if rec.status == http.StatusOK && read.generation != "" && !rec.overflow {
			c.put(key, listingCopy{generation: read.generation, contentType: rec.Header().Get("Content-Type"), body: rec.body})
		}
	})
}

// current asks the events service whether nothing was committed since
// generation; any failure counts as "changed", and the listing is read.
func (c *listingCache) current(ctx context.Context, generation string) bool {
	var header metadata.MD
	_, err := c.events.ListEvents(conditional.Ask(ctx, generation), &eventsv1.ListEventsRequest{}, grpc.Header(&header))
	return err == nil && conditional.Unchanged(header)
}

func (c *listingCache) get(key string) (listingCopy, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cp, ok := c.copies[key]
	return cp, ok
}

func (c *listingCache) put(key string, cp listingCopy) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.copies[key]; !ok && len(c.copies) >= maxListingCopies {
		for k := range c.copies { // any one: map order is random
			delete(c.copies, k)
			break
		}
	}
	c.copies[key] = cp
}

// listingRead carries the generation a listing was read at from the
// grpc-gateway handler (recordListingGeneration) back to serve.
type listingRead struct{ generation string }

type listingReadKey struct{}

// recordListingGeneration is a forward-response option: for a request
// that serve passes on, it notes the generation the events service
// answered at.
func recordListingGeneration(ctx context.Context, _ http.ResponseWriter, _ proto.Message) error {
	read, ok := ctx.Value(listingReadKey{}).(*listingRead)
	if !ok {
		return nil
	}
	if md, ok := runtime.ServerMetadataFromContext(ctx); ok {
		read.generation, _ = conditional.Generation(md.HeaderMD)
	}
	return nil
}

// recordingWriter writes through and keeps a copy of the status and of a
// body up to maxListingBody.
type recordingWriter struct {
	http.ResponseWriter
	status   int
	body     []byte
	overflow bool
}

func (w *recordingWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func (w *recordingWriter) Write(b []byte) (int, error) {
	if !w.overflow {
		if len(w.body)+len(b) > maxListingBody {
			w.overflow, w.body = true, nil
		} else {
			w.body = append(w.body, b...)
		}
	}
	return w.ResponseWriter.Write(b)
}
