// Package render draws what a registration is handed out as: the QR code of
// its check-in code (PNG or SVG) and the calendar file of its event.
package render

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
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

func dark(img image.Image, x, y int) bool {
	r, _, _, _ := img.At(img.Bounds().Min.X+x, img.Bounds().Min.Y+y).RGBA()
	return r < 0x8000
}

// withBorder centres img on a white square of the given side.
func withBorder(img image.Image, side int) image.Image {
	out := image.NewGray(image.Rect(0, 0, side, side))
	draw.Draw(out, out.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	off := (side - img.Bounds().Dx()) / 2
	draw.Draw(out, img.Bounds().Add(image.Pt(off, off)), img, img.Bounds().Min, draw.Src)
	return out
}
