package app_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

func ruleField(t *testing.T, err error) string {
	t.Helper()
	var re *domain.RuleError
	if !errors.As(err, &re) {
		t.Fatalf("%v, want a rule error", err)
	}
	return re.Field
}

func TestEmailWithSpaceIsADuplicate(t *testing.T) {
	s, db := setup(t)
	publish(t, s, db, "e1", 5)
	ctx := context.Background()
	r, _, err := s.Register(ctx, app.Request{EventID: "e1", Name: "A", Email: " Anna@x.nl "})
	if err != nil {
		t.Fatal(err)
	}
	if r.Email != "Anna@x.nl" {
		t.Errorf("stored e-mail %q, want it trimmed", r.Email)
	}
	if _, _, err := s.Register(ctx, app.Request{EventID: "e1", Name: "A", Email: "anna@x.nl"}); !errors.Is(err, domain.ErrDuplicate) {
		t.Fatalf("anna@x.nl after \" Anna@x.nl \": %v, want duplicate", err)
	}
	for _, bad := range []string{"", "  ", "anna", "Anna <anna@x.nl>", "a@x.nl, b@x.nl"} {
		_, _, err := s.Register(ctx, app.Request{EventID: "e1", Name: "A", Email: bad})
		if f := ruleField(t, err); f != "email" {
			t.Errorf("%q: field %q, want email", bad, f)
		}
	}
	// After a cancellation the address may register again.
	if err := s.Cancel(ctx, r.ID, app.Access{Organiser: true}, domain.CancelledByOrganiser, "x"); err != nil {
		t.Fatal(err)
	}
	mustRegister(t, s, "e1", "ANNA@x.nl")
}

func TestConsentVersionIsKept(t *testing.T) {
	s, db := setup(t)
	publish(t, s, db, "e1", 5)
	r, _, err := s.Register(context.Background(), app.Request{EventID: "e1", Name: "A", Email: "a@x.nl", ConsentVersion: "2026-01"})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(context.Background(), r.ID, app.Access{Organiser: true})
	if got.ConsentVersion != "2026-01" || got.ConsentedAt == nil || !got.ConsentedAt.Equal(now) {
		t.Fatalf("consent %q at %v", got.ConsentVersion, got.ConsentedAt)
	}
}

func TestInviteOnly(t *testing.T) {
	s, db := setup(t)
	ev := domain.Event{ID: "inv", Title: "Besloten", StartsAt: now.Add(48 * time.Hour), EndsAt: now.Add(50 * time.Hour),
		Capacity: 5, Status: "published", Visibility: "invite-only", InviteCode: "K7QX-PL4M"}
	applyEvent(t, s, db, ev, "")
	ctx := context.Background()
	for _, tc := range []struct{ code, reason string }{{"", "invite code required"}, {"wrong", "invite code invalid"}, {"k7qx-pl4m", "invite code invalid"}} {
		_, _, err := s.Register(ctx, app.Request{EventID: "inv", Name: "A", Email: "a@x.nl", InviteCode: tc.code})
		var re *domain.RuleError
		if !errors.As(err, &re) || re.Reason != tc.reason || re.Field != "inviteCode" {
			t.Errorf("code %q: %v, want %q on inviteCode", tc.code, err, tc.reason)
		}
	}
	if _, _, err := s.Register(ctx, app.Request{EventID: "inv", Name: "A", Email: "a@x.nl", InviteCode: "K7QX-PL4M"}); err != nil {
		t.Fatalf("right code: %v", err)
	}
	// A public event ignores the code.
	publish(t, s, db, "pub", 5)
	if _, _, err := s.Register(ctx, app.Request{EventID: "pub", Name: "A", Email: "a@x.nl", InviteCode: "whatever"}); err != nil {
		t.Fatal(err)
	}
	// Questions of an invite-only event are hidden without the code.
	if _, err := s.Questions(ctx, "inv", false, ""); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("questions without code: %v", err)
	}
	if _, err := s.Questions(ctx, "inv", false, "K7QX-PL4M"); err != nil {
		t.Errorf("questions with code: %v", err)
	}
}

