package domain_test

import (
	"slices"
	"testing"
	"time"

	"plein.dev/events/internal/domain"
)

func TestWebLink(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"https://example.org/a.pdf": true, "http://example.org": true, "HTTPS://example.org/x": true,
		"https://": false, "ftp://example.org/x": false, "javascript:alert(1)": false, "/relative": false,
		"https://user:secret@example.org/": false, "example.org": false, "": false,
	} {
		if got := domain.WebLink(s); got != want {
			t.Errorf("WebLink(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestAgendaLines: Amsterdam wall-clock times, the speaker after a dash,
// and the date when the event spans several days.
func TestAgendaLines(t *testing.T) {
	t.Parallel()
	day := func(d, h int) time.Time { return time.Date(2026, 12, d, h, 0, 0, 0, time.UTC) }
	e := domain.Event{StartsAt: day(2, 13), EndsAt: day(2, 17), Agenda: []domain.AgendaItem{
		{StartsAt: day(2, 15), Title: "Pitches"}, {StartsAt: day(2, 13), Title: "Opening", Speaker: "Wethouder Jansen"}}}
	e.SortAgenda()
	if got, want := e.AgendaLines(), []string{"14:00 Opening — Wethouder Jansen", "16:00 Pitches"}; !slices.Equal(got, want) {
		t.Errorf("one day: %q, want %q", got, want)
	}
	e.EndsAt = day(3, 17)
	if got := e.AgendaLines(); got[0] != "02-12 14:00 Opening — Wethouder Jansen" {
		t.Errorf("two days: %q", got)
	}
	// Ending at midnight is still one day.
	e.StartsAt, e.EndsAt = day(2, 13), time.Date(2026, 12, 2, 23, 0, 0, 0, time.UTC)
	if got := e.AgendaLines(); got[0] != "14:00 Opening — Wethouder Jansen" {
		t.Errorf("until midnight: %q", got)
	}
}

func TestPublicContacts(t *testing.T) {
	t.Parallel()
	cs := []domain.Contact{{Name: "A", Email: "a@x.example", Phone: "1", Public: true}, {Name: "B", Email: "b@x.example"}}
	if got := domain.PublicContacts(cs, false); len(got) != 1 || got[0].Email != "a@x.example" {
		t.Errorf("public: %v", got)
	}
	if got := domain.PublicContacts(cs, true); len(got) != 1 || got[0].Email != "" || got[0].Phone != "" || got[0].Name != "A" {
		t.Errorf("bare: %v", got)
	}
	if got := domain.PublicContacts(nil, true); got == nil || len(got) != 0 {
		t.Errorf("none: %v", got)
	}
}
