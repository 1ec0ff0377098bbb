package httpapi

import (
	"net/http"
	"time"

	"plein.dev/gateway/internal/clientaddr"
)

// ideaLimiter limits the public POST /api/v1/programmes/{id}/ideas:
// perMinute ideas per client address (PLEIN_IDEA_RATE), as registrations
// are limited; 0 means no limit.
func ideaLimiter(perMinute int, now func() time.Time) *limiter {
	l := newLimiter(perMinute, now)
	l.things = "ideas"
	return l
}

// IdeaLimit returns the idea rate rule for ideas that do not come through
// the API (the /ideeen form): perMinute per client address, told the same
// way as the API's; nil when perMinute is 0.
func IdeaLimit(perMinute int) func(*http.Request) (bool, time.Duration) {
	if perMinute <= 0 {
		return nil
	}
	l := ideaLimiter(perMinute, time.Now)
	return func(r *http.Request) (bool, time.Duration) { return l.allow(clientaddr.Of(r)) }
}
