package app_test

import (
	"bytes"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"plein.dev/platform/seal"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/migrations"
)

// lastMessage returns the payload of the last outbox message on subject.
func lastMessage(t *testing.T, db *sqlite.DB, subject string) (*registrationsv1.RegistrationChanged, []byte) {
	t.Helper()
	var payload []byte
	if err := db.R.Get(&payload, `SELECT payload FROM outbox WHERE subject = ? ORDER BY seq DESC LIMIT 1`, subject); err != nil {
		t.Fatalf("%s: %v", subject, err)
	}
	var m registrationsv1.RegistrationChanged
	if err := proto.Unmarshal(payload, &m); err != nil {
		t.Fatal(err)
	}
	return &m, payload
}

// What the e-mail needs travels with the messages: the manage token only
// sealed, on the registration's first message, opening with the key for
// that registration alone; the language; the SEQUENCE the attendee's
// calendar file has after each change.
func TestMessagesCarryWhatTheMailNeeds(t *testing.T) {
	t.Parallel()
	entry, err := seal.NewKey("k1")
	if err != nil {
		t.Fatal(err)
	}
	keys, err := seal.Parse(entry)
	if err != nil {
		t.Fatal(err)
	}
	db := testkit.DB(t, migrations.FS)
	a := app.New(db, testkit.Logger(t), func() time.Time { return now }).SealTokensWith(keys)
	ev := publish(t, a, db, "e1", 1)

	first, token := mustRegister(t, a, "e1", "jan@example.nl")
	m, raw := lastMessage(t, db, "plein.registrations.registration.confirmed")
	if bytes.Contains(raw, []byte(token)) {
		t.Fatal("the manage token is on the bus in clear")
	}
	if got, err := keys.Open(m.GetSealedManageToken(), first.ID); err != nil || got != token {
		t.Fatalf("sealed token opens to %q, %v", got, err)
	}
	if _, err := keys.Open(m.GetSealedManageToken(), "another-registration"); err == nil {
		t.Error("the sealed token opens for another registration")
	}
	if m.GetRegistration().GetLanguage() != "nl" {
		t.Errorf("language %q, want nl by default", m.GetRegistration().GetLanguage())
	}
	if seq := calendarFile(t, a, "confirmed", first.ID, token, "REQUEST", "CONFIRMED"); int(m.GetCalendarSequence()) != seq {
		t.Errorf("message SEQUENCE %d, file %d", m.GetCalendarSequence(), seq)
	}

	// In English, on the waiting list.
	second, token2, err := a.Register(anon, app.RegisterRequest{EventID: "e1", Name: "Ann", Email: "ann@example.nl", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	m, _ = lastMessage(t, db, "plein.registrations.registration.waitlisted")
	if m.GetRegistration().GetLanguage() != "en" || mustGet(t, a, second.ID).Language != "en" {
		t.Errorf("language %q, stored %q", m.GetRegistration().GetLanguage(), mustGet(t, a, second.ID).Language)
	}
	if got, err := keys.Open(m.GetSealedManageToken(), second.ID); err != nil || got != token2 {
		t.Errorf("second token opens to %q, %v", got, err)
	}

	// Jan cancels, Ann moves up, Jan registers again: later messages carry
	// no token, and every SEQUENCE is the file's.
	if err := a.Cancel(anon, first.ID, token); err != nil {
		t.Fatal(err)
	}
	m, _ = lastMessage(t, db, "plein.registrations.registration.cancelled")
	if m.GetSealedManageToken() != "" {
		t.Error("a later message carries the token")
	}
	if seq := calendarFile(t, a, "cancelled", first.ID, token, "CANCEL", "CANCELLED"); int(m.GetCalendarSequence()) != seq {
		t.Errorf("cancelled: message SEQUENCE %d, file %d", m.GetCalendarSequence(), seq)
	}
	m, _ = lastMessage(t, db, "plein.registrations.registration.promoted")
	if seq := calendarFile(t, a, "promoted", second.ID, token2, "REQUEST", "CONFIRMED"); int(m.GetCalendarSequence()) != seq {
		t.Errorf("promoted: message SEQUENCE %d, file %d", m.GetCalendarSequence(), seq)
	}
	again, token3 := mustRegister(t, a, "e1", "JAN@example.nl")
	m, _ = lastMessage(t, db, "plein.registrations.registration.waitlisted")
	if seq := calendarFile(t, a, "again", again.ID, token3, "REQUEST", "TENTATIVE"); int(m.GetCalendarSequence()) != seq {
		t.Errorf("registered again: message SEQUENCE %d, file %d", m.GetCalendarSequence(), seq)
	}

	// The event moves: every live registration hears it with the SEQUENCE
	// of its file and the event's end before.
	before := ev
	ev.StartsAt, ev.EndsAt, ev.Version = ev.StartsAt.Add(time.Hour), ev.EndsAt.Add(time.Hour), ev.Version+1
	applyEvent(t, a, db, ev, "")
	m, _ = lastMessage(t, db, "plein.registrations.registration.rescheduled")
	if !m.GetPreviousEndsAt().AsTime().Equal(before.EndsAt) {
		t.Errorf("previous end %v, want %v", m.GetPreviousEndsAt().AsTime(), before.EndsAt)
	}
	if seq := calendarFile(t, a, "rescheduled", again.ID, token3, "REQUEST", "TENTATIVE"); int(m.GetCalendarSequence()) != seq {
		t.Errorf("rescheduled: message SEQUENCE %d, file %d", m.GetCalendarSequence(), seq)
	}

	// Without keys, no token travels.
	plain, db2 := setup(t)
	publish(t, plain, db2, "e1", 5)
	mustRegister(t, plain, "e1", "piet@example.nl")
	if m, _ := lastMessage(t, db2, "plein.registrations.registration.confirmed"); m.GetSealedManageToken() != "" {
		t.Error("a token sealed without keys")
	}
}
