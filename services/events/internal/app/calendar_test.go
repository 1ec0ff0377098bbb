package app_test

import (
	"strings"
	"testing"
	"time"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/domain"
)

// TestPublicFeedNotCrowdedOut: the public calendar feed is filtered before
// its limit, so more internal events than the limit, all earlier, do not
// push a public event out of it.
func TestPublicFeedNotCrowdedOut(t *testing.T) {
	t.Parallel()
	s, _, _ := setup(t)
	perSeries := domain.MaxOccurrences
	for n := 0; n*perSeries <= app.CalendarLimit; n++ {
		if _, err := s.CreateEvent(org, domain.Event{Title: "Weekoverleg", Location: "Stadhuis",
			Visibility: domain.VisibilityInternal, Recurrence: "FREQ=DAILY;COUNT=200",
			StartsAt: at(1, 9, 0), EndsAt: at(1, 10, 0)}, false); err != nil {
			t.Fatal(err)
		}
	}
	// Later than the first CalendarLimit internal occurrences.
	day := at(1, 9, 0).AddDate(0, 0, perSeries-1)
	e, err := s.CreateEvent(org, domain.Event{Title: "Open dag", Location: "Markthal", Capacity: 100,
		StartsAt: day.Add(3 * time.Hour), EndsAt: day.Add(5 * time.Hour)}, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(org, e.ID, app.ThisEvent); err != nil {
		t.Fatal(err)
	}
	ics, err := s.Calendar(anon, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(ics), "BEGIN:VEVENT"); n != 1 || !strings.Contains(string(ics), "UID:"+e.ID+"@plein") {
		t.Errorf("public feed holds %d events, want the one public event %s", n, e.ID)
	}
}
