package web

import (
	"net/http"
	"net/url"
	"slices"

	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
)

// emailStatuses are the values of the e-mail log's status filter.
var emailStatuses = []string{"queued", "sent", "failed"}

// emailRow is an e-mail as the log shows it.
type emailRow struct {
	To, Subject, Kind, Status, Error string
	Created, CreatedAt               string
	Sent, SentAt                     string
	EventID                          string
}

// emailsPage is the data of /beheer/e-mails.
type emailsPage struct {
	Filter   *entry
	Statuses []option
	// Event is the event the log is narrowed to, if any.
	Event  *eventView
	Emails []emailRow
	Next   string
	// Off is true when the gateway has no notifications service to ask.
	Off bool
}

// emailLog serves GET /beheer/e-mails: the e-mails Plein sent or is
// sending, newest first, filtered by eventId, to (an address) and status.
func (h *Handler) emailLog(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	q := r.URL.Query()
	f := newEntry(q, "to", "status", "eventId")
	p := emailsPage{Filter: f, Statuses: []option{{Value: "", Label: l.T("attendees.allStatuses")}}}
	for _, st := range emailStatuses {
		p.Statuses = append(p.Statuses, option{Value: st, Label: l.T("emails.status." + st)})
	}
	if h.notifications == nil {
		p.Off = true
		h.renderStaff(w, r, s, http.StatusOK, "console/emails", p)
		return
	}
	st := f.Value("status")
	if !slices.Contains(emailStatuses, st) {
		st = ""
	}
	if id := f.Value("eventId"); id != "" {
		_, v, err := h.consoleEvent(r, l, id)
		if err != nil {
			h.staffFailed(w, r, "e-mail log", err)
			return
		}
		p.Event = v
	}
	resp, err := h.notifications.ListEmails(r.Context(), &notificationsv1.ListEmailsRequest{EventId: f.Value("eventId"),
		To: f.Value("to"), Status: st, PageSize: 100, PageToken: q.Get("pageToken")})
	if err != nil {
		h.staffFailed(w, r, "e-mail log", err)
		return
	}
	for _, m := range resp.GetItems() {
		row := emailRow{To: m.GetTo(), Subject: m.GetSubject(), Kind: m.GetKind(), Status: m.GetStatus(), Error: m.GetError(),
			EventID: m.GetEventId()}
		if t := m.GetCreatedAt(); t != nil {
			row.Created, row.CreatedAt = l.Date(t.AsTime())+" "+l.Clock(t.AsTime()), machineTime(t.AsTime())
		}
		if t := m.GetSentAt(); t != nil {
			row.Sent, row.SentAt = l.Clock(t.AsTime()), machineTime(t.AsTime())
		}
		p.Emails = append(p.Emails, row)
	}
	if next := resp.GetNextPageToken(); next != "" {
		nq := url.Values{"pageToken": {next}, "to": {f.Value("to")}, "status": {st}, "eventId": {f.Value("eventId")}}
		p.Next = "/beheer/e-mails?" + nq.Encode()
	}
	h.renderStaff(w, r, s, http.StatusOK, "console/emails", p)
}
