package email

import (
	"bytes"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func sample() Message {
	return Message{
		ID:       "0193b0c2-7a1e-7b3c-9d4e-5f6a7b8c9d0e@plein.local",
		Date:     time.Date(2026, 3, 3, 18, 30, 0, 0, time.UTC),
		From:     mail.Address{Name: "Plein", Address: "noreply@plein.local"},
		To:       mail.Address{Name: "Jan de Vries", Address: "jan@example.nl"},
		Subject:  "Aanmelding bevestigd: Smart Industry café",
		Body:     "Beste Jan,\n\nJe aanmelding voor “Smart Industry café” is bevestigd.\n",
		Language: "nl",
	}
}

func parse(t *testing.T, m Message) (*mail.Message, []byte) {
	t.Helper()
	raw, err := m.Bytes()
	if err != nil {
		t.Fatalf("Bytes: %v", err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("ReadMessage: %v\n%s", err, raw)
	}
	return msg, raw
}

func TestHeaders(t *testing.T) {
	t.Parallel()
	m := sample()
	msg, raw := parse(t, m)

	for name, want := range map[string]string{
		"Message-ID":                "<" + m.ID + ">",
		"MIME-Version":              "1.0",
		"Content-Transfer-Encoding": "quoted-printable",
		"Content-Language":          "nl",
		"Auto-Submitted":            "auto-generated",
	} {
		if got := msg.Header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "text/plain" || !strings.EqualFold(params["charset"], "utf-8") {
		t.Errorf("Content-Type = %q (%v), want text/plain; charset=utf-8", msg.Header.Get("Content-Type"), err)
	}
	date, err := msg.Header.Date()
	if err != nil || !date.Equal(m.Date) {
		t.Errorf("Date = %v (%v), want %v", date, err, m.Date)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || len(from) != 1 || *from[0] != m.From {
		t.Errorf("From = %v (%v), want %v", from, err, m.From)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 1 || *to[0] != m.To {
		t.Errorf("To = %v (%v), want %v", to, err, m.To)
	}
	// Every line ends in CRLF and none is longer than RFC 5322 allows.
	for i, line := range strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i, line)
		}
		if len(line) > 998 {
			t.Errorf("line %d is %d long", i, len(line))
		}
	}
}

func TestSubjectRoundTrip(t *testing.T) {
	t.Parallel()
	for _, subject := range []string{
		"Plain ASCII subject",
		"Aanmelding bevestigd: Smart Industry café",
		"Ëën “lange” titel met één of twee accenten — en nog véél meer tekst zodat de regel gevouwen moet worden",
		"日本語のタイトル",
		strings.Repeat("zonder spaties", 10),
	} {
		t.Run(subject, func(t *testing.T) {
			m := sample()
			m.Subject = subject
			msg, raw := parse(t, m)
			got, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
			if err != nil {
				t.Fatalf("decode subject: %v", err)
			}
			if got != subject {
				t.Errorf("subject = %q, want %q", got, subject)
			}
			head, _, _ := strings.Cut(string(raw), "\r\n\r\n")
			for _, r := range head {
				if r > 127 {
					t.Fatalf("header has non-ASCII %q:\n%s", r, head)
				}
			}
		})
	}
}

func TestHeaderFolding(t *testing.T) {
	t.Parallel()
	m := sample()
	m.Subject = strings.Repeat("één twee drie ", 12)
	_, raw := parse(t, m)
	head, _, _ := strings.Cut(string(raw), "\r\n\r\n")
	for line := range strings.SplitSeq(head, "\r\n") {
		if len(line) > maxLine {
			t.Errorf("header line of %d characters: %q", len(line), line)
		}
	}
}

func TestNoHeaderInjection(t *testing.T) {
	t.Parallel()
	m := sample()
	m.Subject = "Hallo\r\nBcc: victim@example.com"
	m.To.Name = "Jan\nBcc: other@example.com"
	msg, _ := parse(t, m)
	if got := msg.Header.Get("Bcc"); got != "" {
		t.Fatalf("injected Bcc header: %q", got)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if subject != "Hallo Bcc: victim@example.com" {
		t.Errorf("subject = %q", subject)
	}
}

func TestBodyQuotedPrintable(t *testing.T) {
	t.Parallel()
	m := sample()
	long := strings.Repeat("Een regel die langer is dan zesenzeventig tekens, met één accent. ", 3)
	m.Body = "Beste Jan,\r\n\r\nJe aanmelding voor “Café” is bevestigd.\n" + long + "\nPrijs: 5 = vijf euro\n"
	msg, raw := parse(t, m)

	_, encoded, _ := strings.Cut(string(raw), "\r\n\r\n")
	for line := range strings.SplitSeq(encoded, "\r\n") {
		if len(line) > 76 {
			t.Errorf("encoded body line of %d characters", len(line))
		}
		for _, r := range line {
			if r > 127 {
				t.Fatalf("encoded body is not ASCII: %q", line)
			}
		}
	}
	if !strings.Contains(encoded, "=3D") {
		t.Error("'=' in the body is not encoded")
	}
	decoded, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatalf("decode body: %v", err)
	}
	want := strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")
	if string(decoded) != want {
		t.Errorf("body = %q\nwant   %q", decoded, want)
	}
}

func TestInvalid(t *testing.T) {
	t.Parallel()
	for name, change := range map[string]func(*Message){
		"no id":          func(m *Message) { m.ID = "" },
		"id in brackets": func(m *Message) { m.ID = "<x@y>" },
		"no date":        func(m *Message) { m.Date = time.Time{} },
		"bad to":         func(m *Message) { m.To.Address = "not an address" },
		"to with break":  func(m *Message) { m.To.Address = "a@b.nl\r\nBcc: c@d.nl" },
		"bad from":       func(m *Message) { m.From.Address = "" },
	} {
		t.Run(name, func(t *testing.T) {
			m := sample()
			change(&m)
			if _, err := m.Bytes(); err == nil {
				t.Fatal("no error")
			} else if strings.Contains(err.Error(), "@b.nl") {
				t.Errorf("error repeats the address: %v", err)
			}
		})
	}
}

func FuzzMessage(f *testing.F) {
	f.Add("Aanmelding bevestigd: café", "Jan de Vries", "Beste Jan,\n")
	f.Add("a\r\nBcc: x@y.nl", "\"Jan\" <x@y.nl>", ".\r\n.\r\n")
	f.Fuzz(func(t *testing.T, subject, name, body string) {
		if !utf8.ValidString(subject) || !utf8.ValidString(name) {
			t.Skip()
		}
		m := sample()
		m.Subject, m.To.Name, m.Body = subject, name, body
		raw, err := m.Bytes()
		if err != nil {
			t.Fatalf("Bytes: %v", err)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("ReadMessage: %v", err)
		}
		if len(msg.Header) != 10 {
			t.Fatalf("%d header fields: %v", len(msg.Header), msg.Header)
		}
		got, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if err != nil || got != oneLine(subject) {
			t.Fatalf("subject %q (%v), want %q", got, err, oneLine(subject))
		}
		to, err := msg.Header.AddressList("To")
		if err != nil || len(to) != 1 || to[0].Address != m.To.Address || to[0].Name != oneLine(name) {
			t.Fatalf("To = %v (%v), want name %q", to, err, oneLine(name))
		}
	})
}
