package httpapi

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"

	"plein.dev/gateway/internal/seats"
	"plein.dev/platform/testkit"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// lateSeats answers GetSeats with the counts at version 5, after a change
// at version 4 reached the hub: announced before the counts were read,
// delivered to the stream after them.
type lateSeats struct {
	registrationsv1.RegistrationsServiceClient
	hub *seats.Hub
}

func (f lateSeats) GetSeats(_ context.Context, in *registrationsv1.GetSeatsRequest, _ ...grpc.CallOption) (*registrationsv1.GetSeatsResponse, error) {
	f.hub.Publish(seats.Counts{EventID: in.GetEventId(), Capacity: 10, SeatsTaken: 4, Version: 4})
	return &registrationsv1.GetSeatsResponse{Version: 5,
		Seats: &registrationsv1.Seats{EventId: in.GetEventId(), Capacity: 10, SeatsTaken: 5, SeatsFree: 5}}, nil
}

// TestSeatStreamNeverGoesBack: the first message carries the version of
// the counts read, an older change delivered after it is dropped, and a
// newer one follows with its own version as the message id.
func TestSeatStreamNeverGoesBack(t *testing.T) {
	t.Parallel()
	hub := seats.NewHub(testkit.Logger(t))
	s := &Server{log: testkit.Logger(t)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/events/{eventId}/seats/stream", s.seatStream(hub, lateSeats{hub: hub}))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/events/e1/seats/stream", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := bufio.NewScanner(resp.Body)
	// next returns the id and data of the next message.
	next := func() (id, data string) {
		for lines.Scan() {
			line := lines.Text()
			switch {
			case strings.HasPrefix(line, "id: "):
				id = strings.TrimPrefix(line, "id: ")
			case strings.HasPrefix(line, "data: "):
				data = strings.TrimPrefix(line, "data: ")
			case line == "" && data != "":
				return id, data
			}
		}
		t.Fatalf("stream ended: %v", lines.Err())
		return "", ""
	}
	if id, data := next(); id != "5" || !strings.Contains(data, `"seatsTaken":5`) {
		t.Fatalf("first message id %q data %s, want the counts at version 5", id, data)
	}
	hub.Publish(seats.Counts{EventID: "e1", Capacity: 10, SeatsTaken: 6, Version: 6})
	if id, data := next(); id != "6" || !strings.Contains(data, `"seatsTaken":6`) {
		t.Fatalf("second message id %q data %s, want version 6 (version 4 dropped)", id, data)
	}
}
