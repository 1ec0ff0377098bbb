package render_test

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
	"time"

	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/render"
)

func TestQR(t *testing.T) {
	b, err := render.QRPNG("ABCD2345")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	// Version 1 (21 modules) plus a 4-module quiet zone each side, 8 px a module.
	if w := img.Bounds().Dx(); w != (21+8)*8 || img.Bounds().Dy() != w {
		t.Errorf("png %v", img.Bounds())
	}
	svg, err := render.QRSVG("ABCD2345")
	if err != nil || !strings.HasPrefix(string(svg), "<svg ") || !strings.Contains(string(svg), `viewBox="0 0 29 29"`) {
		t.Fatalf("svg %s %v", svg, err)
	}
}

func TestCalendar(t *testing.T) {
	start := time.Date(2026, 12, 10, 7, 0, 0, 0, time.UTC)
	ev := domain.Event{Title: "Ontbijt; met, komma's", StartsAt: start, EndsAt: start.Add(2 * time.Hour), Location: "Plein 1, Rotterdam", Status: "published"}
	for _, tc := range []struct {
		status domain.Status
		want   string
	}{{domain.StatusConfirmed, "STATUS:CONFIRMED"}, {domain.StatusWaitlisted, "STATUS:TENTATIVE"}, {domain.StatusCancelled, "STATUS:CANCELLED"}} {
		ics := string(render.Calendar(domain.Registration{ID: "r1", Status: tc.status}, ev, start))
		for _, want := range []string{"BEGIN:VCALENDAR", "VERSION:2.0", "UID:r1@registrations.plein", "DTSTART:20261210T070000Z",
			"DTEND:20261210T090000Z", `SUMMARY:Ontbijt\; met\, komma's`, `LOCATION:Plein 1\, Rotterdam`, tc.want, "\r\n"} {
			if !strings.Contains(ics, want) {
				t.Errorf("calendar lacks %q:\n%s", want, ics)
			}
		}
	}
}
