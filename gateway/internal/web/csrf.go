package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
)

// Forms are protected against cross-site request forgery twice: every
// POST passes net/http's CrossOriginProtection (Sec-Fetch-Site, Origin),
// and every form carries a token that must equal the visitor's CSRF cookie
// (a double-submit token), for browsers that send neither header.

const (
	csrfCookie = "plein_csrf"
	csrfField  = "csrf"
)

// csrfToken returns the visitor's form token, setting the cookie when the
// visitor has none yet.
func (h *Handler) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && validToken(c.Value) {
		return c.Value
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	tok := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: tok, Path: "/", HttpOnly: true,
		Secure: h.secure, SameSite: http.SameSiteLaxMode})
	// Keep the new cookie in the request too, so that a page rendered for
	// this same request (a form shown again with errors) agrees with it.
	r.AddCookie(&http.Cookie{Name: csrfCookie, Value: tok})
	return tok
}

// csrfValid reports whether a posted form carries the visitor's token.
func csrfValid(r *http.Request) bool {
	c, err := r.Cookie(csrfCookie)
	if err != nil || !validToken(c.Value) {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue(csrfField))) == 1
}

func validToken(s string) bool {
	b, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil && len(b) == 32
}
