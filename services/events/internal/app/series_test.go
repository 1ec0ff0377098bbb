package app_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/domain"
	"plein.dev/platform/rule"
	"plein.dev/platform/zone"
)

func TestSeriesAcrossDST(t *testing.T) {
	t.Parallel()
	s, db, room := setup(t)
	// Weekly on Thursdays 09:00-10:30 from 19 March 2026, over the last
	// Sunday of March (29th).
	first, err := s.CreateEvent(org, domain.Event{Title: "Ambassadeursoverleg", RoomID: room.ID,
		StartsAt: ams(2026, 3, 19, 9, 0).UTC(), EndsAt: ams(2026, 3, 19, 10, 30).UTC(),
		Recurrence: "FREQ=WEEKLY;COUNT=4", Visibility: domain.VisibilityInviteOnly}, false)
	if err != nil {
		t.Fatal(err)
	}
	if first.SeriesID == "" || first.Recurrence == "" {
		t.Fatalf("first occurrence %+v lacks its series", first)
	}
	evs := series(t, s, first.SeriesID)
	if len(evs) != 4 {
		t.Fatalf("%d occurrences, want 4", len(evs))
	}
	codes := map[string]bool{}
	for i, e := range evs {
		local := e.StartsAt.In(zone.Amsterdam)
		if local.Hour() != 9 || local.Minute() != 0 || local.Weekday() != time.Thursday {
			t.Errorf("occurrence %d at %s", i, local)
		}
		if e.EndsAt.Sub(e.StartsAt) != 90*time.Minute {
			t.Errorf("occurrence %d lasts %s", i, e.EndsAt.Sub(e.StartsAt))
		}
		if len(e.InviteCode) != 10 || codes[e.InviteCode] {
			t.Errorf("occurrence %d invite code %q", i, e.InviteCode)
		}
		codes[e.InviteCode] = true
	}
	if got := evs[0].StartsAt.UTC().Hour(); got != 8 {
		t.Errorf("before DST 09:00 is %d:00 UTC, want 8", got)
	}
	if got := evs[2].StartsAt.UTC().Hour(); got != 7 {
		t.Errorf("after DST 09:00 is %d:00 UTC, want 7", got)
	}
	if n := len(subjects(t, db)); n != 4 {
		t.Errorf("%d outbox messages, want one per occurrence", n)
	}

	// One occurrence moves, another is cancelled; the rest stay.
	start, end := evs[1].StartsAt.Add(2*time.Hour), evs[1].EndsAt.Add(2*time.Hour)
	if _, err := s.UpdateEvent(org, evs[1].ID, app.Change{StartsAt: &start, EndsAt: &end}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Cancel(org, evs[2].ID, "vakantie", app.ThisEvent); err != nil {
		t.Fatal(err)
	}
	after := series(t, s, first.SeriesID)
	for i, e := range after {
		want := evs[i]
		switch i {
		case 1:
			if !e.StartsAt.Equal(start) || e.Sequence != 1 {
				t.Errorf("moved occurrence %s seq %d", e.StartsAt, e.Sequence)
			}
		case 2:
			if e.Status != domain.StatusCancelled {
				t.Errorf("cancelled occurrence is %s", e.Status)
			}
		default:
			if !e.StartsAt.Equal(want.StartsAt) || e.Status != domain.StatusDraft || e.Version != 1 {
				t.Errorf("untouched occurrence %d changed: %+v", i, e)
			}
		}
	}
}

func TestSeriesConflictRefusesWholeSeries(t *testing.T) {
	t.Parallel()
	s, db, room := setup(t)
	// Two existing bookings on the 2nd and 4th Monday of December 2026.
	for _, d := range []int{14, 28} {
		if _, err := s.CreateEvent(org, domain.Event{Title: fmt.Sprintf("Bestaand %d", d), RoomID: room.ID,
			StartsAt: ams(2026, 12, d, 10, 0).UTC(), EndsAt: ams(2026, 12, d, 11, 0).UTC()}, false); err != nil {
			t.Fatal(err)
		}
	}
	before := len(subjects(t, db))
	_, err := s.CreateEvent(org, domain.Event{Title: "Wekelijks", RoomID: room.ID,
		StartsAt: ams(2026, 12, 7, 9, 0).UTC(), EndsAt: ams(2026, 12, 7, 10, 0).UTC(),
		Recurrence: "FREQ=WEEKLY;BYDAY=MO;COUNT=4"}, false) // 7, 14, 21, 28 Dec
	var sc *domain.SeriesConflictError
	if !errors.As(err, &sc) || !sc.RoomTaken() {
		t.Fatalf("err = %v, want a series conflict", err)
	}
	if got := strings.Join(sc.Dates(), ","); got != "2026-12-14,2026-12-28" {
		t.Errorf("conflict dates %s", got)
	}
	if !strings.Contains(sc.Error(), "Bestaand 14") {
		t.Errorf("message %q does not name the other event", sc.Error())
	}
	if n := len(subjects(t, db)); n != before {
		t.Errorf("a refused series left %d outbox messages", n-before)
	}
	evs := list(t, s, app.EventFilter{})
	if len(evs) != 2 {
		t.Errorf("%d events after a refused series, want the 2 that were there", len(evs))
	}

	// Occurrences that collide with each other are conflicts too.
	_, err = s.CreateEvent(org, domain.Event{Title: "Te vaak", RoomID: room.ID,
		StartsAt: ams(2027, 1, 4, 9, 0).UTC(), EndsAt: ams(2027, 1, 4, 11, 0).UTC(),
		Recurrence: "FREQ=HOURLY;COUNT=2"}, false)
	if !errors.As(err, &sc) {
		t.Fatalf("self-colliding series: %v", err)
	}

	// An invalid rule is refused before anything is booked.
	_, err = s.CreateEvent(org, domain.Event{Title: "Fout", RoomID: room.ID,
		StartsAt: ams(2027, 1, 4, 9, 0).UTC(), EndsAt: ams(2027, 1, 4, 11, 0).UTC(),
		Recurrence: "FREQ=FORTNIGHTLY"}, false)
	var re *rule.Error
	if !errors.As(err, &re) || re.Kind != rule.Invalid || re.Field() != "recurrence" {
		t.Fatalf("invalid rule: %v", err)
	}
}

func TestSeriesRespectsBookableHours(t *testing.T) {
	t.Parallel()
	s, _, room := setup(t)
	hours := []domain.BookableHours{{Weekday: 1, Opens: "09:00", Closes: "17:00"}}
	blackouts := []domain.Blackout{{StartsAt: ams(2026, 12, 14, 0, 0), EndsAt: ams(2026, 12, 15, 0, 0), Reason: "onderhoud"}}
	if _, err := s.UpdateRoom(org, room.ID, app.RoomChange{BookableHours: &hours, Blackouts: &blackouts}); err != nil {
		t.Fatal(err)
	}
	_, err := s.CreateEvent(org, domain.Event{Title: "Maandag", RoomID: room.ID,
		StartsAt: ams(2026, 12, 7, 9, 0).UTC(), EndsAt: ams(2026, 12, 7, 10, 0).UTC(),
		Recurrence: "FREQ=DAILY;COUNT=8"}, false)
	var sc *domain.SeriesConflictError
	if !errors.As(err, &sc) || sc.RoomTaken() {
		t.Fatalf("err = %v, want a series refused for the room's hours", err)
	}
	// Tue 8 ... Sun 13 are closed, Mon 14 is blacked out.
	if got := strings.Join(sc.Dates(), ","); got != "2026-12-08,2026-12-09,2026-12-10,2026-12-11,2026-12-12,2026-12-13,2026-12-14" {
		t.Errorf("dates %s", got)
	}
	// A single event outside the hours is refused with the reason.
	_, err = s.CreateEvent(org, domain.Event{Title: "Avond", RoomID: room.ID,
		StartsAt: ams(2026, 12, 7, 18, 0).UTC(), EndsAt: ams(2026, 12, 7, 19, 0).UTC()}, false)
	var re *rule.Error
	if !errors.As(err, &re) || re.Field() != "startsAt" || !strings.Contains(re.Violations[0].Reason, "Mon 09:00–17:00") {
		t.Fatalf("evening booking: %v", err)
	}
}

func TestSeriesWideTransitions(t *testing.T) {
	t.Parallel()
	s, db, room := setup(t)
	first, err := s.CreateEvent(org, domain.Event{Title: "Spreekuur", RoomID: room.ID,
		StartsAt: ams(2026, 10, 15, 9, 0).UTC(), EndsAt: ams(2026, 10, 15, 10, 0).UTC(),
		Recurrence: "FREQ=WEEKLY;COUNT=4"}, false) // 15, 22, 29 Oct (after the last Sunday), 5 Nov
	if err != nil {
		t.Fatal(err)
	}
	evs := series(t, s, first.SeriesID)
	if got := evs[2].StartsAt.In(zone.Amsterdam); got.Hour() != 9 {
		t.Errorf("after the October change the meeting starts at %s", got)
	}
	if _, err := s.Publish(org, evs[1].ID, app.ThisAndLater); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Cancel(org, evs[2].ID, "zaal verbouwd", app.ThisAndLater); err != nil {
		t.Fatal(err)
	}
	want := []domain.Status{domain.StatusDraft, domain.StatusPublished, domain.StatusCancelled, domain.StatusCancelled}
	for i, e := range series(t, s, first.SeriesID) {
		if e.Status != want[i] {
			t.Errorf("occurrence %d is %s, want %s", i, e.Status, want[i])
		}
	}
	// 4 drafted, 3 published, 2 cancelled.
	if n := len(subjects(t, db)); n != 9 {
		t.Errorf("%d outbox messages, want 9", n)
	}
	if _, err := s.Publish(org, evs[3].ID, app.ThisAndLater); !errors.Is(err, domain.ErrTransition) {
		t.Errorf("publish a cancelled series: %v", err)
	}
}
