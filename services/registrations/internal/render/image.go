package render

import (
	"image"
	"image/color"
	"image/draw"
)

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
