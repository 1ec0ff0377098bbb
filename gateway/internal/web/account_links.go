package web

import (
	"errors"
	"net/http"

	"plein.dev/gateway/internal/accounts"
)

// passwordPage is the data of /account/activeren and
// /wachtwoord-herstellen: choose a password through a one-time link.
type passwordPage struct {
	// Activate is true for an invitation, false for a reset.
	Activate bool
	Name     string
	Email    string
	Token    string
	Form     *entry
	CSRF     string
	Action   string
}

func passwordAction(p accounts.Purpose) string {
	if p == accounts.Activate {
		return accounts.ActivatePath
	}
	return accounts.ResetPath
}

// passwordLinkPage serves GET /account/activeren?token= and
// /wachtwoord-herstellen?token=: the form to choose a password, for a link
// that is still valid.
func (h *Handler) passwordLinkPage(p accounts.Purpose) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token := r.URL.Query().Get("token")
		u, err := h.staff.Accounts.OpenLink(r.Context(), p, token)
		switch {
		case errors.Is(err, accounts.ErrLinkInvalid):
			h.fail(w, r, http.StatusNotFound, "error.passwordLink")
			return
		case err != nil:
			h.serviceFailed(w, r, "open password link", err)
			return
		}
		h.render(w, r, http.StatusOK, "password", passwordPage{Activate: p == accounts.Activate, Name: u.Name,
			Email: u.Email, Token: token, Form: newEntry(nil, "password", "passwordConfirm"), CSRF: h.csrfToken(w, r),
			Action: passwordAction(p)})
	}
}

// usePasswordLink serves the POST of that form (fields token, password,
// passwordConfirm): the password is set, the link used up, and the person
// signs in with it.
func (h *Handler) usePasswordLink(p accounts.Purpose) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		l := h.lang(w, r)
		if err := r.ParseForm(); err != nil {
			h.fail(w, r, http.StatusBadRequest, "error.badRequest")
			return
		}
		token := r.PostForm.Get("token")
		u, err := h.staff.Accounts.OpenLink(r.Context(), p, token)
		switch {
		case errors.Is(err, accounts.ErrLinkInvalid):
			h.fail(w, r, http.StatusNotFound, "error.passwordLink")
			return
		case err != nil:
			h.serviceFailed(w, r, "open password link", err)
			return
		}
		page := passwordPage{Activate: p == accounts.Activate, Name: u.Name, Email: u.Email, Token: token,
			Form: newEntry(nil, "password", "passwordConfirm"), Action: passwordAction(p)}
		again := func(code int) {
			page.CSRF = h.csrfToken(w, r)
			h.renderIn(w, r, l, code, "password", page)
		}
		if !csrfValid(r) {
			page.Form.General = l.T("form.error.expired")
			again(http.StatusForbidden)
			return
		}
		password := r.PostForm.Get("password")
		switch {
		case !accounts.ValidPassword(password):
			page.Form.fail("password", l.T("password.error.length", "Min", accounts.MinPasswordLength, "Max", accounts.MaxPasswordLength))
		case password != r.PostForm.Get("passwordConfirm"):
			page.Form.fail("passwordConfirm", l.T("password.error.mismatch"))
		}
		if page.Form.Invalid() {
			again(http.StatusUnprocessableEntity)
			return
		}
		if _, err := h.staff.Accounts.UseLink(r.Context(), p, token, password); err != nil {
			if errors.Is(err, accounts.ErrLinkInvalid) {
				h.fail(w, r, http.StatusNotFound, "error.passwordLink")
				return
			}
			h.serviceFailed(w, r, "use password link", err)
			return
		}
		notice := "hersteld"
		if p == accounts.Activate {
			notice = "geactiveerd"
		}
		http.Redirect(w, r, "/inloggen?melding="+notice, http.StatusSeeOther)
	}
}

// forgotPage is the data of /wachtwoord-vergeten.
type forgotPage struct {
	Form *entry
	CSRF string
	// Sent is true once a request was made: the same answer whether or
	// not the address has an account.
	Sent bool
}

// forgotPage serves GET /wachtwoord-vergeten (field email).
func (h *Handler) forgotPage(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "forgot", forgotPage{Form: newEntry(nil, "email"), CSRF: h.csrfToken(w, r)})
}

// forgot serves POST /wachtwoord-vergeten: a reset link, valid an hour, goes
// to the address if it belongs to an account that can sign in. The answer
// is the same in every case.
func (h *Handler) forgot(w http.ResponseWriter, r *http.Request) {
	l := h.lang(w, r)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, http.StatusBadRequest, "error.badRequest")
		return
	}
	p := forgotPage{Form: newEntry(r.PostForm, "email")}
	if !csrfValid(r) {
		p.Form.General = l.T("form.error.expired")
	} else if p.Form.Value("email") == "" {
		p.Form.fail("email", l.T("signin.error.emailMissing"))
	}
	if p.Form.Invalid() {
		p.CSRF = h.csrfToken(w, r)
		h.renderIn(w, r, l, http.StatusUnprocessableEntity, "forgot", p)
		return
	}
	u, link, ok, err := h.staff.Accounts.RequestReset(r.Context(), p.Form.Value("email"))
	if err != nil {
		h.serviceFailed(w, r, "password reset", err)
		return
	}
	if ok {
		sent, err := h.staff.Links.Send(r.Context(), u, link, l.Code)
		switch {
		case err != nil:
			h.log.ErrorContext(r.Context(), "send password reset link", "user", u.ID, "err", err)
		case !sent:
			h.log.WarnContext(r.Context(), "password reset link not sent: the gateway has no mail path", "user", u.ID)
		}
	}
	h.renderIn(w, r, l, http.StatusOK, "forgot", forgotPage{Sent: true, Form: newEntry(nil)})
}
