package httpapi

import (
	"net/http"
	"time"

	"plein.dev/gateway/internal/clientaddr"
)

// RegistrationLimit returns the registration rate rule for registrations
// that do not come through the API (the web form): perMinute per client
// address, told the same way as the API's; nil when perMinute is 0.
func RegistrationLimit(perMinute int) func(*http.Request) (bool, time.Duration) {
	if perMinute <= 0 {
		return nil
	}
	l := newLimiter(perMinute, time.Now)
	return func(r *http.Request) (bool, time.Duration) { return l.allow(clientaddr.Of(r)) }
}
