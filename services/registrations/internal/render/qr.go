// Package render draws what a registration is handed out as: the QR code of
// its check-in code (PNG or SVG) and the calendar file of its event.
package render

import (
	"fmt"
	"strings"

	"rsc.io/qr"
)

// quietZone is the white border around a QR code, in modules (the
// standard asks for four; rsc.io/qr draws it in the PNG).
const quietZone = 4

// modulePixels is the size of one QR module in the PNG.
const modulePixels = 8

// QRPNG returns a PNG image of the QR code of content, one bit per pixel.
// It is the same code the confirmation e-mail carries (the notifications
// service draws it with the same library).
func QRPNG(content string) ([]byte, error) {
	code, err := qr.Encode(content, qr.M)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	code.Scale = modulePixels
	return code.PNG(), nil
}

// QRSVG returns an SVG image of the QR code of content: one path of unit
// squares, scalable without blur.
func QRSVG(content string) ([]byte, error) {
	code, err := qr.Encode(content, qr.M)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	n := code.Size
	side := n + 2*quietZone
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges">`,
		side, side, side*modulePixels, side*modulePixels)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, side, side)
	for y := range n {
		for x := range n {
			if code.Black(x, y) {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x+quietZone, y+quietZone)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return []byte(b.String()), nil
}