// TestWindowEdges: registration opens at the opening second and closes at
// the closing second (or the start when no closing time is set).
func TestWindowEdges(t *testing.T) {
	ctx := context.Background()
	opens, closes := now, now.Add(time.Hour)
	cases := []struct {
		name   string
		at     time.Time
		ev     domain.Event
		wantOK bool
	}{
		{"a second before opening", now.Add(-time.Second), domain.Event{OpensAt: &opens}, false},
		{"at opening", now, domain.Event{OpensAt: &opens}, true},
		{"a second before closing", closes.Add(-time.Second), domain.Event{ClosesAt: &closes}, true},
		{"at closing", closes, domain.Event{ClosesAt: &closes}, false},
		{"no closing time: before the start", now.Add(48*time.Hour - time.Second), domain.Event{}, true},
		{"no closing time: at the start", now.Add(48 * time.Hour), domain.Event{}, false},
		{"completed", now, domain.Event{Status: "completed"}, false},
		{"unknown visibility", now, domain.Event{Visibility: "secret"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := testDB(t)
			at := tc.at
			s := app.New(db, nil, func() time.Time { return at })
			ev := tc.ev
			ev.ID, ev.Title, ev.Capacity = "w", "x", 10
			ev.StartsAt, ev.EndsAt = now.Add(48*time.Hour), now.Add(50*time.Hour)
			if ev.Status == "" {
				ev.Status = "published"
			}
			if ev.Visibility == "" {
				ev.Visibility = "public"
			}
			applyEvent(t, s, db, ev, "")
			_, _, err := s.Register(ctx, app.Request{EventID: "w", Name: "A", Email: "a@x.nl"})
			var re *domain.RuleError
			if tc.wantOK && err != nil || !tc.wantOK && !errors.As(err, &re) {
				t.Fatalf("register: %v", err)
			}
		})
	}
}

func TestQuestionsAndAnswers(t *testing.T) {
	s, db := setup(t)
	publish(t, s, db, "e1", 50)
	ctx := context.Background()
	qs := []domain.Question{
		{ID: "diet", Kind: domain.KindSingleChoice, Label: "Dieet", Options: []string{"geen", "vegetarisch", "veganistisch"}},
		{ID: "topics", Kind: domain.KindMultipleChoice, Label: "Onderwerpen", Options: []string{"ai", "robots", "logistiek"}},
		{ID: "parking", Kind: domain.KindYesNo, Label: "Parkeren?", Required: true},
		{ID: "remark", Kind: domain.KindText, Label: "Opmerking"},
	}
	if _, err := s.SetQuestions(ctx, "e1", qs); err != nil {
		t.Fatal(err)
	}
	got, err := s.Questions(ctx, "e1", false, "")
	if err != nil || len(got) != 4 || got[0].ID != "diet" || len(got[0].Options) != 3 {
		t.Fatalf("questions %v %v", got, err)
	}
	for _, bad := range [][]domain.Question{
		{{ID: "a", Kind: domain.KindText, Label: "x"}, {ID: "a", Kind: domain.KindText, Label: "y"}},
		{{ID: "a", Kind: domain.KindSingleChoice, Label: "x", Options: []string{"one"}}},
		{{ID: "a", Kind: domain.KindYesNo, Label: "x", Options: []string{"ja", "nee"}}},
	} {
		if _, err := s.SetQuestions(ctx, "e1", bad); err == nil {
			t.Errorf("questions %v accepted", bad)
		}
	}
	if _, err := s.SetQuestions(ctx, "nope", qs); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("questions of unknown event: %v", err)
	}
	a := func(id string, v ...string) domain.Answer { return domain.Answer{QuestionID: id, Values: v} }
	cases := []struct {
		name    string
		answers []domain.Answer
		ok      bool
	}{
		{"all answered", []domain.Answer{a("diet", "vegetarisch"), a("topics", "ai", "robots"), a("parking", "yes"), a("remark", " graag ")}, true},
		{"only the required one", []domain.Answer{a("parking", "no")}, true},
		{"required missing", []domain.Answer{a("diet", "geen")}, false},
		{"required blank", []domain.Answer{a("parking", "  ")}, false},
		{"unknown question", []domain.Answer{a("parking", "no"), a("shoe-size", "43")}, false},
		{"answered twice", []domain.Answer{a("parking", "no"), a("parking", "yes")}, false},
		{"not an option", []domain.Answer{a("parking", "no"), a("diet", "carnivoor")}, false},
		{"two for single choice", []domain.Answer{a("parking", "no"), a("diet", "geen", "vegetarisch")}, false},
		{"option chosen twice", []domain.Answer{a("parking", "no"), a("topics", "ai", "ai")}, false},
		{"yes-no other value", []domain.Answer{a("parking", "misschien")}, false},
		{"two texts", []domain.Answer{a("parking", "no"), a("remark", "a", "b")}, false},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _, err := s.Register(ctx, app.Request{EventID: "e1", Name: "A", Email: fmt.Sprintf("q%d@x.nl", i), Answers: tc.answers})
			if tc.ok {
				if err != nil {
					t.Fatal(err)
				}
				if tc.name == "all answered" && (len(r.Answers) != 4 || r.Answers[3].Values[0] != "graag") {
					t.Errorf("stored answers %v", r.Answers)
				}
				return
			}
			if f := ruleField(t, err); f != "answers" {
				t.Errorf("field %q, want answers", f)
			}
		})
	}
}

