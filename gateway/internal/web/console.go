package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/rpcerr"
	"plein.dev/platform/zone"
)

// consoleRoutes registers the organiser console: each pattern with its
// handler, which route guards by the organiser role (staff.go).
func (h *Handler) consoleRoutes(route func(method, pattern string, fn staffHandler)) {
	route("GET", "/beheer", h.overview)
	route("GET", "/beheer/evenementen", h.eventList)
	route("GET", "/beheer/evenementen/nieuw", h.newEvent)
	route("POST", "/beheer/evenementen/nieuw", h.createEvent)
	route("GET", "/beheer/evenementen/{eventId}", h.editEvent)
	route("POST", "/beheer/evenementen/{eventId}", h.updateEvent)
	route("POST", "/beheer/evenementen/{eventId}/publiceren", h.publishEvent)
	route("POST", "/beheer/evenementen/{eventId}/afronden", h.completeEvent)
	route("GET", "/beheer/evenementen/{eventId}/annuleren", h.confirmCancelEvent)
	route("POST", "/beheer/evenementen/{eventId}/annuleren", h.cancelEvent)
	route("GET", "/beheer/evenementen/{eventId}/vragen", h.questions)
	route("POST", "/beheer/evenementen/{eventId}/vragen", h.saveQuestions)
	route("GET", "/beheer/evenementen/{eventId}/deelnemers", h.attendees)
	route("POST", "/beheer/evenementen/{eventId}/deelnemers/{registrationId}/doorschuiven", h.promoteAttendee)
	route("GET", "/beheer/evenementen/{eventId}/deelnemers/{registrationId}/afmelden", h.confirmCancelAttendee)
	route("POST", "/beheer/evenementen/{eventId}/deelnemers/{registrationId}/afmelden", h.cancelAttendee)
	route("GET", "/beheer/evenementen/{eventId}/inchecken", h.checkInPage)
	route("POST", "/beheer/evenementen/{eventId}/inchecken", h.checkIn)
	route("POST", "/beheer/evenementen/{eventId}/verslag", h.savePostNote)
	route("GET", "/beheer/zalen", h.rooms)
	route("GET", "/beheer/programmas", h.programmes)
	route("POST", "/beheer/programmas/uitnodigen", h.inviteAmbassador)
	route("GET", "/beheer/programmas/nieuw", h.newProgramme)
	route("POST", "/beheer/programmas/nieuw", h.createProgramme)
	route("GET", "/beheer/programmas/{programmeId}", h.editProgramme)
	route("POST", "/beheer/programmas/{programmeId}", h.updateProgramme)
	route("GET", "/beheer/programmas/{programmeId}/afsluiten", h.confirmCloseProgramme)
	route("POST", "/beheer/programmas/{programmeId}/afsluiten", h.closeProgramme)
	route("GET", "/beheer/programmas/{programmeId}/ambassadeurs/nieuw", h.newAmbassador)
	route("POST", "/beheer/programmas/{programmeId}/ambassadeurs/nieuw", h.appointAmbassador)
	route("GET", "/beheer/beoordelen", h.reviewQueue)
	route("POST", "/beheer/beoordelen/{activityId}", h.review)
	route("GET", "/beheer/rapportage", h.report)
	route("GET", "/beheer/ideeen", h.consoleIdeas)
	route("GET", "/beheer/ideeen/{ideaId}", h.consoleIdea)
	route("POST", "/beheer/ideeen/{ideaId}", h.triageIdea)
	route("GET", "/beheer/programmas/{programmeId}/metingen", h.measurements)
	route("POST", "/beheer/programmas/{programmeId}/metingen", h.recordMeasurement)
	route("GET", "/beheer/programmas/{programmeId}/metingen/{measurementId}/verwijderen", h.confirmDeleteMeasurement)
	route("POST", "/beheer/programmas/{programmeId}/metingen/{measurementId}/verwijderen", h.deleteMeasurement)
	route("GET", "/beheer/e-mails", h.emailLog)
	route("GET", "/beheer/organisaties", h.organisations)
	route("POST", "/beheer/organisaties", h.createOrganisation)
}

// staffFailed answers a page whose service call failed: a refusal of the
// user's rights is a 403, something unknown a 404, anything else a 503.
func (h *Handler) staffFailed(w http.ResponseWriter, r *http.Request, what string, err error) {
	switch status.Code(err) {
	case codes.PermissionDenied, codes.Unauthenticated:
		h.fail(w, r, http.StatusForbidden, "error.role")
	case codes.NotFound:
		h.fail(w, r, http.StatusNotFound, "error.notFound")
	default:
		h.serviceFailed(w, r, what, err)
	}
}

// refused puts a service's refusal of a form into the form: each
// violated field that the form shows gets its own message (message id
// prefix + field), anything else the general message with the service's
// words. It reports false for errors that are no refusal.
func refused(l *Lang, e *entry, err error, prefix string) bool {
	switch status.Code(err) {
	case codes.InvalidArgument, codes.FailedPrecondition, codes.AlreadyExists, codes.OutOfRange:
	default:
		return false
	}
	unexplained := false
	for _, v := range rpcerr.Violations(err) {
		if slices.Contains(e.order, v.Field) {
			e.fail(v.Field, l.T(messageID(prefix, v.Field)))
		} else {
			unexplained = true
		}
	}
	if unexplained || len(rpcerr.Violations(err)) == 0 {
		e.General = l.T("console.error.refused")
		e.Detail = status.Convert(err).Message()
	}
	return true
}

// The forms' time formats: <input type=date> and <input
// type=datetime-local>, read and shown in Europe/Amsterdam.
const (
	dateLayout  = time.DateOnly
	localLayout = "2006-01-02T15:04"
)

// parseLocal reads a datetime-local value in Amsterdam; ok is false for
// anything else.
func parseLocal(v string) (time.Time, bool) {
	t, err := time.ParseInLocation(localLayout, strings.TrimSpace(v), zone.Amsterdam)
	return t, err == nil
}

// parseDate reads a date value; ok is false for anything else.
func parseDate(v string) (time.Time, bool) {
	t, err := time.ParseInLocation(dateLayout, strings.TrimSpace(v), zone.Amsterdam)
	return t, err == nil
}

// localValue shows t for a datetime-local input.
func localValue(t time.Time) string { return t.In(zone.Amsterdam).Format(localLayout) }

// dayStart is the start of t's day in Amsterdam.
func dayStart(t time.Time) time.Time {
	t = t.In(zone.Amsterdam)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, zone.Amsterdam)
}

// notice reads the ?melding= of a page after a redirect: a known key
// gives its message id.
func notice(r *http.Request, known ...string) string {
	m := r.URL.Query().Get("melding")
	if slices.Contains(known, m) {
		return m
	}
	return ""
}

var errNoAmbassador = errors.New("the account is not linked to an ambassador")

// Day is a date (YYYY-MM-DD) in words, or as given when it is none.
func (l *Lang) Day(date string) string {
	t, ok := parseDate(date)
	if !ok {
		return date
	}
	return l.Date(t)
}

// catalogKey renames the API values that go-i18n reserves as catalog keys
// (a table's "description" and "other" are read as parts of a message).
var catalogKey = map[string]string{"description": "descriptionText", "other": "otherKind"}

// messageID is the id of the message for an API value under prefix.
func messageID(prefix, value string) string {
	if k, ok := catalogKey[value]; ok {
		value = k
	}
	return prefix + value
}
