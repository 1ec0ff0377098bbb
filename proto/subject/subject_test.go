package subject

import (
	"strings"
	"testing"
)

func TestMatches(t *testing.T) {
	t.Parallel()
	cases := []struct {
		filter string
		want   bool
	}{
		{"plein.events.event.published", true},
		{"plein.events.event.>", true},
		{"plein.events.>", true},
		{"plein.events.*.published", true},
		{"plein.events.event.*", true},
		{"plein.events.event", false},
		{"plein.events.event.published.more", false},
		{"plein.events.event.cancelled", false},
		{"plein.registrations.>", false},
		{"plein.events.event.published.>", false},
	}
	for _, c := range cases {
		if got := EventPublished.Matches(c.filter); got != c.want {
			t.Errorf("Matches(%q) = %v, want %v", c.filter, got, c.want)
		}
	}
}

// Every published subject belongs to its stream and reads
// plein.<stream>.<aggregate>.<verb>, once.
func TestPublishedShape(t *testing.T) {
	t.Parallel()
	seen := map[Subject]bool{}
	for stream, subjects := range published {
		for _, s := range subjects {
			if seen[s] {
				t.Errorf("%s listed twice", s)
			}
			seen[s] = true
			if !s.Matches("plein."+stream+".>") || strings.Count(string(s), ".") != 3 {
				t.Errorf("%s is not plein.%s.<aggregate>.<verb>", s, stream)
			}
			if s.Aggregate() == "" || s.Verb() == "" {
				t.Errorf("%s: aggregate %q verb %q", s, s.Aggregate(), s.Verb())
			}
		}
	}
	if got := Wildcard(StreamEvents, "event"); !EventCompleted.Matches(got) {
		t.Errorf("Wildcard = %q does not match %s", got, EventCompleted)
	}
}
