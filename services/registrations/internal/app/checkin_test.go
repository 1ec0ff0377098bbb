package app_test

import (
	"bytes"
	"errors"
	"testing"

	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
)

func TestCheckInByCode(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	publish(t, a, db, "e1", 2)
	ra, _ := mustRegister(t, a, "e1", "anna@x.nl")
	b, _ := mustRegister(t, a, "e1", "bram@x.nl")
	c, _ := mustRegister(t, a, "e1", "chantal@x.nl")
	if len(ra.CheckInCode) != domain.CheckInCodeLength || ra.CheckInCode == b.CheckInCode {
		t.Fatalf("codes %q %q", ra.CheckInCode, b.CheckInCode)
	}
	typed := ra.CheckInCode[:4] + "-" + ra.CheckInCode[4:]
	got, err := a.CheckInByCode(org, "e1", " "+typed+" ")
	if err != nil || got.ID != ra.ID || got.CheckedInAt == nil {
		t.Fatalf("check in by code: %v %v", got, err)
	}
	// Twice is harmless and keeps the first time.
	again, err := a.CheckInByCode(org, "e1", ra.CheckInCode)
	if err != nil || !again.CheckedInAt.Equal(*got.CheckedInAt) {
		t.Fatalf("second check-in: %v %v", again.CheckedInAt, err)
	}
	if at, err := a.CheckIn(org, ra.ID); err != nil || !at.Equal(*got.CheckedInAt) {
		t.Fatalf("check-in by id after by code: %v %v", at, err)
	}
	if n := outboxSubjects(t, db)["plein.registrations.registration.checked-in"]; n != 1 {
		t.Errorf("%d check-ins announced, want 1", n)
	}
	if _, err := a.CheckInByCode(org, "e1", "ZZZZZZZZ"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown code: %v", err)
	}
	// A code is valid for its own event only.
	publish(t, a, db, "e2", 2)
	if _, err := a.CheckInByCode(org, "e2", b.CheckInCode); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("code at another event: %v", err)
	}
	// The waitlisted cannot check in.
	_, err = a.CheckInByCode(org, "e1", c.CheckInCode)
	ruleError(t, err)
	_, err = a.CheckIn(org, c.ID)
	ruleError(t, err)
	if _, err := a.CheckIn(org, "nope"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("unknown registration: %v", err)
	}
}

func TestQR(t *testing.T) {
	t.Parallel()
	a, db := setup(t)
	publish(t, a, db, "e1", 2)
	r, tok := mustRegister(t, a, "e1", "anna@x.nl")
	png, err := a.QR(anon, r.ID, tok, app.PNG)
	if err != nil || png.Code != r.CheckInCode || png.Format != app.PNG || !bytes.HasPrefix(png.Image, []byte("\x89PNG")) {
		t.Fatalf("png %v %v", png.Format, err)
	}
	svg, err := a.QR(org, r.ID, "", app.SVG)
	if err != nil || svg.Format != app.SVG || !bytes.HasPrefix(svg.Image, []byte("<svg ")) {
		t.Fatalf("svg %v %v", svg.Format, err)
	}
	// An erased registration has no code left to draw.
	erase(t, a, db, "anna@x.nl")
	_, err = a.QR(org, r.ID, "", app.PNG)
	ruleError(t, err)
}
