// Package clientaddr finds the address a request comes from, the one
// answer that rate limits, sign-in throttling, the idempotency scope of
// anonymous callers and the access log all use.
//
// The address is the connection's peer, unless that peer is a trusted
// proxy (PLEIN_TRUSTED_PROXIES): then it is the right-most address in
// X-Forwarded-For (or, without it, Forwarded) that is not itself a trusted
// proxy — the last hop a trusted proxy vouches for; anything to its left
// may be written by the client. IPv6 clients are grouped by their /64, the
// block one subscriber usually gets, so that one client cannot pass for
// many by changing addresses within it.
package clientaddr

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// Resolver finds requests' client addresses.
type Resolver struct {
	trusted []netip.Prefix
}

// New returns a Resolver that trusts the forwarding headers only from
// peers within trusted.
func New(trusted []netip.Prefix) Resolver { return Resolver{trusted: trusted} }

// ParsePrefixes parses a comma-separated list of CIDRs; a bare address is
// a prefix of its own length.
func ParsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: %w", f, err)
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: %w", f, err)
		}
		if p.Addr().Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func (res Resolver) trusts(a netip.Addr) bool {
	for _, p := range res.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Addr returns the client's address, and false when the connection's
// peer is no IP address (a test's or a pipe's).
func (res Resolver) Addr(r *http.Request) (netip.Addr, bool) {
	peer, ok := parseHost(r.RemoteAddr)
	if !ok {
		return netip.Addr{}, false
	}
	if !res.trusts(peer) {
		return peer, true
	}
	hops := forwardedFor(r.Header)
	addr := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHost(hops[i])
		if !ok {
			// "unknown", an obfuscated name, garbage: the last trusted
			// hop is all that is known.
			return addr, true
		}
		addr = a
		if !res.trusts(a) {
			return a, true
		}
	}
	return addr, true
}

// Key returns the client's address as rate limits count it: an IPv4
// address as it is, an IPv6 address as its /64.
func (res Resolver) Key(r *http.Request) string {
	a, ok := res.Addr(r)
	if !ok {
		return r.RemoteAddr
	}
	return key(a)
}

func key(a netip.Addr) string {
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64) // cannot fail for an IPv6 address
	return p.String()
}

type ctxKey struct{}

// Middleware resolves each request's client address once and keeps it in
// the request's context for Of. A request that has one already keeps it.
func (res Resolver) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := r.Context().Value(ctxKey{}).(string); !ok {
			r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, res.Key(r)))
		}
		next.ServeHTTP(w, r)
	})
}

// Of returns the client address Middleware found for r; without it, the
// connection's peer, trusting no proxy.
func Of(r *http.Request) string {
	if k, ok := r.Context().Value(ctxKey{}).(string); ok {
		return k
	}
	return Resolver{}.Key(r)
}

// parseHost reads an address with or without a port, brackets or IPv6
// zone, as in RemoteAddr, X-Forwarded-For and Forwarded's for=.
func parseHost(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().WithZone("").Unmap(), true
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.WithZone("").Unmap(), true
}
