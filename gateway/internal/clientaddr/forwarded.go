package clientaddr

import (
	"net/http"
	"strings"
)

// forwardedFor returns the hops a request passed, left (the first) to
// right (the last proxy's peer): X-Forwarded-For when the request has it,
// else the for= parameters of Forwarded (RFC 7239). A proxy in front
// should set one of the two and drop the other.
func forwardedFor(h http.Header) []string {
	if xff := h.Values("X-Forwarded-For"); len(xff) > 0 {
		var hops []string
		for _, line := range xff {
			for _, hop := range strings.Split(line, ",") {
				hops = append(hops, strings.TrimSpace(hop))
			}
		}
		return hops
	}
	var hops []string
	for _, line := range h.Values("Forwarded") {
		for _, element := range splitOutsideQuotes(line, ',') {
			hop := ""
			for _, pair := range splitOutsideQuotes(element, ';') {
				name, value, ok := strings.Cut(strings.TrimSpace(pair), "=")
				if ok && strings.EqualFold(name, "for") {
					hop = strings.Trim(value, `"`)
				}
			}
			// An element without for= is a hop that said nothing of its
			// peer: it stops the walk like "unknown" does.
			hops = append(hops, hop)
		}
	}
	return hops
}

// splitOutsideQuotes splits s at sep where sep is not inside a quoted
// string.
func splitOutsideQuotes(s string, sep byte) []string {
	var parts []string
	quoted, escaped, start := false, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case escaped:
			escaped = false
		case c == '\\' && quoted:
			escaped = true
		case c == '"':
			quoted = !quoted
		case c == sep && !quoted:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}
