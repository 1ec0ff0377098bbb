package email

import (
	"bytes"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxingqr "github.com/makiuchi-d/gozxing/qrcode"
	"rsc.io/qr"
)

// quietZone is the white border the standard asks for, in modules.
const quietZone = 4

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
	code, err := qr.Encode(content, qr.M)
	if err != nil {
		t.Fatal(err)
	}
	n := code.Size
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
			want := mx >= 0 && my >= 0 && mx < n && my < n && code.Black(mx, my)
			if got := dark(img.At(x, y)); got != want {
				t.Fatalf("pixel (%d,%d) of module (%d,%d): dark %v, want %v", x, y, mx, my, got, want)
			}
		}
	}
}

// TestQRPNGScans reads the QR codes of many check-in codes back with
// ZXing's decoder (the one most phone scanners use): whatever mask the
// encoder chose, the door reads the code that was sent.
func TestQRPNGScans(t *testing.T) {
	t.Parallel()
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	rnd := rand.New(rand.NewPCG(1, 2))
	reader := zxingqr.NewQRCodeReader()
	for range 300 {
		b := make([]byte, 8)
		for i := range b {
			b[i] = alphabet[rnd.IntN(len(alphabet))]
		}
		content := string(b)
		data, err := QRPNG(content)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		bmp, err := gozxing.NewBinaryBitmapFromImage(img)
		if err != nil {
			t.Fatal(err)
		}
		got, err := reader.Decode(bmp, nil)
		if err != nil {
			t.Fatalf("%s: not readable: %v", content, err)
		}
		if got.GetText() != content {
			t.Fatalf("read %q, want %q", got.GetText(), content)
		}
	}
}
