package httpapi

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter allows each client address a number of requests per minute, with
// bursts up to that number.
type limiter struct {
	perMinute int
	mu        sync.Mutex
	clients   map[string]*clientLimit
	lastSweep time.Time
	now       func() time.Time
}

type clientLimit struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(perMinute int, now func() time.Time) *limiter {
	return &limiter{perMinute: perMinute, clients: map[string]*clientLimit{}, now: now, lastSweep: now()}
}

// allow reports whether a request from addr may go ahead, and if not, after
// how long it would.
func (l *limiter) allow(addr string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) > time.Minute {
		// Forget clients idle long enough to have a full bucket again.
		for a, c := range l.clients {
			if now.Sub(c.seen) > time.Minute {
				delete(l.clients, a)
			}
		}
		l.lastSweep = now
	}
	c, ok := l.clients[addr]
	if !ok {
		c = &clientLimit{lim: rate.NewLimiter(rate.Limit(float64(l.perMinute)/60), l.perMinute)}
		l.clients[addr] = c
	}
	c.seen = now
	r := c.lim.ReserveN(now, 1)
	if delay := r.DelayFrom(now); delay > 0 {
		r.CancelAt(now)
		return false, delay
	}
	return true, 0
}

// limit wraps next so that each client address gets at most perMinute
// requests a minute; 0 means no limit. The client address is the connection's
// peer: behind a proxy, that proxy must do the limiting.
func (l *limiter) limit(next http.Handler) http.Handler {
	if l.perMinute <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ok, wait := l.allow(clientAddr(r)); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			writeProblem(w, newProblem(http.StatusTooManyRequests, "too many registrations from your address; try again later"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// clientAddr is the address of the connection's peer.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
