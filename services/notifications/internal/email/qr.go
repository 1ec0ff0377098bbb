package email

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
)

// QR code geometry: the standard's quiet zone of four modules, and the
// pixels per module in the PNG.
const (
	quietZone    = 4
	modulePixels = 8
)

// QRPNG returns a PNG image of the QR code of content (the check-in code,
// which the door scans), black on white with its quiet zone.
func QRPNG(content string) ([]byte, error) {
	code, err := qr.Encode(content, qr.M, qr.Auto)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	n := code.Bounds().Dx()
	scaled, err := barcode.Scale(code, n*modulePixels, n*modulePixels)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	side := (n + 2*quietZone) * modulePixels
	img := image.NewGray(image.Rect(0, 0, side, side))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	offset := image.Pt(quietZone*modulePixels, quietZone*modulePixels)
	draw.Draw(img, scaled.Bounds().Add(offset), scaled, image.Point{}, draw.Src)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("qr code png: %w", err)
	}
	return b.Bytes(), nil
}
