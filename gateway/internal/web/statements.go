package web

import "net/http"

// statementPage is the data of /privacy and /toegankelijkheid.
type statementPage struct {
	Version       string
	RetentionDays int
}

// privacy serves /privacy: what Plein stores about attendees, why, for
// how long, and how to have it erased.
func (h *Handler) privacy(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "privacy", statementPage{Version: PrivacyVersion, RetentionDays: h.retentionDays})
}

// accessibility serves /toegankelijkheid: the accessibility statement.
func (h *Handler) accessibility(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "accessibility", statementPage{})
}
