package plein_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	goical "github.com/emersion/go-ical"
)

// sentMail is an e-mail the all-in-one wrote, read back strictly: RFC 5322
// (net/mail), its MIME parts (mime/multipart) and its calendar file
// (emersion/go-ical).
type sentMail struct {
	Header   mail.Header
	Subject  string
	Text     string
	HTML     string
	Calendar *goical.Calendar
	PNG      bool
}

// readMails reads every .eml file in <dataDir>/mail, oldest first.
func readMails(t testing.TB, dataDir string) []sentMail {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dataDir, "mail", "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names) // the names start with the time
	out := make([]sentMail, 0, len(names))
	for _, name := range names {
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		m, err := parseMail(raw)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, raw)
		}
		out = append(out, m)
	}
	return out
}

func parseMail(raw []byte) (sentMail, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return sentMail{}, fmt.Errorf("RFC 5322: %w", err)
	}
	m := sentMail{Header: msg.Header}
	if m.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return sentMail{}, err
	}
	if err := m.walk(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body); err != nil {
		return sentMail{}, err
	}
	if m.Text == "" || m.HTML == "" {
		return sentMail{}, fmt.Errorf("no plain-text and HTML parts")
	}
	return m, nil
}

func (m *sentMail) walk(contentType, encoding string, body io.Reader) error {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return err
	}
	if strings.HasPrefix(mt, "multipart/") {
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := m.walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	switch mt {
	case "text/plain":
		m.Text = string(data)
	case "text/html":
		m.HTML = string(data)
	case "image/png":
		m.PNG = bytes.HasPrefix(data, []byte("\x89PNG"))
	case "text/calendar":
		if m.Calendar, err = goical.NewDecoder(bytes.NewReader(data)).Decode(); err != nil {
			return fmt.Errorf("calendar: %w", err)
		}
	default:
		return fmt.Errorf("unexpected part %s", mt)
	}
	return nil
}