func TestCheckInByCodeAndSearch(t *testing.T) {
	s, db := setup(t)
	publish(t, s, db, "e1", 2)
	ctx := context.Background()
	a, _, _ := s.Register(ctx, app.Request{EventID: "e1", Name: "Anna de Vries", Email: "anna@x.nl", Organisation: "Havenbedrijf"})
	b, _, _ := s.Register(ctx, app.Request{EventID: "e1", Name: "Bram Jansen", Email: "bram@x.nl"})
	c, _, _ := s.Register(ctx, app.Request{EventID: "e1", Name: "Chantal 100%_", Email: "chantal@x.nl"})
	if len(a.CheckInCode) != domain.CheckInCodeLength || a.CheckInCode == b.CheckInCode {
		t.Fatalf("codes %q %q", a.CheckInCode, b.CheckInCode)
	}
	typed := a.CheckInCode[:4] + "-" + a.CheckInCode[4:]
	got, err := s.CheckInByCode(ctx, "e1", " "+typed+" ")
	if err != nil || got.ID != a.ID || got.CheckedInAt == nil {
		t.Fatalf("check in by code: %v %v", got, err)
	}
	// Twice is harmless and keeps the first time.
	again, err := s.CheckInByCode(ctx, "e1", a.CheckInCode)
	if err != nil || !again.CheckedInAt.Equal(*got.CheckedInAt) {
		t.Fatalf("second check-in: %v %v", again.CheckedInAt, err)
	}
	if n := outboxSubjects(t, db)["plein.registrations.registration.checked-in"]; n != 1 {
		t.Errorf("%d check-ins announced, want 1", n)
	}
	if _, err := s.CheckInByCode(ctx, "e1", "ZZZZZZZZ"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown code: %v", err)
	}
	// A code is valid for its own event only.
	publish(t, s, db, "e2", 2)
	if _, err := s.CheckInByCode(ctx, "e2", b.CheckInCode); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("code at another event: %v", err)
	}
	// The waitlisted cannot check in.
	if _, err := s.CheckInByCode(ctx, "e1", c.CheckInCode); err == nil {
		t.Error("waitlisted registration checked in")
	}
	yes, no := true, false
	for _, tc := range []struct {
		f    store.ListFilter
		want []string
	}{
		{store.ListFilter{Query: "anna"}, []string{a.ID}},
		{store.ListFilter{Query: "HAVEN"}, []string{a.ID}},
		{store.ListFilter{Query: "jansen"}, []string{b.ID}},
		{store.ListFilter{Query: "%"}, []string{c.ID}},
		{store.ListFilter{Query: "_"}, []string{c.ID}},
		{store.ListFilter{CheckedIn: &yes}, []string{a.ID}},
		{store.ListFilter{CheckedIn: &no, Status: domain.StatusConfirmed}, []string{b.ID}},
	} {
		tc.f.EventID, tc.f.Limit = "e1", 50
		regs, _, err := s.List(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range regs {
			ids = append(ids, r.ID)
		}
		if fmt.Sprint(ids) != fmt.Sprint(tc.want) {
			t.Errorf("filter %+v: %v, want %v", tc.f, ids, tc.want)
		}
	}
}

