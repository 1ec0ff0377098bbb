package app_test

import (
	"slices"
	"testing"
	"time"

	"plein.dev/platform/testkit"
	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/migrations"
)

// TestErasureResummarisesCompletedEvent: erasing a person checked in at an
// event that already completed sends the event's attendance summary again,
// under a newer version and without their KvK number, so that the
// ambassadors service (which keeps the newest version) forgets it too.
func TestErasureResummarisesCompletedEvent(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	ev := publish(t, a, db, "e1", 5)
	anna, _ := registerWithKvK(t, a, "e1", "anna@x.nl", "69599084")
	bram, _ := registerWithKvK(t, a, "e1", "bram@x.nl", "11111111")
	for _, r := range []domain.Registration{anna, bram} {
		if _, err := a.CheckIn(org, r.ID); err != nil {
			t.Fatal(err)
		}
	}
	ev.Status, ev.Version = domain.EventCompleted, ev.Version+1
	applyEvent(t, a, db, ev, "")
	first := lastSummary(t, db)
	if !slices.Equal(first.GetKvkNumbers(), []string{"11111111", "69599084"}) {
		t.Fatalf("summary on completion names %q", first.GetKvkNumbers())
	}

	erase(t, a, db, "anna@x.nl")
	got := lastSummary(t, db)
	if got.GetEventId() != "e1" || got.GetVersion() <= first.GetVersion() {
		t.Fatalf("no newer summary after the erasure: %s version %d, first %d", got.GetEventId(), got.GetVersion(), first.GetVersion())
	}
	if !slices.Equal(got.GetKvkNumbers(), []string{"11111111"}) {
		t.Errorf("summary after the erasure names %q, want [11111111]", got.GetKvkNumbers())
	}

	// Erasing someone of an event not completed sends no summary.
	publish(t, a, db, "e2", 5)
	registerWithKvK(t, a, "e2", "cor@x.nl", "22222222")
	n := outboxSubjects(t, db)["plein.registrations.attendance.summarised"]
	erase(t, a, db, "cor@x.nl")
	if m := outboxSubjects(t, db)["plein.registrations.attendance.summarised"]; m != n {
		t.Errorf("%d summaries after erasing at an open event, %d before", m, n)
	}
}

// TestRetentionResummarisesCompletedEvent: the retention sweep empties
// the KvK numbers of a completed event's registrations, and sends the
// event's summary again without them.
func TestRetentionResummarisesCompletedEvent(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, migrations.FS)
	clock := now
	a := app.New(db, testkit.Logger(t), func() time.Time { return clock })
	ev := publish(t, a, db, "e1", 5)
	anna, _ := registerWithKvK(t, a, "e1", "anna@x.nl", "69599084")
	if _, err := a.CheckIn(org, anna.ID); err != nil {
		t.Fatal(err)
	}
	ev.Status, ev.Version = domain.EventCompleted, ev.Version+1
	applyEvent(t, a, db, ev, "")
	first := lastSummary(t, db)
	if !slices.Equal(first.GetKvkNumbers(), []string{"69599084"}) {
		t.Fatalf("summary on completion names %q", first.GetKvkNumbers())
	}
	clock = ev.EndsAt.Add(time.Hour)
	sweep(t, a.Retention(0))
	got := lastSummary(t, db)
	if got.GetVersion() <= first.GetVersion() || len(got.GetKvkNumbers()) != 0 || got.GetCheckedIn() != 1 {
		t.Errorf("after the sweep: version %d (first %d), KvK numbers %q, %d checked in; want a newer version, none, 1",
			got.GetVersion(), first.GetVersion(), got.GetKvkNumbers(), got.GetCheckedIn())
	}
}
