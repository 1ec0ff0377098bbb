package app_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
)

// TestRetentionForgetsAttendeesOfEndedEvents: once an event ended longer
// ago than the retention period, the e-mails about its registrations lose
// their address, their .eml files are deleted and the attendee is
// forgotten; an event to come keeps its own.
func TestRetentionForgetsAttendeesOfEndedEvents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	a, db := newApp(t, func() time.Time { return clock }, delivery.Files{Dir: dir})

	piet := change(domain.Confirmed, 1, domain.StatusConfirmed, clock)
	mies := change(domain.Confirmed, 1, domain.StatusConfirmed, clock)
	mies.Registration.ID, mies.Registration.EventID = "r2", "ev2"
	mies.Registration.Name, mies.Registration.Email = "Mies", "mies@example.nl"
	mies.Registration.Event.StartsAt = clock.Add(30 * 24 * time.Hour)
	mies.Registration.Event.EndsAt = clock.Add(30*24*time.Hour + 2*time.Hour)
	for _, c := range []domain.Change{piet, mies} {
		if err := apply(t, a, db, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	files := func() (n int, piet bool) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			n++
			piet = piet || bytes.Contains(b, []byte("Piet@Example.nl"))
		}
		return n, piet
	}
	if n, p := files(); n != 2 || !p {
		t.Fatalf("%d mail files written (Piet's among them: %v), want 2", n, p)
	}
	sweep := func(r *app.Retention) {
		t.Helper()
		if err := r.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
	}

	// A day after ev1 ended: kept for a retention of two days.
	clock = piet.Registration.Event.EndsAt.Add(24 * time.Hour)
	sweep(a.Retention(48 * time.Hour))
	if n, _ := files(); n != 2 {
		t.Fatalf("within the retention period %d of 2 mail files left", n)
	}
	sweep(a.Retention(0))
	if n, p := files(); n != 1 || p {
		t.Errorf("after the sweep: %d mail files (Piet's left: %v), want Mies's alone", n, p)
	}
	for _, e := range emailLog(t, a, app.EmailFilter{}) {
		switch e.RegistrationID {
		case "r1":
			if e.To != "" || e.Status != domain.StatusSent {
				t.Errorf("Piet's e-mail after the sweep: to %q, %s", e.To, e.Status)
			}
		case "r2":
			if e.To != "mies@example.nl" {
				t.Errorf("Mies's e-mail lost its address: %q", e.To)
			}
		}
	}
	if _, ok, err := store.Attendee(ctx, db.R, "r1"); ok || err != nil {
		t.Errorf("attendee r1 still recorded (%v)", err)
	}
	if _, ok, err := store.Attendee(ctx, db.R, "r2"); !ok || err != nil {
		t.Errorf("attendee r2 forgotten before its event (%v)", err)
	}
}
