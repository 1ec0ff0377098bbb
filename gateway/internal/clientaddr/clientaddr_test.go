package clientaddr

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestKey(t *testing.T) {
	t.Parallel()
	trusted, err := ParsePrefixes(" 10.0.0.0/8, 192.0.2.1 ,2001:db8:ffff::/48")
	if err != nil {
		t.Fatal(err)
	}
	res := New(trusted)
	for _, tc := range []struct {
		name      string
		peer      string
		xff       []string
		forwarded string
		want      string
	}{
		{"a direct client", "198.51.100.7:4000", nil, "", "198.51.100.7"},
		{"a direct client's headers are ignored", "198.51.100.7:4000", []string{"203.0.113.9"}, "for=203.0.113.8", "198.51.100.7"},
		{"behind a trusted proxy", "10.1.2.3:4000", []string{"203.0.113.9"}, "", "203.0.113.9"},
		{"the right-most untrusted hop; the client wrote the rest",
			"10.1.2.3:4000", []string{"1.1.1.1, 203.0.113.9", "10.9.9.9"}, "", "203.0.113.9"},
		{"a trusted proxy without the header", "192.0.2.1:4000", nil, "", "192.0.2.1"},
		{"only trusted hops: the left-most", "10.1.2.3:4000", []string{"10.0.0.1, 10.0.0.2"}, "", "10.0.0.1"},
		{"an unreadable hop stops at the last trusted one", "10.1.2.3:4000", []string{"203.0.113.9, unknown"}, "", "10.1.2.3"},
		{"Forwarded without X-Forwarded-For", "10.1.2.3:4000", nil,
			`for=1.1.1.1, for="[2001:db8:1:2:3::4]:4711";proto=https;by=10.1.2.3`, "2001:db8:1:2::/64"},
		{"X-Forwarded-For wins over Forwarded", "10.1.2.3:4000", []string{"203.0.113.9"}, "for=203.0.113.8", "203.0.113.9"},
		{"IPv6 by its /64", "[2001:db8:1:2:aaaa:bbbb:cccc:dddd]:443", nil, "", "2001:db8:1:2::/64"},
		{"another address of the same /64", "[2001:db8:1:2::1%eth0]:443", nil, "", "2001:db8:1:2::/64"},
		{"an IPv6 trusted proxy", "[2001:db8:ffff::1]:443", []string{"2001:db8:5::9"}, "", "2001:db8:5::/64"},
		{"IPv4 mapped into IPv6", "[::ffff:198.51.100.7]:4000", nil, "", "198.51.100.7"},
		{"no IP address at all", "pipe", nil, "", "pipe"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if tc.forwarded != "" {
				r.Header.Set("Forwarded", tc.forwarded)
			}
			if got := res.Key(r); got != tc.want {
				t.Errorf("Key = %q, want %q", got, tc.want)
			}
			var seen string
			res.Middleware(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { seen = Of(r) })).
				ServeHTTP(httptest.NewRecorder(), r)
			if seen != tc.want {
				t.Errorf("Of after Middleware = %q, want %q", seen, tc.want)
			}
		})
	}
}

// TestOfWithoutMiddlewareTrustsNoOne: a request the middleware has not
// seen is taken from its peer.
func TestOfWithoutMiddlewareTrustsNoOne(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "10.1.2.3:4000"
	r.Header.Set("X-Forwarded-For", "203.0.113.9")
	if got := Of(r); got != "10.1.2.3" {
		t.Fatalf("Of = %q", got)
	}
}

func TestParsePrefixesRefusesGarbage(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "10.0.0.0/8,nope"} {
		if _, err := ParsePrefixes(bad); err == nil {
			t.Errorf("ParsePrefixes(%q) accepted it", bad)
		}
	}
	if p, err := ParsePrefixes(""); err != nil || len(p) != 0 {
		t.Errorf("empty: %v %v", p, err)
	}
}

// FuzzForwarded: whatever the headers say, the key is the peer or an
// address they name, never anything else.
func FuzzForwarded(f *testing.F) {
	f.Add("1.1.1.1, 203.0.113.9", `for="[2001:db8::1]:80";proto=http, for=unknown`)
	f.Add("", `for="a,b";by=x, for=198.51.100.1`)
	res := New([]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")})
	f.Fuzz(func(t *testing.T, xff, forwarded string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = "10.0.0.1:1"
		if xff != "" {
			r.Header.Set("X-Forwarded-For", xff)
		}
		r.Header.Set("Forwarded", forwarded)
		a, ok := res.Addr(r)
		if !ok || !a.IsValid() {
			t.Fatalf("no address for %q / %q", xff, forwarded)
		}
	})
}
