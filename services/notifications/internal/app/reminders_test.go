package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/email/emailtest"
)

// A confirmed attendee is reminded once, a day before; not one who
// registered within that day, not one on the waiting list, not after the
// start; a moved event keeps the one reminder.
func TestRemind(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	start := time.Date(2026, 6, 4, 17, 0, 0, 0, time.UTC)
	c := &clock{t: start.Add(-72 * time.Hour)}
	sender := &flakySender{}
	a, db := newApp(t, c.now, sender)
	reg := func(id, status string, registered time.Time, sealed bool) domain.Change {
		ch := change(domain.Confirmed, 1, status, c.now())
		ch.Registration.ID, ch.Registration.RegisteredAt = id, registered
		ch.Registration.Event.StartsAt, ch.Registration.Event.EndsAt = start, start.Add(2*time.Hour)
		if status == domain.StatusWaitlisted {
			ch.Happened = domain.Waitlisted
		}
		if sealed {
			ch.Registration.SealedToken = keys.Seal("tok-"+id, id)
		}
		return ch
	}
	for _, ch := range []domain.Change{
		reg("early", domain.StatusConfirmed, c.now(), true),
		reg("waiting", domain.StatusWaitlisted, c.now(), false),
	} {
		if err := apply(t, a, db, ch); err != nil {
			t.Fatal(err)
		}
	}
	remind := func() {
		t.Helper()
		if err := a.Remind(ctx); err != nil {
			t.Fatal(err)
		}
	}
	reminders := func() []domain.Email {
		return emailLog(t, a, app.EmailFilter{EventID: "ev1", Status: ""})
	}
	count := func() (n int) {
		for _, e := range reminders() {
			if e.Kind == domain.KindReminder {
				n++
			}
		}
		return n
	}
	remind()
	if n := count(); n != 0 {
		t.Fatalf("%d reminders three days ahead", n)
	}
	c.advance(48*time.Hour + time.Minute) // within the day before
	// Registered now: too late for a reminder.
	if err := apply(t, a, db, reg("late", domain.StatusConfirmed, c.now(), true)); err != nil {
		t.Fatal(err)
	}
	remind()
	remind()
	if n := count(); n != 1 {
		t.Fatalf("%d reminders, want 1 (early)", n)
	}
	// The event moves an hour later: still the one reminder.
	moved := reg("early", domain.StatusConfirmed, c.now().Add(-72*time.Hour), false)
	moved.Happened, moved.Registration.Version = domain.Rescheduled, 2
	moved.Registration.Event.StartsAt = start.Add(time.Hour)
	if err := apply(t, a, db, moved); err != nil {
		t.Fatal(err)
	}
	remind()
	if n := count(); n != 1 {
		t.Fatalf("%d reminders after the move, want 1", n)
	}
	if err := a.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	var reminder domain.Email
	for _, e := range reminders() {
		if e.Kind == domain.KindReminder {
			reminder = e
		}
	}
	if reminder.RegistrationID != "early" || reminder.Subject != "Herinnering: Kennissessie" || reminder.Status != domain.StatusSent {
		t.Fatalf("reminder %+v", reminder)
	}
	m, err := emailtest.Parse(sender.raw[reminder.ID])
	if err != nil {
		t.Fatal(err)
	}
	link := "http://localhost:8080/aanmelding/early?token=tok-early"
	if !strings.Contains(m.Text, link) || m.Header.Get("List-Unsubscribe") != "<"+link+">" {
		t.Errorf("reminder without its manage link: %q\n%s", m.Header.Get("List-Unsubscribe"), m.Text)
	}
	c.advance(48 * time.Hour)
	remind()
	if n := count(); n != 1 {
		t.Fatalf("%d reminders after the start", n)
	}
}

// Reminders off: none.
func TestRemindOff(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 6, 4, 17, 0, 0, 0, time.UTC)
	c := &clock{t: start.Add(-2 * time.Hour)}
	a, db := newApp(t, c.now, nil)
	ch := change(domain.Confirmed, 1, domain.StatusConfirmed, start.Add(-72*time.Hour))
	ch.Registration.Event.StartsAt = start
	if err := apply(t, a, db, ch); err != nil {
		t.Fatal(err)
	}
	off := app.New(db, app.Mail{Writer: domain.Writer{BaseURL: "http://x"}}, nil, c.now)
	if err := off.Remind(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(emailLog(t, a, app.EmailFilter{})); n != 1 {
		t.Errorf("%d e-mails, want the confirmation alone", n)
	}
}
