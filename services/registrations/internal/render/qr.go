// Package render draws what a registration is handed out as: the QR code of
// its check-in code (PNG or SVG) and the calendar file of its event.
package render

import (
	"bytes"
	"fmt"
	"image/png"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"

	"plein.dev/registrations/internal/domain"
)

// quietZone is the white border around a QR code, in modules (the
// standard asks for four).
const quietZone = 4

// modulePixels is the size of one QR module in the PNG.
const modulePixels = 8

// QRPNG returns a PNG image of the QR code of content.
func QRPNG(content string) ([]byte, error) {
	code, err := qr.Encode(content, qr.M, qr.Auto)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	n := code.Bounds().Dx()
	side := (n + 2*quietZone) * modulePixels
	scaled, err := barcode.Scale(code, n*modulePixels, n*modulePixels)
	if err != nil {
		return nil, fmt.Errorf("scale qr code: %w", err)
	}
	img := withBorder(scaled, side)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode qr png: %w", err)
	}
	return buf.Bytes(), nil
}

// QRSVG returns an SVG image of the QR code of content: one path of unit
// squares, scalable without blur.
func QRSVG(content string) ([]byte, error) {
	code, err := qr.Encode(content, qr.M, qr.Auto)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	n := code.Bounds().Dx()
	side := n + 2*quietZone
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges">`,
		side, side, side*modulePixels, side*modulePixels)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, side, side)
	for y := range n {
		for x := range n {
			if dark(code, x, y) {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x+quietZone, y+quietZone)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return []byte(b.String()), nil
}

// Calendar returns an iCalendar (RFC 5545) file with the registration's
// event. The UID is the registration's, so that a later file (a changed
// time) replaces the entry in the attendee's calendar.
func Calendar(reg domain.Registration, ev domain.Event, now time.Time) []byte {
	cal := ics.NewCalendarFor("Plein")
	cal.SetMethod(ics.MethodPublish)
	e := cal.AddEvent(reg.ID + "@registrations.plein")
	e.SetDtStampTime(now.UTC())
	// A later file (a changed time, a cancellation) replaces the entry in
	// calendar programs only with a higher SEQUENCE.
	e.SetSequence(int(reg.Version))
	e.SetStartAt(ev.StartsAt.UTC())
	e.SetEndAt(ev.EndsAt.UTC())
	e.SetSummary(ev.Title)
	if ev.Location != "" {
		e.SetLocation(ev.Location)
	}
	if ev.Description != "" {
		e.SetDescription(ev.Description)
	}
	status := ics.ObjectStatusConfirmed
	switch {
	case ev.Status == "cancelled" || reg.Status == domain.StatusCancelled:
		status = ics.ObjectStatusCancelled
	case reg.Status == domain.StatusWaitlisted:
		status = ics.ObjectStatusTentative
	}
	e.SetStatus(status)
	// RFC 5545 lines end in CRLF; the library writes LF unless told.
	return []byte(cal.Serialize(ics.WithNewLine("\r\n")))
}
