// Package emailtest reads back, strictly, the e-mails the service writes:
// RFC 5322 with net/mail, the MIME tree with mime/multipart, the calendar
// file with emersion/go-ical and the QR code image with image/png. Tests
// of every layer use it.
package emailtest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"

	goical "github.com/emersion/go-ical"
)

// Message is an e-mail read back.
type Message struct {
	Header  mail.Header
	Subject string
	// Text and HTML are the decoded bodies of the alternative parts.
	Text, HTML string
	// Calendar is the attached calendar file, parsed; nil without one.
	Calendar *goical.Calendar
	// CalendarType is the attachment's Content-Type, CalendarName its
	// file name, CalendarRaw its bytes.
	CalendarType, CalendarName string
	CalendarRaw                []byte
	// QR is the inline image and QRID its Content-ID (without brackets).
	QR   image.Image
	QRID string
}

// Parse reads raw as the service writes it: multipart/mixed holding
// multipart/related (multipart/alternative of text/plain and text/html,
// and the inline PNG) or the alternative part directly, and the calendar
// file as an attachment. Anything it does not expect is an error.
func Parse(raw []byte) (*Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("RFC 5322: %w", err)
	}
	m := &Message{Header: msg.Header}
	if m.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return nil, fmt.Errorf("subject: %w", err)
	}
	if err := m.part(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"),
		msg.Header.Get("Content-Disposition"), msg.Header.Get("Content-Id"), msg.Body); err != nil {
		return nil, err
	}
	if m.Text == "" || m.HTML == "" {
		return nil, fmt.Errorf("no text/plain and text/html alternatives (text %d, html %d bytes)", len(m.Text), len(m.HTML))
	}
	return m, nil
}

func (m *Message) part(contentType, encoding, disposition, contentID string, body io.Reader) error {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("Content-Type %q: %w", contentType, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", mt, err)
			}
			h := p.Header
			if err := m.part(h.Get("Content-Type"), h.Get("Content-Transfer-Encoding"), h.Get("Content-Disposition"),
				h.Get("Content-Id"), p); err != nil {
				return err
			}
		}
	}
	data, err := decode(encoding, body)
	if err != nil {
		return fmt.Errorf("%s: %w", mt, err)
	}
	switch mt {
	case "text/plain":
		m.Text = string(data)
	case "text/html":
		m.HTML = string(data)
	case "image/png":
		if m.QR, err = png.Decode(bytes.NewReader(data)); err != nil {
			return fmt.Errorf("QR code: %w", err)
		}
		m.QRID = strings.Trim(contentID, "<>")
	case "text/calendar":
		disp, dparams, err := mime.ParseMediaType(disposition)
		if err != nil || disp != "attachment" {
			return fmt.Errorf("calendar not an attachment: %q", disposition)
		}
		m.CalendarType, m.CalendarName, m.CalendarRaw = contentType, dparams["filename"], data
		if m.Calendar, err = goical.NewDecoder(bytes.NewReader(data)).Decode(); err != nil {
			return fmt.Errorf("calendar: %w\n%s", err, data)
		}
	default:
		return fmt.Errorf("unexpected part %s", mt)
	}
	return nil
}

func decode(encoding string, r io.Reader) ([]byte, error) {
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		return io.ReadAll(quotedprintable.NewReader(r))
	case "base64":
		return io.ReadAll(base64.NewDecoder(base64.StdEncoding, r))
	case "", "7bit", "8bit":
		return io.ReadAll(r)
	}
	return nil, fmt.Errorf("unknown transfer encoding %q", encoding)
}
