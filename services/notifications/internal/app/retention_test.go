package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/mail"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/zone"
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

// TestRetentionSweepsMoreThanABatch: a sweep over more than a batch (200)
// of attendees, and of e-mails about registrations no longer recorded as
// attendee (cancelled ones: found through the event's end), forgets every
// one of them exactly once — the counts it logs are the registrations and
// e-mails there were — and an event to come keeps its own.
func TestRetentionSweepsMoreThanABatch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	logs := &sweepLog{}
	a, db := newApp(t, func() time.Time { return clock }, delivery.Files{Dir: t.TempDir()})
	m := app.Mail{Writer: domain.Writer{BaseURL: "http://localhost:8080", Zone: zone.Amsterdam},
		From: mail.Address{Name: "Plein", Address: "noreply@plein.local"}, Sender: delivery.Files{Dir: t.TempDir()}, Keys: keys,
		ReminderLead: 24 * time.Hour}
	a = app.New(db, m, slog.New(slog.NewJSONHandler(logs, nil)), func() time.Time { return clock })

	ended, later := clock.Add(50*time.Hour), clock.Add(30*24*time.Hour)
	for _, ev := range []domain.EventFacts{
		{ID: "ev1", Title: "Kennissessie", StartsAt: ended.Add(-2 * time.Hour), EndsAt: ended, Status: "published"},
		{ID: "ev2", Title: "Netwerkborrel", StartsAt: ended.Add(-2 * time.Hour), EndsAt: ended, Status: "published"},
		{ID: "ev3", Title: "Later", StartsAt: later.Add(-2 * time.Hour), EndsAt: later, Status: "published"},
	} {
		if err := db.InTx(ctx, func(tx sqlite.Tx) error { return a.ApplyEvent(ctx, tx, ev, "", false, time.Time{}) }); err != nil {
			t.Fatal(err)
		}
	}
	register := func(id, eventID string, ends time.Time, cancel bool) {
		t.Helper()
		c := change(domain.Confirmed, 1, domain.StatusConfirmed, clock)
		c.Registration.ID, c.Registration.EventID, c.Registration.Email = id, eventID, id+"@example.nl"
		c.Registration.Event.StartsAt, c.Registration.Event.EndsAt = ends.Add(-2*time.Hour), ends
		if err := apply(t, a, db, c); err != nil {
			t.Fatal(err)
		}
		if cancel {
			c.Happened, c.Registration.Version, c.Registration.Status = domain.Cancelled, 2, domain.StatusCancelled
			c.Registration.CancelledBy = domain.CancelledByAttendee
			if err := apply(t, a, db, c); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := range 230 {
		register(fmt.Sprintf("a%d", i), "ev1", ended, false) // attendees: one e-mail each
	}
	for i := range 140 {
		register(fmt.Sprintf("c%d", i), "ev2", ended, true) // no attendee, two e-mails each
	}
	for i := range 3 {
		register(fmt.Sprintf("l%d", i), "ev3", later, i == 0)
	}

	clock = ended.Add(time.Hour)
	if err := a.Retention(0).Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	if got := logs.last(t); got.Registrations != 370 || got.Emails != 230+280 {
		t.Errorf("the sweep forgot %d registrations and %d e-mails, want 370 and 510", got.Registrations, got.Emails)
	}
	var rows []struct {
		EventID string `db:"event_id"`
		N       int    `db:"n"`
	}
	if err := db.R.Select(&rows, `SELECT event_id, count(*) AS n FROM emails WHERE recipient <> '' GROUP BY 1`); err != nil {
		t.Fatal(err)
	}
	held := map[string]int{}
	for _, r := range rows {
		held[r.EventID] = r.N
	}
	if len(held) != 1 || held["ev3"] != 4 {
		t.Errorf("e-mails with their recipient after the sweep, per event: %v; want ev3's 4 alone", held)
	}
	for _, id := range []string{"a0", "a229", "l1"} {
		_, ok, err := store.Attendee(ctx, db.R, id)
		if err != nil || ok != (id == "l1") {
			t.Errorf("attendee %s recorded: %v (%v)", id, ok, err)
		}
	}
	if err := a.Retention(0).Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	if got := logs.last(t); got.Registrations != 0 || got.Emails != 0 {
		t.Errorf("a second sweep forgot %d registrations and %d e-mails", got.Registrations, got.Emails)
	}
}

// sweepLog keeps the JSON log lines written to it.
type sweepLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *sweepLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, string(p))
	return len(p), nil
}

// sweepCounts are the counts of a "retention sweep" log line.
type sweepCounts struct {
	Msg           string `json:"msg"`
	Registrations int    `json:"registrations_forgotten"`
	Emails        int    `json:"emails_anonymised"`
}

// last returns the counts of the last retention sweep logged.
func (l *sweepLog) last(t *testing.T) sweepCounts {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := len(l.lines) - 1; i >= 0; i-- {
		var c sweepCounts
		if err := json.Unmarshal([]byte(l.lines[i]), &c); err != nil {
			t.Fatal(err)
		}
		if c.Msg == "retention sweep" {
			return c
		}
	}
	t.Fatal("no retention sweep logged")
	return sweepCounts{}
}
