// Package email writes e-mail messages in the Internet Message Format
// (RFC 5322) with a MIME (RFC 2045) plain-text body: UTF-8, quoted-printable,
// and RFC 2047 encoded words for non-ASCII header text.
package email

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Message is one plain-text e-mail.
type Message struct {
	// ID is the Message-ID without angle brackets, e.g.
	// "0193...@plein.local". It stays the same when the message is sent
	// again, so receivers can recognise a repeat.
	ID      string
	Date    time.Time
	From    mail.Address
	To      mail.Address
	Subject string
	// Body is plain text; "\n" or "\r\n" line ends.
	Body string
	// Language of the body (Content-Language), e.g. "nl"; may be empty.
	Language string
}

// maxLine is the longest header line written where spaces allow: RFC 5322
// asks for 78 at most, RFC 2047 for 76 on lines with encoded words.
const maxLine = 76

// Bytes returns the message as it goes over the wire: CRLF line ends,
// header lines folded at 76 characters where possible.
func (m Message) Bytes() ([]byte, error) {
	if m.ID == "" || strings.ContainsAny(m.ID, "<> \t\r\n") || !strings.Contains(m.ID, "@") {
		return nil, fmt.Errorf("message id %q: want local@domain without brackets or spaces", m.ID)
	}
	if m.Date.IsZero() {
		return nil, errors.New("message without date")
	}
	from, err := address(m.From)
	if err != nil {
		return nil, fmt.Errorf("from: %w", err)
	}
	to, err := address(m.To)
	if err != nil {
		return nil, fmt.Errorf("to: %w", err)
	}

	var b bytes.Buffer
	header := func(name, value string) {
		b.WriteString(fold(name + ": " + value))
		b.WriteString("\r\n")
	}
	header("Date", m.Date.Format(time.RFC1123Z))
	header("Message-ID", "<"+m.ID+">")
	header("From", from)
	header("To", to)
	header("Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject)))
	header("MIME-Version", "1.0")
	header("Content-Type", mime.FormatMediaType("text/plain", map[string]string{"charset": "utf-8"}))
	header("Content-Transfer-Encoding", "quoted-printable")
	if m.Language != "" {
		header("Content-Language", oneLine(m.Language))
	}
	// RFC 3834: no vacation auto-replies to a notification.
	header("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")

	qp := quotedprintable.NewWriter(&b)
	body := strings.ReplaceAll(m.Body, "\r\n", "\n")
	if _, err := qp.Write([]byte(body)); err != nil {
		return nil, fmt.Errorf("encode body: %w", err)
	}
	if err := qp.Close(); err != nil {
		return nil, fmt.Errorf("encode body: %w", err)
	}
	if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("\r\n")
	}
	return b.Bytes(), nil
}

// address checks a and formats it for a header; display names are cleaned of
// line breaks and encoded when not plain ASCII.
func address(a mail.Address) (string, error) {
	if _, err := mail.ParseAddress(a.Address); err != nil || strings.ContainsAny(a.Address, "<>\r\n") {
		// The address itself is left out: errors end up in logs.
		return "", errors.New("not a valid e-mail address")
	}
	a.Name = oneLine(a.Name)
	for _, r := range a.Name {
		if r >= utf8.RuneSelf {
			// mail.Address.String would use Q-encoding, which leaves
			// characters such as '\' bare that a phrase may not hold
			// (RFC 2047 section 5); B-encoding is safe everywhere.
			return mime.BEncoding.Encode("utf-8", a.Name) + " " + (&mail.Address{Address: a.Address}).String(), nil
		}
	}
	return a.String(), nil
}

// oneLine turns line breaks, other control characters and runs of white
// space into single spaces, so header text cannot start a new header.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// fold breaks a header line at spaces so that its lines stay within maxLine
// where a space allows; the continuation lines start with a space. A line
// without spaces to fold at may be longer (up to the 998 that RFC 5322
// allows; ours are far shorter).
func fold(line string) string {
	if len(line) <= maxLine {
		return line
	}
	var b strings.Builder
	// Fold at the earliest after "Name:".
	floor := strings.IndexByte(line, ':')
	for len(line) > maxLine {
		cut := strings.LastIndexByte(line[:maxLine+1], ' ')
		if cut <= floor {
			// No space within the limit: fold at the next one.
			next := strings.IndexByte(line[floor+1:], ' ')
			if next < 0 {
				break
			}
			cut = floor + 1 + next
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n")
		line = line[cut:] // keeps the space: it starts the continuation line
		floor = 0
	}
	b.WriteString(line)
	return b.String()
}
