package httpapi

import (
	"net/http"

	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// The calendar files are RFC 5545 text, not JSON, so these two routes call
// the events service themselves instead of going through grpc-gateway.

// eventCalendar serves GET /api/v1/events/{eventId}/calendar.ics.
func eventCalendar(events eventsv1.EventsServiceClient) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("eventId")
		resp, err := events.GetEventCalendar(r.Context(), &eventsv1.GetEventCalendarRequest{EventId: id})
		if err != nil {
			writeProblem(w, problemFromStatus(err))
			return
		}
		writeCalendar(w, "event-"+id+".ics", resp.GetIcs())
	}
}

// calendarFeed serves GET /api/v1/calendar.ics?programmeId=&venueId=.
func calendarFeed(events eventsv1.EventsServiceClient) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		resp, err := events.GetCalendar(r.Context(), &eventsv1.GetCalendarRequest{
			ProgrammeId: q.Get("programmeId"), VenueId: q.Get("venueId")})
		if err != nil {
			writeProblem(w, problemFromStatus(err))
			return
		}
		writeCalendar(w, "plein.ics", resp.GetIcs())
	}
}

func writeCalendar(w http.ResponseWriter, filename string, ics []byte) {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="`+filename+`"`)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(ics) // the client may be gone; nothing to do then
}
