package app_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/domain"
)

func TestTransitionNamesCurrentStatus(t *testing.T) {
	t.Parallel()
	s, _, _ := setup(t)
	e, err := s.CreateEvent(org, domain.Event{Title: "x", Location: "x", Capacity: 5,
		StartsAt: at(8, 9, 0), EndsAt: at(8, 10, 0)}, true)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Complete(org, e.ID)
	var te *domain.TransitionError
	if !errors.As(err, &te) || te.Current != domain.StatusDraft || !strings.Contains(err.Error(), "draft") {
		t.Fatalf("complete a draft: %v", err)
	}
}

func TestCompleteEnded(t *testing.T) {
	t.Parallel()
	s, _, _ := setup(t)
	past, err := s.CreateEvent(org, domain.Event{Title: "Gisteren", Location: "x", Capacity: 5,
		StartsAt: now.Add(-26 * time.Hour), EndsAt: now.Add(-24 * time.Hour)}, true)
	if err != nil {
		t.Fatal(err)
	}
	future, err := s.CreateEvent(org, domain.Event{Title: "Morgen", Location: "x", Capacity: 5,
		StartsAt: now.Add(24 * time.Hour), EndsAt: now.Add(26 * time.Hour)}, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{past.ID, future.ID} {
		if _, err := s.Publish(org, id, app.ThisEvent); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CompleteEnded(org); err != nil {
		t.Fatal(err)
	}
	got, _ := s.GetEvent(org, past.ID)
	if got.Status != domain.StatusCompleted {
		t.Errorf("past event %s", got.Status)
	}
	got, _ = s.GetEvent(org, future.ID)
	if got.Status != domain.StatusPublished {
		t.Errorf("future event %s", got.Status)
	}
}
