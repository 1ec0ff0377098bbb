package email

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"sync"

	"github.com/boombuler/barcode/qr"
)

// QR code geometry: the standard's quiet zone of four modules, and the
// pixels per module in the PNG.
const (
	quietZone    = 4
	modulePixels = 8
)

// qrPalette makes the PNG a two-colour image of one bit per pixel: white
// (index 0) and black (index 1).
var qrPalette = color.Palette{color.White, color.Black}

// qrEncoder favours speed: a one-bit image of large flat areas compresses
// well at any level, and a mail is drawn per registration. Its buffers (a
// compressor is about a megabyte) are reused from one image to the next.
var qrEncoder = png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: new(encoderBuffers)}

// encoderBuffers is a png.EncoderBufferPool on a sync.Pool.
type encoderBuffers sync.Pool

func (p *encoderBuffers) Get() *png.EncoderBuffer {
	b, _ := (*sync.Pool)(p).Get().(*png.EncoderBuffer)
	return b
}

func (p *encoderBuffers) Put(b *png.EncoderBuffer) { (*sync.Pool)(p).Put(b) }

// QRPNG returns a PNG image of the QR code of content (the check-in code,
// which the door scans), black on white with its quiet zone. It reads each
// module once and fills its square row by row: drawing the scaled code
// through the generic image interfaces cost a colour conversion per pixel.
func QRPNG(content string) ([]byte, error) {
	code, err := qr.Encode(content, qr.M, qr.Auto)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	n := code.Bounds().Dx()
	side := (n + 2*quietZone) * modulePixels
	img := image.NewPaletted(image.Rect(0, 0, side, side), qrPalette)
	for my := range n {
		row := img.Pix[(quietZone+my)*modulePixels*img.Stride:]
		for mx := range n {
			if r, _, _, _ := code.At(mx, my).RGBA(); r != 0 {
				continue // a light module
			}
			start := (quietZone + mx) * modulePixels
			for i := start; i < start+modulePixels; i++ {
				row[i] = 1
			}
		}
		// The module's first pixel row is drawn; the rest repeat it.
		for dy := 1; dy < modulePixels; dy++ {
			copy(row[dy*img.Stride:dy*img.Stride+side], row[:side])
		}
	}
	var b bytes.Buffer
	if err := qrEncoder.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("qr code png: %w", err)
	}
	return b.Bytes(), nil
}
