package grpcapi_test

import (
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"

	"plein.dev/platform/conditional"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// A listing names the generation it was read at; asking about that
// generation reads nothing and says "unchanged" until the next commit.
func TestListingGeneration(t *testing.T) {
	t.Parallel()
	c := start(t)
	var header metadata.MD
	must[*eventsv1.ListEventsResponse](t)(c.ListEvents(anonCtx, &eventsv1.ListEventsRequest{}, grpc.Header(&header)))
	gen, ok := conditional.Generation(header)
	if !ok {
		t.Fatalf("no generation in the listing's header %v", header)
	}
	ask := func() (bool, *eventsv1.ListEventsResponse) {
		t.Helper()
		var h metadata.MD
		resp := must[*eventsv1.ListEventsResponse](t)(c.ListEvents(conditional.Ask(anonCtx, gen), &eventsv1.ListEventsRequest{}, grpc.Header(&h)))
		if len(h.Get(conditional.UnchangedHeader)) != 1 {
			t.Fatalf("no answer to the question in header %v", h)
		}
		return conditional.Unchanged(h), resp
	}
	if unchanged, _ := ask(); !unchanged {
		t.Fatal("changed with no commit since the listing")
	}
	must[*eventsv1.CreateEventResponse](t)(c.CreateEvent(orgCtx, &eventsv1.CreateEventRequest{Title: "Nieuw",
		Location: proto.String("Stadhuis"), Capacity: proto.Int32(10), StartsAt: ts(2, 9, 0), EndsAt: ts(2, 10, 0),
		Visibility: "public"}))
	unchanged, resp := ask()
	if unchanged {
		t.Error("unchanged after an event was created")
	}
	if len(resp.GetItems()) != 0 {
		t.Errorf("a question was answered with %d events; it reads nothing", len(resp.GetItems()))
	}
	header = nil
	must[*eventsv1.ListEventsResponse](t)(c.ListEvents(anonCtx, &eventsv1.ListEventsRequest{}, grpc.Header(&header)))
	if now, _ := conditional.Generation(header); now == gen {
		t.Errorf("generation %s did not move with a commit", now)
	}
}
