package web

import (
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"plein.dev/gateway/internal/accounts"
)

// signInPage is the data of /inloggen.
type signInPage struct {
	Form   *entry
	CSRF   string
	Action string
	// Notice is a message id shown above the form: signed out, password
	// chosen.
	Notice string
}

// signInNotices are the notices /inloggen shows for ?melding=.
var signInNotices = map[string]string{
	"uitgelogd": "signin.signedOut", "geactiveerd": "signin.activated", "hersteld": "signin.passwordReset",
}

// signInAction is the form's target, keeping where to go afterwards.
func signInAction(back string) string {
	if localPath(back) {
		return "/inloggen?terug=" + url.QueryEscape(back)
	}
	return "/inloggen"
}

// signInPage serves GET /inloggen (fields email, password). A signed-in
// user goes on at once.
func (h *Handler) signInPage(w http.ResponseWriter, r *http.Request) {
	back := r.URL.Query().Get("terug")
	if u, ok := h.currentUser(r); ok {
		h.goOn(w, r, u, back)
		return
	}
	p := signInPage{Form: newEntry(nil, "email", "password"), CSRF: h.csrfToken(w, r), Action: signInAction(back),
		Notice: signInNotices[r.URL.Query().Get("melding")]}
	h.render(w, r, http.StatusOK, "signin", p)
}

// goOn sends a signed-in user to the page that asked for sign-in, or to
// their own start page.
func (h *Handler) goOn(w http.ResponseWriter, r *http.Request, u accounts.User, back string) {
	if !localPath(back) {
		back = home(u)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// signIn serves POST /inloggen. Wrong credentials get one message,
// whatever was wrong; too many attempts are refused for a while, counted
// with the API's sign-ins.
func (h *Handler) signIn(w http.ResponseWriter, r *http.Request) {
	l := h.lang(w, r)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, http.StatusBadRequest, "error.badRequest")
		return
	}
	back := r.URL.Query().Get("terug")
	p := signInPage{Form: newEntry(r.PostForm, "email", "password"), Action: signInAction(back)}
	again := func(code int) {
		p.Form.Values.Del("password") // never sent back
		p.CSRF = h.csrfToken(w, r)
		h.renderIn(w, r, l, code, "signin", p)
	}
	if !csrfValid(r) {
		p.Form.General = l.T("form.error.expired")
		again(http.StatusForbidden)
		return
	}
	email, password := p.Form.Value("email"), r.PostForm.Get("password")
	if email == "" {
		p.Form.fail("email", l.T("signin.error.emailMissing"))
	}
	if password == "" {
		p.Form.fail("password", l.T("signin.error.passwordMissing"))
	}
	if p.Form.Invalid() {
		again(http.StatusUnprocessableEntity)
		return
	}
	signIn := h.staff.SignIn
	if signIn == nil {
		signIn = func(r *http.Request, email, password string) (accounts.User, string, time.Duration, error) {
			u, s, err := h.staff.Accounts.SignIn(r.Context(), email, password)
			return u, s, 0, err
		}
	}
	u, session, wait, err := signIn(r, email, password)
	switch {
	case wait > 0:
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		p.Form.General = l.T("signin.error.tooMany")
		again(http.StatusTooManyRequests)
		return
	case errors.Is(err, accounts.ErrUnauthorised):
		p.Form.General = l.T("signin.error.wrong")
		again(http.StatusUnprocessableEntity)
		return
	case errors.Is(err, accounts.ErrBusy):
		// Too many passwords being checked at once: a moment later will do.
		w.Header().Set("Retry-After", "1")
		p.Form.General = l.T("signin.error.unavailable")
		again(http.StatusServiceUnavailable)
		return
	case err != nil:
		h.log.ErrorContext(r.Context(), "sign in", "err", err)
		p.Form.General = l.T("signin.error.unavailable")
		again(http.StatusServiceUnavailable)
		return
	}
	h.setSession(w, r, session, h.staff.SessionTTL)
	h.goOn(w, r, u, back)
}

// signOut serves POST /uitloggen: the session ends and the browser forgets
// it.
func (h *Handler) signOut(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, http.StatusBadRequest, "error.badRequest")
		return
	}
	if !csrfValid(r) {
		h.fail(w, r, http.StatusForbidden, "error.expired")
		return
	}
	if c, err := r.Cookie(accounts.SessionCookie); err == nil && c.Value != "" {
		if err := h.staff.Accounts.SignOut(r.Context(), c.Value); err != nil {
			h.serviceFailed(w, r, "sign out", err)
			return
		}
	}
	h.setSession(w, r, "", -1)
	http.Redirect(w, r, "/inloggen?melding=uitgelogd", http.StatusSeeOther)
}
