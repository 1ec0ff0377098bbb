package app_test

import (
	"testing"

	"plein.dev/registrations/internal/domain"
)

func TestAttendanceSummaryOnCompletion(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	ev := publish(t, a, db, "e1", 3)
	var regs []domain.Registration
	for _, e := range []string{"a", "b", "c", "d"} {
		r, _ := mustRegister(t, a, "e1", e+"@x.nl")
		regs = append(regs, r)
	}
	for _, r := range regs[:2] {
		if _, err := a.CheckIn(org, r.ID); err != nil {
			t.Fatal(err)
		}
	}
	if att, _ := a.Attendance(org, "e1"); att.NoShows() != 0 {
		t.Errorf("no-shows before the event: %d", att.NoShows())
	}
	ev.Status = domain.EventCompleted
	applyEvent(t, a, db, ev, "")
	// The same message again changes nothing.
	applyEvent(t, a, db, ev, "")
	att, err := a.Attendance(org, "e1")
	if err != nil {
		t.Fatal(err)
	}
	want := domain.Attendance{EventID: "e1", EventStatus: domain.EventCompleted, Capacity: 3, Confirmed: 3, CheckedIn: 2, Waitlisted: 1}
	if att != want || att.NoShows() != 1 {
		t.Fatalf("attendance %+v, want %+v", att, want)
	}
	if n := outboxSubjects(t, db)["plein.registrations.attendance.summarised"]; n != 1 {
		t.Fatalf("%d summaries, want 1", n)
	}
	// A check-in entered afterwards publishes a corrected summary.
	if _, err := a.CheckIn(org, regs[2].ID); err != nil {
		t.Fatal(err)
	}
	if n := outboxSubjects(t, db)["plein.registrations.attendance.summarised"]; n != 2 {
		t.Fatalf("%d summaries after a late check-in, want 2", n)
	}
}

// TestCancellationAfterCompletionCorrectsSummary: an organiser who removes a
// registration after the event publishes a corrected attendance summary.
func TestCancellationAfterCompletionCorrectsSummary(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	ev := publish(t, a, db, "e1", 3)
	first, _ := mustRegister(t, a, "e1", "a@x.nl")
	mustRegister(t, a, "e1", "b@x.nl")
	ev.Status = domain.EventCompleted
	applyEvent(t, a, db, ev, "")
	if err := a.Cancel(org, first.ID, ""); err != nil {
		t.Fatal(err)
	}
	if n := outboxSubjects(t, db)["plein.registrations.attendance.summarised"]; n != 2 {
		t.Fatalf("%d summaries after a cancellation, want 2", n)
	}
	att, err := a.Attendance(org, "e1")
	if err != nil {
		t.Fatal(err)
	}
	if att.Confirmed != 1 || att.Cancelled != 1 {
		t.Fatalf("attendance %+v, want 1 confirmed and 1 cancelled", att)
	}
}