func TestAttendanceSummaryOnCompletion(t *testing.T) {
	s, db := setup(t)
	ev := publish(t, s, db, "e1", 3)
	ctx := context.Background()
	var regs []domain.Registration
	for _, e := range []string{"a", "b", "c", "d"} {
		r, _ := mustRegister(t, s, "e1", e+"@x.nl")
		regs = append(regs, r)
	}
	if _, err := s.CheckIn(ctx, regs[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CheckIn(ctx, regs[1].ID); err != nil {
		t.Fatal(err)
	}
	ev.Status = "completed"
	applyEvent(t, s, db, ev, "")
	// The same message again changes nothing.
	applyEvent(t, s, db, ev, "")
	_, a, err := s.Attendance(ctx, "e1")
	if err != nil {
		t.Fatal(err)
	}
	if a.Confirmed != 3 || a.CheckedIn != 2 || a.Waitlisted != 1 {
		t.Fatalf("attendance %+v", a)
	}
	if n := outboxSubjects(t, db)["plein.registrations.attendance.summarised"]; n != 1 {
		t.Fatalf("%d summaries, want 1", n)
	}
	// A check-in entered afterwards publishes a corrected summary.
	if _, err := s.CheckIn(ctx, regs[2].ID); err != nil {
		t.Fatal(err)
	}
	if n := outboxSubjects(t, db)["plein.registrations.attendance.summarised"]; n != 2 {
		t.Fatalf("%d summaries after a late check-in, want 2", n)
	}
}

func TestRescheduleIsPassedOn(t *testing.T) {
	s, db := setup(t)
	ev := publish(t, s, db, "e1", 1)
	ctx := context.Background()
	a, _ := mustRegister(t, s, "e1", "a@x.nl")
	mustRegister(t, s, "e1", "b@x.nl")
	c, _ := mustRegister(t, s, "e1", "c@x.nl")
	if err := s.Cancel(ctx, c.ID, app.Access{Organiser: true}, domain.CancelledByOrganiser, "x"); err != nil {
		t.Fatal(err)
	}
	ev.StartsAt = ev.StartsAt.Add(24 * time.Hour)
	ev.EndsAt = ev.EndsAt.Add(24 * time.Hour)
	applyEvent(t, s, db, ev, "")
	if n := outboxSubjects(t, db)["plein.registrations.registration.rescheduled"]; n != 2 {
		t.Fatalf("%d rescheduled messages, want 2 (the live registrations)", n)
	}
	got, _ := s.Get(ctx, a.ID, app.Access{Organiser: true})
	if got.Version != 2 {
		t.Errorf("version after reschedule %d, want 2", got.Version)
	}
	// Same time and place again: nothing more.
	applyEvent(t, s, db, ev, "")
	if n := outboxSubjects(t, db)["plein.registrations.registration.rescheduled"]; n != 2 {
		t.Fatalf("%d rescheduled messages after an unchanged update", n)
	}
}

func TestCapacityDecreaseStopsNewConfirmations(t *testing.T) {
	s, db := setup(t)
	ev := publish(t, s, db, "e1", 3)
	for _, e := range []string{"a", "b", "c"} {
		mustRegister(t, s, "e1", e+"@x.nl")
	}
	ev.Capacity = 1
	applyEvent(t, s, db, ev, "")
	r, _ := mustRegister(t, s, "e1", "d@x.nl")
	if r.Status != domain.StatusWaitlisted {
		t.Fatalf("after a decrease: %s", r.Status)
	}
	counts, _ := store.CountSeats(context.Background(), db.R, "e1")
	if counts.Confirmed != 3 {
		t.Fatalf("confirmed after decrease %d, want the 3 kept", counts.Confirmed)
	}
	// Cancelling one of the three frees no seat: still above capacity.
	regs, _, _ := s.List(context.Background(), store.ListFilter{EventID: "e1", Status: domain.StatusConfirmed, Limit: 10})
	if err := s.Cancel(context.Background(), regs[0].ID, app.Access{Organiser: true}, domain.CancelledByOrganiser, "x"); err != nil {
		t.Fatal(err)
	}
	if n := outboxSubjects(t, db)["plein.registrations.registration.promoted"]; n != 0 {
		t.Fatalf("%d promoted while over capacity", n)
	}
}

func TestErasePerson(t *testing.T) {
	s, db := setup(t)
	publish(t, s, db, "e1", 1)
	publish(t, s, db, "e2", 5)
	ctx := context.Background()
	a1, tok := mustRegister(t, s, "e1", "anna@x.nl")
	w, _ := mustRegister(t, s, "e1", "bram@x.nl")
	mustRegister(t, s, "e2", " ANNA@x.nl")
	regs, err := s.PersonRegistrations(ctx, "Anna@X.nl")
	if err != nil || len(regs) != 2 {
		t.Fatalf("export: %d %v", len(regs), err)
	}
	n, err := s.ErasePerson(ctx, "anna@x.nl")
	if err != nil || n != 2 {
		t.Fatalf("erase: %d %v", n, err)
	}
	got, _ := s.Get(ctx, a1.ID, app.Access{Organiser: true})
	if got.Name != "" || got.Email != "" || got.Status != domain.StatusCancelled || got.CheckInCode != "" {
		t.Fatalf("after erasure: %+v", got)
	}
	if _, err := s.Get(ctx, a1.ID, app.Access{Token: tok}); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("token after erasure: %v", err)
	}
	promoted, _ := s.Get(ctx, w.ID, app.Access{Organiser: true})
	if promoted.Status != domain.StatusConfirmed {
		t.Errorf("waiting list not promoted after erasure: %s", promoted.Status)
	}
	if regs, _ := s.PersonRegistrations(ctx, "anna@x.nl"); len(regs) != 0 {
		t.Errorf("%d registrations still found", len(regs))
	}
	// The address may register again.
	mustRegister(t, s, "e2", "anna@x.nl")
}
