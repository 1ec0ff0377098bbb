package web

import (
	"net/http"
	"net/url"
	"slices"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// The reasons, in ?probleem= of the attendees page, that moving someone
// off the waiting list failed: no free seat, or the registration or event
// no longer allows it.
var promoteProblems = []string{"vol", "kanniet"}

func promoteProblem(r *http.Request) string {
	if p := r.URL.Query().Get("probleem"); slices.Contains(promoteProblems, p) {
		return p
	}
	return ""
}

// promoteAttendee serves POST
// /beheer/evenementen/{eventId}/deelnemers/{registrationId}/doorschuiven:
// the organiser gives a free seat to this person on the waiting list,
// ahead of their turn; the attendees page tells how it went.
func (h *Handler) promoteAttendee(w http.ResponseWriter, r *http.Request, _ *session) {
	eventID, id := r.PathValue("eventId"), r.PathValue("registrationId")
	reg, err := h.registrations.GetRegistration(r.Context(), &registrationsv1.GetRegistrationRequest{RegistrationId: id})
	if err != nil {
		h.staffFailed(w, r, "promote attendee", err)
		return
	}
	if reg.GetRegistration().GetEventId() != eventID {
		h.fail(w, r, http.StatusNotFound, "error.notFound")
		return
	}
	back := "/beheer/evenementen/" + url.PathEscape(eventID) + "/deelnemers?"
	_, err = h.registrations.PromoteRegistration(r.Context(), &registrationsv1.PromoteRegistrationRequest{RegistrationId: id})
	switch status.Code(err) {
	case codes.OK:
		http.Redirect(w, r, back+"melding=doorgeschoven", http.StatusSeeOther)
	case codes.AlreadyExists:
		http.Redirect(w, r, back+"probleem=vol", http.StatusSeeOther)
	case codes.FailedPrecondition:
		http.Redirect(w, r, back+"probleem=kanniet", http.StatusSeeOther)
	default:
		h.staffFailed(w, r, "promote attendee", err)
	}
}
