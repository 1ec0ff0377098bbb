package email

import (
	"bytes"
	"image/color"
	"image/png"
	"testing"

	"github.com/boombuler/barcode/qr"
)

// TestQRPNG decodes the image and compares every pixel with the QR code's
// modules: dark where a module is set, white in the quiet zone.
func TestQRPNG(t *testing.T) {
	t.Parallel()
	const content = "K7P2MX4Q"
	data, err := QRPNG(content)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	code, err := qr.Encode(content, qr.M, qr.Auto)
	if err != nil {
		t.Fatal(err)
	}
	n := code.Bounds().Dx()
	side := (n + 2*quietZone) * modulePixels
	if b := img.Bounds(); b.Dx() != side || b.Dy() != side {
		t.Fatalf("image %v, want %d×%d", b, side, side)
	}
	dark := func(c color.Color) bool {
		return color.GrayModel.Convert(c).(color.Gray).Y < 128
	}
	for y := range side {
		for x := range side {
			mx, my := x/modulePixels-quietZone, y/modulePixels-quietZone
			want := mx >= 0 && my >= 0 && mx < n && my < n && dark(code.At(mx, my))
			if got := dark(img.At(x, y)); got != want {
				t.Fatalf("pixel (%d,%d) of module (%d,%d): dark %v, want %v", x, y, mx, my, got, want)
			}
		}
	}
}

func BenchmarkQRPNG(b *testing.B) {
	for b.Loop() {
		if _, err := QRPNG("K7P2MX4Q"); err != nil {
			b.Fatal(err)
		}
	}
}
