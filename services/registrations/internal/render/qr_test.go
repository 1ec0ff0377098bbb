package render_test

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxingqr "github.com/makiuchi-d/gozxing/qrcode"

	"plein.dev/registrations/internal/render"
)

func TestQR(t *testing.T) {
	t.Parallel()
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

// TestQRScans reads the PNG back with ZXing's decoder (the one most phone
// scanners use): the door reads the code that was drawn.
func TestQRScans(t *testing.T) {
	t.Parallel()
	for _, content := range []string{"ABCD2345", "K7P2MX4Q", "ZZZZ9999", "AAAA2222"} {
		b, err := render.QRPNG(content)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		bmp, err := gozxing.NewBinaryBitmapFromImage(img)
		if err != nil {
			t.Fatal(err)
		}
		got, err := zxingqr.NewQRCodeReader().Decode(bmp, nil)
		if err != nil || got.GetText() != content {
			t.Fatalf("%s read as %v, %v", content, got, err)
		}
	}
}
