package httpapi

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"plein.dev/gateway/internal/clientaddr"
)

// maxClients bounds how many client addresses a limiter tracks at once.
// Past it, the address seen least recently is forgotten (and gets a full
// allowance again): about 200 bytes each, so at most some 20 MB.
const maxClients = 100_000

// limiter allows each client address a number of requests per minute, with
// bursts up to that number.
type limiter struct {
	perMinute int
	mu        sync.Mutex
	clients   *bounded[*clientLimit]
	now       func() time.Time
	// things names what is limited in the answer; "" is registrations.
	things string
}

func (l *limiter) what() string {
	if l.things == "" {
		return "registrations"
	}
	return l.things
}

type clientLimit struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(perMinute int, now func() time.Time) *limiter {
	return &limiter{perMinute: perMinute, clients: newBounded[*clientLimit](maxClients), now: now}
}

// allow reports whether a request from addr may go ahead, and if not, after
// how long it would.
func (l *limiter) allow(addr string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	// Forget clients idle long enough to have a full bucket again.
	for {
		key, c, ok := l.clients.oldest()
		if !ok || now.Sub(c.seen) <= time.Minute {
			break
		}
		l.clients.delete(key)
	}
	c, ok := l.clients.get(addr)
	if !ok {
		c = &clientLimit{lim: rate.NewLimiter(rate.Limit(float64(l.perMinute)/60), l.perMinute)}
		l.clients.put(addr, c)
	}
	c.seen = now
	r := c.lim.ReserveN(now, 1)
	if delay := r.DelayFrom(now); delay > 0 {
		r.CancelAt(now)
		return false, delay
	}
	return true, 0
}

// limit wraps next so that each client address (clientaddr) gets at most
// perMinute requests a minute; 0 means no limit.
func (l *limiter) limit(next http.Handler) http.Handler {
	if l.perMinute <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ok, wait := l.allow(clientaddr.Of(r)); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			writeProblem(w, newProblem(http.StatusTooManyRequests, "too many "+l.what()+" from your address; try again later"))
			return
		}
		next.ServeHTTP(w, r)
	})
}
