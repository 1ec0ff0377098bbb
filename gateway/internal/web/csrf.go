package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"math"
	"net/http"
	"strconv"
	"time"
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

// admitPublicPost checks a public form's POST before it reaches a service:
// its CSRF token, then the client's rate (limit may be nil). On a refusal
// it sets the answer's Retry-After where one applies and returns the
// status and the message id of the general error to show; ok otherwise.
func admitPublicPost(w http.ResponseWriter, r *http.Request, limit func(*http.Request) (bool, time.Duration), tooMany string) (status int, message string, ok bool) {
	if !csrfValid(r) {
		return http.StatusForbidden, "form.error.expired", false
	}
	if limit != nil {
		if allowed, wait := limit(r); !allowed {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			return http.StatusTooManyRequests, tooMany, false
		}
	}
	return 0, "", true
}
