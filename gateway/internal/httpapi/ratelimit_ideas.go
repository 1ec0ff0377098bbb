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
// way as the API's; nil when perMinute is 0. Its budget is its own; the
// gateway gives the form Server.IdeaLimit, the API's.
func IdeaLimit(perMinute int) func(*http.Request) (bool, time.Duration) {
	return ideaLimiter(perMinute, time.Now).rule()
}

// IdeaLimit returns the API's idea rate rule (PLEIN_IDEA_RATE), for the
// /ideeen form: an address's ideas count against one budget whichever way
// they come. Nil when ideas are not limited.
func (s *Server) IdeaLimit() func(*http.Request) (bool, time.Duration) {
	return s.ideas.rule()
}

// rule asks l about a request's client address; nil when l limits nothing.
func (l *limiter) rule() func(*http.Request) (bool, time.Duration) {
	if l == nil || l.perMinute <= 0 {
		return nil
	}
	return func(r *http.Request) (bool, time.Duration) { return l.allow(clientaddr.Of(r)) }
}
