package httpapi

import (
	"net/http"

	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// registrationRoutes puts the registrations routes that are not plain
// grpc-gateway JSON in front of gw: the CSV export of an event's attendee
// list, the manage token in the X-Manage-Token header, a registration's QR
// code and calendar file. Everything else goes to gw unchanged.
func registrationRoutes(gw http.Handler, c registrationsv1.RegistrationsServiceClient) http.Handler {
	m := http.NewServeMux()
	m.Handle("GET /api/v1/events/{eventId}/registrations", registrationsCSV(gw, c))
	m.Handle("GET /api/v1/registrations/{registrationId}", manageTokenHeader(gw))
	m.Handle("DELETE /api/v1/registrations/{registrationId}", manageTokenHeader(gw))
	m.HandleFunc("GET /api/v1/registrations/{registrationId}/qr", registrationQR(c))
	m.HandleFunc("GET /api/v1/registrations/{registrationId}/calendar.ics", registrationCalendar(c))
	m.Handle("/", gw)
	return m
}

// manageTokenHeader lets a client send the manage token in the
// X-Manage-Token header instead of the URL (where it may end up in proxy
// logs and browser history); the header wins over ?token=.
func manageTokenHeader(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok := r.Header.Get("X-Manage-Token"); tok != "" {
			r = r.Clone(r.Context())
			q := r.URL.Query()
			q.Set("token", tok)
			r.URL.RawQuery = q.Encode()
			r.Header.Del("X-Manage-Token")
		}
		next.ServeHTTP(w, r)
	})
}

// manageToken returns the manage token a request carries, header first.
func manageToken(r *http.Request) string {
	if tok := r.Header.Get("X-Manage-Token"); tok != "" {
		return tok
	}
	return r.URL.Query().Get("token")
}
