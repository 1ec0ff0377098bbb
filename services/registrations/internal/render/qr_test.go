package render_test

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

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
