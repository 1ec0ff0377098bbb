package app_test

import (
	"slices"
	"testing"

	"google.golang.org/protobuf/proto"

	"plein.dev/platform/sqlite"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
)

func registerWithKvK(t *testing.T, a *app.App, eventID, email, kvk string) (domain.Registration, string) {
	t.Helper()
	r, tok, err := a.Register(anon, app.RegisterRequest{EventID: eventID, Name: "N " + email, Email: email, KvKNumber: kvk})
	if err != nil {
		t.Fatalf("register %s: %v", email, err)
	}
	return r, tok
}

// TestKvKNumberKeptAndShown: the KvK number given is stored and returned to
// the event's organiser, the token holder and the person's export; one not
// of eight digits is refused on kvkNumber.
func TestKvKNumberKeptAndShown(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	publish(t, a, db, "e1", 5)
	r, tok := registerWithKvK(t, a, "e1", "anna@x.nl", "69599084")
	if got := mustGet(t, a, r.ID); got.KvKNumber != "69599084" {
		t.Errorf("organiser reads KvK number %q", got.KvKNumber)
	}
	if got, err := a.Get(anon, r.ID, tok); err != nil || got.KvKNumber != "69599084" {
		t.Errorf("token holder reads KvK number %q (%v)", got.KvKNumber, err)
	}
	if regs := list(t, a, app.RegistrationQuery{EventID: "e1"}); len(regs) != 1 || regs[0].KvKNumber != "69599084" {
		t.Errorf("list: %+v", regs)
	}
	if regs, err := a.PersonRegistrations(admin, "anna@x.nl"); err != nil || len(regs) != 1 || regs[0].KvKNumber != "69599084" {
		t.Errorf("export: %+v %v", regs, err)
	}
	if r, _ := mustRegister(t, a, "e1", "bram@x.nl"); mustGet(t, a, r.ID).KvKNumber != "" {
		t.Error("a registration without a KvK number has one")
	}
	for _, bad := range []string{"1234567", "123456789", "1234567a", "KVK12345", " 12345678"} {
		_, _, err := a.Register(anon, app.RegisterRequest{EventID: "e1", Name: "C", Email: "c@x.nl", KvKNumber: bad})
		if f := ruleField(t, err); f != "kvkNumber" {
			t.Errorf("KvK number %q refused on %q, want kvkNumber", bad, f)
		}
	}
	if n := len(list(t, a, app.RegistrationQuery{EventID: "e1"})); n != 2 {
		t.Errorf("%d registrations after the refusals, want 2", n)
	}
}

// lastSummary reads the latest attendance summary in the outbox.
func lastSummary(t *testing.T, db *sqlite.DB) *registrationsv1.AttendanceSummarised {
	t.Helper()
	var payload []byte
	if err := db.R.Get(&payload, `SELECT payload FROM outbox WHERE subject = 'plein.registrations.attendance.summarised'
		ORDER BY seq DESC LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	var m registrationsv1.AttendanceSummarised
	if err := proto.Unmarshal(payload, &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

// TestSummaryNamesTheCompaniesReached: a completed event's summary carries
// the distinct KvK numbers, sorted, of those checked in; when nobody was
// checked in, of everyone confirmed. The waitlisted and the cancelled do
// not count, nor does a registration without a number.
func TestSummaryNamesTheCompaniesReached(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	// e1: four seats. Checked in: 3333 twice (two colleagues), 1111, and
	// one without a number; confirmed, not checked in: 2222; cancelled
	// 4444; waitlisted 5555.
	ev := publish(t, a, db, "e1", 5)
	in1, _ := registerWithKvK(t, a, "e1", "a@x.nl", "33333333")
	in2, _ := registerWithKvK(t, a, "e1", "b@x.nl", "33333333")
	in3, _ := registerWithKvK(t, a, "e1", "c@x.nl", "11111111")
	in4, _ := registerWithKvK(t, a, "e1", "d@x.nl", "")
	registerWithKvK(t, a, "e1", "e@x.nl", "22222222")
	gone, _ := registerWithKvK(t, a, "e1", "f@x.nl", "44444444")
	if err := a.Cancel(org, gone.ID, ""); err != nil {
		t.Fatal(err)
	}
	registerWithKvK(t, a, "e1", "g@x.nl", "55555555") // the fifth seat
	if w, _ := registerWithKvK(t, a, "e1", "h@x.nl", "66666666"); w.Status != domain.StatusWaitlisted {
		t.Fatalf("h: %s, want waitlisted", w.Status)
	}
	for _, r := range []domain.Registration{in1, in2, in3, in4} {
		if _, err := a.CheckIn(org, r.ID); err != nil {
			t.Fatal(err)
		}
	}
	ev.Status = domain.EventCompleted
	applyEvent(t, a, db, ev, "")
	if got := lastSummary(t, db); !slices.Equal(got.GetKvkNumbers(), []string{"11111111", "33333333"}) || got.GetCheckedIn() != 4 {
		t.Errorf("checked in: KvK numbers %q (%d checked in), want [11111111 33333333]", got.GetKvkNumbers(), got.GetCheckedIn())
	}

	// e2: nobody checked in, so the confirmed count: 7777 twice, 8888,
	// one without; cancelled 9999 does not.
	ev2 := publish(t, a, db, "e2", 10)
	registerWithKvK(t, a, "e2", "a@x.nl", "88888888")
	registerWithKvK(t, a, "e2", "b@x.nl", "77777777")
	registerWithKvK(t, a, "e2", "c@x.nl", "77777777")
	registerWithKvK(t, a, "e2", "d@x.nl", "")
	gone, _ = registerWithKvK(t, a, "e2", "e@x.nl", "99999999")
	if err := a.Cancel(org, gone.ID, ""); err != nil {
		t.Fatal(err)
	}
	ev2.Status = domain.EventCompleted
	applyEvent(t, a, db, ev2, "")
	got := lastSummary(t, db)
	if got.GetEventId() != "e2" || !slices.Equal(got.GetKvkNumbers(), []string{"77777777", "88888888"}) {
		t.Errorf("nobody checked in: %s KvK numbers %q, want [77777777 88888888]", got.GetEventId(), got.GetKvkNumbers())
	}
}
