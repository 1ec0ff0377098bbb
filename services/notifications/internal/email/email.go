// Package email puts written content into an Internet message (RFC 5322,
// MIME) with go-mail: a plain-text and an HTML part made from the same
// blocks, the check-in QR code as an inline PNG, the calendar file
// attached, and the headers every Plein e-mail carries (Message-ID, Date,
// Auto-Submitted, Content-Language, List-Unsubscribe where asked).
package email

import (
	"bytes"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/ical"
)

// Envelope is what identifies a message and whom it is from and to.
type Envelope struct {
	// MessageID is the Message-ID without angle brackets, e.g.
	// "0193...@plein.local". It stays the same when the message is written
	// again for another attempt, so receivers can recognise a repeat.
	MessageID string
	Date      time.Time
	From      mail.Address
	To        mail.Address
}

// qrID is the Content-ID of the inline QR code image.
const qrID = "checkin@plein"

// Compose returns the message of c.
func Compose(env Envelope, c domain.Content) (*gomail.Msg, error) {
	if env.MessageID == "" || strings.ContainsAny(env.MessageID, "<> \t\r\n") || !strings.Contains(env.MessageID, "@") {
		return nil, fmt.Errorf("message id %q: want local@domain without brackets or spaces", env.MessageID)
	}
	if env.Date.IsZero() {
		return nil, errors.New("message without date")
	}
	m := gomail.NewMsg()
	from, to := env.From, env.To
	if err := m.From(address(from)); err != nil {
		return nil, fmt.Errorf("from: %w", err)
	}
	if err := m.To(address(to)); err != nil {
		// The address is left out: errors are logged.
		return nil, fmt.Errorf("to: unusable address: %w", gomail.ErrNoRcptAddresses)
	}
	m.SetMessageIDWithValue(env.MessageID)
	m.SetDateWithValue(env.Date)
	m.Subject(oneLine(c.Subject))
	// RFC 3834: no vacation auto-replies to a notification.
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	m.SetGenHeader(gomail.HeaderContentLang, c.Language)
	m.SetUserAgent("Plein")
	if c.Unsubscribe != "" {
		m.SetListUnsubscribe(c.Unsubscribe)
		if c.OneClick {
			// RFC 8058: a POST to the URL unsubscribes, without a page.
			m.SetGenHeader(gomail.Header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click")
		}
	}
	text, html, err := render(c)
	if err != nil {
		return nil, err
	}
	m.SetBodyString(gomail.TypeTextPlain, text)
	m.AddAlternativeString(gomail.TypeTextHTML, html)
	if c.CheckInCode != "" && hasQR(c) {
		png, err := QRPNG(c.CheckInCode)
		if err != nil {
			return nil, err
		}
		if err := m.EmbedReader("checkin.png", bytes.NewReader(png), gomail.WithFileContentID("<"+qrID+">"),
			gomail.WithFileContentType("image/png")); err != nil {
			return nil, fmt.Errorf("embed qr code: %w", err)
		}
	}
	if c.Calendar != nil {
		ics := ical.Write(*c.Calendar)
		ct := gomail.ContentType(ical.ContentType + "; method=" + string(c.Calendar.Method))
		if err := m.AttachReader(c.CalendarFile, bytes.NewReader(ics), gomail.WithFileContentType(ct)); err != nil {
			return nil, fmt.Errorf("attach calendar: %w", err)
		}
	}
	return m, nil
}

// Bytes returns the message as it goes over the wire.
func Bytes(m *gomail.Msg) ([]byte, error) {
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("write message: %w", err)
	}
	return b.Bytes(), nil
}

// address formats a as From and To take it. A display name is folded onto
// one line and stripped of what no encoding keeps safe (control
// characters, backslashes and quotes, which net/mail's Q-encoding leaves
// bare), so that the header always parses back.
func address(a mail.Address) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r < 0x20, r == 0x7f, r == '\\', r == '"':
			return ' '
		}
		return r
	}, a.Name)
	return (&mail.Address{Name: oneLine(name), Address: a.Address}).String()
}

func hasQR(c domain.Content) bool {
	for _, b := range c.Blocks {
		if b.QR {
			return true
		}
	}
	return false
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
