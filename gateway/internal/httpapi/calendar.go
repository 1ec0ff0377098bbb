package httpapi

import (
	"net/http"

	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// The calendar files are RFC 5545 text, not JSON, so these routes call the
// services themselves instead of going through grpc-gateway.

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

// registrationCalendar serves GET
// /api/v1/registrations/{registrationId}/calendar.ics: the registration's
// event. Manage token (?token= or X-Manage-Token) or organiser.
func registrationCalendar(c registrationsv1.RegistrationsServiceClient) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		resp, err := c.GetRegistrationCalendar(r.Context(), &registrationsv1.GetRegistrationCalendarRequest{
			RegistrationId: r.PathValue("registrationId"), Token: manageToken(r)})
		if err != nil {
			writeProblem(w, problemFromStatus(err))
			return
		}
		writeCalendar(w, "registration.ics", resp.GetData())
	}
}

func writeCalendar(w http.ResponseWriter, filename string, ics []byte) {
	writeFile(w, "text/calendar; charset=utf-8", filename, ics)
}
