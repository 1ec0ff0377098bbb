package app_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"plein.dev/platform/page"
	"plein.dev/platform/rule"
	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
)

// TestWhoCancels: an organiser without the token cancels as the organiser;
// with the token, as the attendee.
func TestWhoCancels(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	publish(t, a, db, "e1", 5)
	r1, _ := mustRegister(t, a, "e1", "a@x.nl")
	r2, tok2 := mustRegister(t, a, "e1", "b@x.nl")
	if err := a.Cancel(org, r1.ID, ""); err != nil {
		t.Fatal(err)
	}
	if err := a.Cancel(org, r2.ID, tok2); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, a, r1.ID); got.CancelledBy != domain.CancelledByOrganiser || got.CancellationReason != "cancelled by the organiser" {
		t.Errorf("organiser's cancellation: %q %q", got.CancelledBy, got.CancellationReason)
	}
	if got := mustGet(t, a, r2.ID); got.CancelledBy != domain.CancelledByAttendee {
		t.Errorf("with the token: %q", got.CancelledBy)
	}
}

func TestTokenOpensOnlyItsOwnRegistration(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	publish(t, a, db, "e1", 5)
	ra, tokA := mustRegister(t, a, "e1", "a@example.nl")
	b, _ := mustRegister(t, a, "e1", "b@example.nl")
	if _, err := a.Get(anon, ra.ID, tokA); err != nil {
		t.Fatalf("own token: %v", err)
	}
	for _, tok := range []string{tokA, "", "x" + tokA} {
		if _, err := a.Get(amb, b.ID, tok); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("token %q on another registration: %v, want not found", tok, err)
		}
		if err := a.Cancel(anon, b.ID, tok); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("cancel with %q: %v, want not found", tok, err)
		}
		if _, err := a.Calendar(anon, b.ID, tok); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("calendar with %q: %v, want not found", tok, err)
		}
		if _, err := a.QR(anon, b.ID, tok, app.PNG); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("qr with %q: %v, want not found", tok, err)
		}
	}
}

// TestDuplicateEmail: one live registration per address (case and
// surrounding space ignored) per event, refused as a taken e-mail (409);
// after a cancellation the address may register again.
func TestDuplicateEmail(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	publish(t, a, db, "e1", 5)
	r, _, err := a.Register(anon, app.RegisterRequest{EventID: "e1", Name: "A", Email: " Anna@x.nl "})
	if err != nil {
		t.Fatal(err)
	}
	if r.Email != "Anna@x.nl" {
		t.Errorf("stored e-mail %q, want it trimmed", r.Email)
	}
	for _, again := range []string{"anna@x.nl", "  anna@X.NL "} {
		_, _, err := a.Register(anon, app.RegisterRequest{EventID: "e1", Name: "A", Email: again})
		if re := ruleError(t, err); re.Kind != rule.Taken || re.Field() != "email" {
			t.Fatalf("%q after \" Anna@x.nl \": %v, want the e-mail taken", again, err)
		}
	}
	for _, bad := range []string{"", "  ", "anna", "Anna <anna@x.nl>", "a@x.nl, b@x.nl"} {
		_, _, err := a.Register(anon, app.RegisterRequest{EventID: "e1", Name: "A", Email: bad})
		if re := ruleError(t, err); re.Kind != rule.Unmet || re.Field() != "email" {
			t.Errorf("%q: %v, want a broken rule on email", bad, err)
		}
	}
	if err := a.Cancel(org, r.ID, ""); err != nil {
		t.Fatal(err)
	}
	mustRegister(t, a, "e1", "ANNA@x.nl")
}

func TestConsentVersionIsKept(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	publish(t, a, db, "e1", 5)
	r, _, err := a.Register(anon, app.RegisterRequest{EventID: "e1", Name: "A", Email: "a@x.nl", ConsentVersion: "2026-01"})
	if err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, a, r.ID); got.ConsentVersion != "2026-01" || got.ConsentedAt == nil || !got.ConsentedAt.Equal(now) {
		t.Fatalf("consent %q at %v", got.ConsentVersion, got.ConsentedAt)
	}
}

func TestInviteOnly(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	ev := domain.Event{ID: "inv", Title: "Besloten", StartsAt: now.Add(48 * time.Hour), EndsAt: now.Add(50 * time.Hour),
		Capacity: 5, Status: domain.EventPublished, Visibility: domain.VisibilityInviteOnly, InviteCode: "K7QX-PL4M"}
	applyEvent(t, a, db, ev, "")
	for _, tc := range []struct{ code, reason string }{{"", "invite code required"}, {"wrong", "invite code invalid"}, {"k7qx-pl4m", "invite code invalid"}} {
		_, _, err := a.Register(anon, app.RegisterRequest{EventID: "inv", Name: "A", Email: "a@x.nl", InviteCode: tc.code})
		if re := ruleError(t, err); re.Reason != tc.reason || re.Field() != "inviteCode" {
			t.Errorf("code %q: %v, want %q on inviteCode", tc.code, err, tc.reason)
		}
	}
	if _, _, err := a.Register(anon, app.RegisterRequest{EventID: "inv", Name: "A", Email: "a@x.nl", InviteCode: "K7QX-PL4M"}); err != nil {
		t.Fatalf("right code: %v", err)
	}
	// A public event ignores the code.
	publish(t, a, db, "pub", 5)
	if _, _, err := a.Register(anon, app.RegisterRequest{EventID: "pub", Name: "A", Email: "a@x.nl", InviteCode: "whatever"}); err != nil {
		t.Fatal(err)
	}
	// Questions of an invite-only event are hidden without the code.
	if _, err := a.Questions(anon, "inv", ""); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("questions without code: %v", err)
	}
	if _, err := a.Questions(anon, "inv", "K7QX-PL4M"); err != nil {
		t.Errorf("questions with code: %v", err)
	}
	if _, err := a.Questions(org, "inv", ""); err != nil {
		t.Errorf("questions for an organiser: %v", err)
	}
}

