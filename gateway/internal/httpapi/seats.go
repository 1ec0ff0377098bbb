package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"plein.dev/gateway/internal/seats"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// heartbeat keeps proxies from closing a quiet stream.
const heartbeat = 15 * time.Second

// seatStream answers GET /api/v1/events/{eventId}/seats/stream with
// Server-Sent Events: the current counts at once, then one message per
// change, and a comment line every heartbeat. Each message's id is the
// version of its counts; a change no newer than what the client was last
// sent (one announced before the current counts were read, and delivered
// after) is dropped, so the figures never go back.
func (s *Server) seatStream(hub *seats.Hub, c registrationsv1.RegistrationsServiceClient) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		eventID := r.PathValue("eventId")
		// Watch before reading the current counts, so no change falls
		// between the two.
		changes, stop := hub.Watch(eventID)
		defer stop()
		resp, err := c.GetSeats(r.Context(), &registrationsv1.GetSeatsRequest{EventId: eventID})
		if err != nil {
			writeProblem(w, problemFromStatus(err))
			return
		}
		rc := http.NewResponseController(w)
		// The server's write timeout is for ordinary answers, not streams.
		if err := rc.SetWriteDeadline(time.Time{}); err != nil {
			writeProblem(w, newProblem(http.StatusInternalServerError, "streaming is not supported here"))
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/event-stream")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Accel-Buffering", "no")
		w.WriteHeader(http.StatusOK)
		cur := resp.GetSeats()
		var sent int64 // the version of the counts last sent
		send := func(c seats.Counts) bool {
			if sent > 0 && c.Version <= sent {
				return true
			}
			sent = c.Version
			data, _ := json.Marshal(c) // Counts always marshals
			if _, err := fmt.Fprintf(w, "id: %d\nevent: seats\ndata: %s\n\n", c.Version, data); err != nil {
				return false
			}
			return rc.Flush() == nil
		}
		if !send(seats.Counts{EventID: eventID, Capacity: cur.GetCapacity(), SeatsTaken: cur.GetSeatsTaken(),
			WaitlistLength: cur.GetWaitlistLength(), SeatsFree: cur.GetSeatsFree(), Version: resp.GetVersion()}) {
			return
		}
		tick := time.NewTicker(heartbeat)
		defer tick.Stop()
		for {
			select {
			case <-r.Context().Done():
				return
			case c := <-changes:
				if !send(c) {
					return
				}
			case <-tick.C:
				if _, err := fmt.Fprint(w, ": heartbeat\n\n"); err != nil || rc.Flush() != nil {
					return
				}
			}
		}
	}
}
