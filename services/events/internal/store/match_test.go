package store

import (
	"strings"
	"testing"
	"unicode"
)

func FuzzMatchExpression(f *testing.F) {
	for _, s := range []string{"circulair", `"a" OR b*`, "NEAR(a b)", "-x", "ümlaut café", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		m := MatchExpression(q)
		for _, term := range strings.Fields(m) {
			if len(term) < 4 || term[0] != '"' || !strings.HasSuffix(term, `*"`) {
				t.Fatalf("term %q of %q", term, m)
			}
			for _, r := range term[1 : len(term)-2] {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					t.Fatalf("term %q lets %q through", term, r)
				}
			}
		}
	})
}