// TestRegistrationWindow: the event's status, visibility and registration
// window decide, through the projection (the edges are domain tests).
func TestRegistrationWindow(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	opens, closes := now.Add(time.Hour), now.Add(2*time.Hour)
	cases := []struct {
		name   string
		ev     domain.Event
		wantOK bool
	}{
		{"open", domain.Event{Status: domain.EventPublished, Visibility: domain.VisibilityPublic}, true},
		{"not yet open", domain.Event{Status: domain.EventPublished, Visibility: domain.VisibilityPublic, OpensAt: &opens}, false},
		{"closed", domain.Event{Status: domain.EventPublished, Visibility: domain.VisibilityPublic, ClosesAt: &now}, false},
		{"closes later", domain.Event{Status: domain.EventPublished, Visibility: domain.VisibilityPublic, ClosesAt: &closes}, true},
		{"draft", domain.Event{Status: domain.EventDraft, Visibility: domain.VisibilityPublic}, false},
		{"cancelled", domain.Event{Status: domain.EventCancelled, Visibility: domain.VisibilityPublic}, false},
		{"internal", domain.Event{Status: domain.EventPublished, Visibility: domain.VisibilityInternal}, false},
	}
	for i, tc := range cases {
		ev := tc.ev
		ev.ID, ev.Title, ev.Capacity = fmt.Sprint("w", i), "x", 10
		ev.StartsAt, ev.EndsAt = now.Add(48*time.Hour), now.Add(50*time.Hour)
		applyEvent(t, a, db, ev, "")
		_, _, err := a.Register(anon, app.RegisterRequest{EventID: ev.ID, Name: "A", Email: "a@example.nl"})
		if tc.wantOK && err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if !tc.wantOK && ruleError(t, err).Kind != rule.Unmet {
			t.Errorf("%s: %v, want a broken rule", tc.name, err)
		}
	}
	if _, _, err := a.Register(anon, app.RegisterRequest{EventID: "nope", Name: "A", Email: "a@x.nl"}); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown event: %v", err)
	}
}

// TestListPagesAndSearch: pages follow arrival order without gaps or
// repeats; q finds a part of the name, e-mail address or organisation.
func TestListPagesAndSearch(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	publish(t, a, db, "e1", 2)
	ra, _, _ := a.Register(anon, app.RegisterRequest{EventID: "e1", Name: "Anna de Vries", Email: "anna@x.nl", Organisation: "Havenbedrijf"})
	b, _, _ := a.Register(anon, app.RegisterRequest{EventID: "e1", Name: "Bram Jansen", Email: "bram@x.nl"})
	c, _, _ := a.Register(anon, app.RegisterRequest{EventID: "e1", Name: "Chantal 100%_", Email: "chantal@x.nl"})
	if _, err := a.CheckIn(org, ra.ID); err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	for _, tc := range []struct {
		q    app.RegistrationQuery
		want []string
	}{
		{app.RegistrationQuery{Text: "anna"}, []string{ra.ID}},
		{app.RegistrationQuery{Text: "HAVEN"}, []string{ra.ID}},
		{app.RegistrationQuery{Text: "jansen"}, []string{b.ID}},
		{app.RegistrationQuery{Text: "%"}, []string{c.ID}},
		{app.RegistrationQuery{Text: "_"}, []string{c.ID}},
		{app.RegistrationQuery{CheckedIn: &yes}, []string{ra.ID}},
		{app.RegistrationQuery{CheckedIn: &no, Status: domain.StatusConfirmed}, []string{b.ID}},
	} {
		tc.q.EventID = "e1"
		var ids []string
		for _, r := range list(t, a, tc.q) {
			ids = append(ids, r.ID)
		}
		if !slices.Equal(ids, tc.want) {
			t.Errorf("query %+v: %v, want %v", tc.q, ids, tc.want)
		}
	}

	var paged []string
	p, err := page.Parse[app.RegistrationCursor]("", 2)
	for pages := 0; err == nil; pages++ {
		var regs []domain.Registration
		var next string
		regs, next, err = a.List(org, app.RegistrationQuery{EventID: "e1"}, p)
		for _, r := range regs {
			paged = append(paged, r.ID)
		}
		if next == "" || pages > 3 {
			break
		}
		p, err = page.Parse[app.RegistrationCursor](next, 2)
	}
	if err != nil || !slices.Equal(paged, []string{ra.ID, b.ID, c.ID}) {
		t.Fatalf("paged %v (%v)", paged, err)
	}
	if _, _, err := a.List(org, app.RegistrationQuery{EventID: "nope"}, p); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown event: %v", err)
	}
}
