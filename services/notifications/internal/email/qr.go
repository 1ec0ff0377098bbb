package email

import (
	"fmt"

	"rsc.io/qr"
)

// modulePixels is the size of one QR module in the PNG; rsc.io/qr draws
// the standard's quiet zone of four modules around the code.
const modulePixels = 8

// QRPNG returns a PNG image of the QR code of content (the check-in code,
// which the door scans), black on white with its quiet zone, one bit per
// pixel.
//
// rsc.io/qr encodes with one fixed mask pattern instead of trying all
// eight for the one the standard scores best, and writes the PNG with an
// encoder made for QR codes: about a tenth of the CPU of the generic
// encoder and png.Encode, which was a quarter of all the CPU a
// registration cost. Every mask is valid; TestQRPNGScans reads the images
// back with ZXing's decoder.
func QRPNG(content string) ([]byte, error) {
	code, err := qr.Encode(content, qr.M)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	code.Scale = modulePixels
	return code.PNG(), nil
}
