package web

import (
	"errors"
	"net/http"
	"net/url"

	"plein.dev/gateway/internal/accounts"
)

// UnsubscribeContext binds the sealed user id in a digest's unsubscribe
// link; the notifications service seals it with the same context.
const UnsubscribeContext = "digest-unsubscribe"

// accountRoutes registers an organiser's own account page in the console
// (/beheer/account: the daily digest and the language of e-mails) and the
// digest's unsubscribe link (/dagoverzicht/afmelden), which works without
// signing in.
func (h *Handler) accountRoutes(m *http.ServeMux, console func(method, pattern string, fn staffHandler)) {
	console("GET", "/beheer/account", h.accountPage)
	console("POST", "/beheer/account", h.saveAccount)
	m.HandleFunc("GET /dagoverzicht/afmelden", h.digestUnsubscribePage)
	// A POST straight from a mail program (RFC 8058 one-click) carries no
	// form token: the sealed token in the link is the credential, and all
	// it can do is stop the digest.
	m.HandleFunc("POST /dagoverzicht/afmelden", h.digestUnsubscribe)
}

// accountPage is the data of /beheer/account.
type accountPage struct {
	Digest   bool
	Language string
	Saved    bool
}

// accountPage serves GET /beheer/account.
func (h *Handler) accountPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.renderStaff(w, r, s, http.StatusOK, "console/account", accountPage{Digest: s.User.Digest,
		Language: s.User.Language, Saved: r.URL.Query().Get("melding") == "opgeslagen"})
}

// saveAccount serves POST /beheer/account (fields digest, language).
func (h *Handler) saveAccount(w http.ResponseWriter, r *http.Request, s *session) {
	digest := r.PostForm.Get("digest") == "on"
	lang := r.PostForm.Get("language")
	if lang != "en" {
		lang = "nl"
	}
	if _, err := h.staff.Accounts.SetPreferences(r.Context(), s.User.ID,
		accounts.Preferences{Digest: &digest, Language: &lang}); err != nil {
		h.log.ErrorContext(r.Context(), "save account preferences", "user", s.User.ID, "err", err)
		h.fail(w, r, http.StatusServiceUnavailable, "error.unavailable")
		return
	}
	http.Redirect(w, r, "/beheer/account?melding=opgeslagen", http.StatusSeeOther)
}

// digestUnsubscribeForm is the data of the unsubscribe page.
type digestUnsubscribeForm struct {
	Token  string
	Action string
	Done   bool
}

// digestUnsubscribePage serves GET /dagoverzicht/afmelden?token=: a
// button that stops the digest (a GET changes nothing, so that a link
// checker following it does not unsubscribe anyone).
func (h *Handler) digestUnsubscribePage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if _, ok := h.digestSubscriber(token); !ok {
		h.fail(w, r, http.StatusNotFound, "error.digestLinkInvalid")
		return
	}
	h.render(w, r, http.StatusOK, "digest-unsubscribe", digestUnsubscribeForm{Token: token,
		Action: "/dagoverzicht/afmelden?" + url.Values{"token": {token}}.Encode()})
}

// digestUnsubscribe serves POST /dagoverzicht/afmelden?token=: the
// organiser named by the token gets no digest any more.
func (h *Handler) digestUnsubscribe(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if token == "" {
		token = r.PostFormValue("token")
	}
	userID, ok := h.digestSubscriber(token)
	if !ok {
		h.fail(w, r, http.StatusNotFound, "error.digestLinkInvalid")
		return
	}
	off := false
	_, err := h.staff.Accounts.SetPreferences(r.Context(), userID, accounts.Preferences{Digest: &off})
	switch {
	case errors.Is(err, accounts.ErrNotFound):
		h.fail(w, r, http.StatusNotFound, "error.digestLinkInvalid")
		return
	case err != nil:
		h.log.ErrorContext(r.Context(), "stop the digest", "user", userID, "err", err)
		h.fail(w, r, http.StatusServiceUnavailable, "error.unavailable")
		return
	}
	h.log.InfoContext(r.Context(), "digest stopped by its unsubscribe link", "user", userID)
	h.render(w, r, http.StatusOK, "digest-unsubscribe", digestUnsubscribeForm{Done: true})
}

// digestSubscriber opens the user id sealed in an unsubscribe token.
func (h *Handler) digestSubscriber(token string) (string, bool) {
	if h.staff == nil || h.staff.Keys == nil || token == "" || len(token) > 1024 {
		return "", false
	}
	id, err := h.staff.Keys.Open(token, UnsubscribeContext)
	return id, err == nil && id != ""
}
