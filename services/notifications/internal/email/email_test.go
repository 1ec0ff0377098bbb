package email_test

import (
	"net/mail"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/email"
	"plein.dev/notifications/internal/email/emailtest"
	"plein.dev/platform/ical"
	"plein.dev/platform/zone"
)

var (
	writer  = domain.Writer{BaseURL: "https://plein.example", Zone: zone.Amsterdam}
	created = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	starts  = time.Date(2026, 6, 4, 17, 0, 0, 0, time.UTC)
	from    = mail.Address{Name: "Plein", Address: "noreply@plein.local"}
)

func registration(status string) domain.Registration {
	return domain.Registration{ID: "0193-reg", EventID: "0193-ev", Version: 2, Name: "Anneke Jänsen", Email: "anneke@example.nl",
		Status: status, CheckInCode: "K7M2-Q9XD", RegisteredAt: created, CalendarSequence: 5,
		CancelledBy: domain.CancelledByEvent, CancellationReason: "Zaal onder water",
		Event: domain.Event{Title: "Circulaire economie: één dag", Description: "Regel 1\nRegel 2",
			StartsAt: starts, EndsAt: starts.Add(2 * time.Hour), Location: "Zaal 2, KvK Ondernemersplein, Rotterdam"}}
}

// letters is one letter of every kind the service writes.
func letters(t *testing.T) []domain.Letter {
	t.Helper()
	var out []domain.Letter
	for _, c := range []struct {
		h      domain.Happening
		status string
	}{
		{domain.Confirmed, domain.StatusConfirmed}, {domain.Waitlisted, domain.StatusWaitlisted},
		{domain.Promoted, domain.StatusConfirmed}, {domain.Cancelled, domain.StatusCancelled},
		{domain.Rescheduled, domain.StatusConfirmed},
	} {
		l, ok, err := domain.Change{Happened: c.h, Registration: registration(c.status),
			Previous: domain.Event{StartsAt: starts.Add(-time.Hour), Location: "Stadhuis"}}.Letter()
		if err != nil || !ok {
			t.Fatalf("%d: %v %v", c.h, ok, err)
		}
		out = append(out, l)
	}
	reminder, err := domain.ReminderLetter(registration(domain.StatusConfirmed))
	if err != nil {
		t.Fatal(err)
	}
	a := domain.Ambassador{ID: "a1", Programme: "Smart Industry", Name: "Eva", Email: "eva@example.nl", TermEndsOn: "2026-07-01"}
	behind, _ := domain.BehindTargetLetter(domain.BehindTarget{Ambassador: a, AsOf: "2026-03-03",
		Targets: []domain.TargetProgress{{Metric: "activities", Target: 10, Approved: 1, ExpectedByNow: 4}}})
	ending, _ := domain.TermLetter(domain.KindTermEnding, a)
	ended, _ := domain.TermLetter(domain.KindTermEnded, a)
	return append(out, reminder, behind, ending, ended)
}

// Every kind of e-mail parses as RFC 5322 with its MIME parts; its
// calendar file parses strictly and says what the kind calls for.
func TestComposeEveryKind(t *testing.T) {
	t.Parallel()
	for i, l := range letters(t) {
		t.Run(string(l.Kind), func(t *testing.T) {
			t.Parallel()
			c, err := writer.Write(l, "tok-"+strconv.Itoa(i), created)
			if err != nil {
				t.Fatal(err)
			}
			msgID := "0193-e" + strconv.Itoa(i) + "@plein.local"
			m, err := email.Compose(email.Envelope{MessageID: msgID, Date: created, From: from,
				To: mail.Address{Name: l.To.Name, Address: l.To.Email}}, c)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := email.Bytes(m)
			if err != nil {
				t.Fatal(err)
			}
			got, err := emailtest.Parse(raw)
			if err != nil {
				t.Fatalf("%v\n%s", err, raw)
			}
			checkHeaders(t, got, msgID, l, c)
			for _, part := range []string{got.Text, got.HTML} {
				for _, b := range c.Blocks {
					if b.Link != nil && !strings.Contains(part, b.Link.URL) {
						t.Errorf("a part lacks the link %s", b.Link.URL)
					}
				}
			}
			if !strings.Contains(got.HTML, `<html lang="`+l.Language+`">`) {
				t.Errorf("html without its language:\n%s", got.HTML)
			}
			if c.CheckInCode != "" {
				if got.QR == nil || got.QR.Bounds().Dx() < 100 || !strings.Contains(got.HTML, `src="cid:`+got.QRID+`"`) {
					t.Errorf("QR code %v (id %q) not shown in:\n%s", got.QR, got.QRID, got.HTML)
				}
				if !strings.Contains(got.Text, c.CheckInCode) {
					t.Errorf("text lacks the check-in code")
				}
			} else if got.QR != nil {
				t.Error("a QR code")
			}
			checkCalendar(t, got, l, c)
		})
	}
}

func checkHeaders(t *testing.T, got *emailtest.Message, msgID string, l domain.Letter, c domain.Content) {
	t.Helper()
	h := got.Header
	for name, want := range map[string]string{
		"Message-Id":     "<" + msgID + ">",
		"Mime-Version":   "1.0",
		"Auto-Submitted": "auto-generated",
	} {
		if v := h.Get(name); v != want {
			t.Errorf("%s = %q, want %q", name, v, want)
		}
	}
	if v := h.Get("Content-Language"); v != l.Language {
		t.Errorf("Content-Language = %q, want %q", v, l.Language)
	}
	if d, err := h.Date(); err != nil || !d.Equal(created) {
		t.Errorf("Date = %v, %v", d, err)
	}
	if got.Subject != c.Subject {
		t.Errorf("Subject = %q, want %q", got.Subject, c.Subject)
	}
	to, err := h.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != l.To.Email || to[0].Name != l.To.Name {
		t.Errorf("To = %v, %v", to, err)
	}
	if f, err := h.AddressList("From"); err != nil || len(f) != 1 || f[0].Address != from.Address {
		t.Errorf("From = %v, %v", f, err)
	}
	unsub := h.Get("List-Unsubscribe")
	if l.Kind == domain.KindReminder {
		if unsub != "<"+c.Unsubscribe+">" || !strings.HasPrefix(c.Unsubscribe, "https://plein.example/aanmelding/") {
			t.Errorf("List-Unsubscribe = %q", unsub)
		}
	} else if unsub != "" {
		t.Errorf("List-Unsubscribe on a %s: %q", l.Kind, unsub)
	}
}

func checkCalendar(t *testing.T, got *emailtest.Message, l domain.Letter, c domain.Content) {
	t.Helper()
	if c.Calendar == nil {
		if got.Calendar != nil {
			t.Errorf("a calendar file on a %s", l.Kind)
		}
		return
	}
	cal := got.Calendar
	if cal == nil {
		t.Fatal("no calendar file")
	}
	method := cal.Props.Get(goical.PropMethod).Value
	if method != string(c.Calendar.Method) || !strings.Contains(got.CalendarType, "method="+method) ||
		!strings.HasSuffix(got.CalendarName, ".ics") {
		t.Errorf("METHOD %s, Content-Type %q, file %q", method, got.CalendarType, got.CalendarName)
	}
	if !strings.Contains(string(got.CalendarRaw), "\r\n") || strings.Contains(strings.ReplaceAll(string(got.CalendarRaw), "\r\n", ""), "\n") {
		t.Error("calendar lines do not end in CRLF")
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events", len(events))
	}
	ev := events[0]
	if uid := ev.Props.Get(goical.PropUID).Value; uid != ical.UID("0193-ev") {
		t.Errorf("UID %q", uid)
	}
	if seq := ev.Props.Get(goical.PropSequence).Value; seq != "5" {
		t.Errorf("SEQUENCE %q", seq)
	}
	wantStatus := map[domain.Kind]goical.EventStatus{domain.KindCancelled: goical.EventCancelled}[l.Kind]
	if wantStatus == "" {
		wantStatus = goical.EventConfirmed
	}
	if st, err := ev.Status(); err != nil || st != wantStatus {
		t.Errorf("STATUS %q (%v), want %q", st, err, wantStatus)
	}
	if s, err := ev.DateTimeStart(time.UTC); err != nil || !s.Equal(starts) {
		t.Errorf("DTSTART %v (%v)", s, err)
	}
	if loc, _ := ev.Props.Text(goical.PropLocation); loc != "Zaal 2, KvK Ondernemersplein, Rotterdam" {
		t.Errorf("LOCATION %q", loc)
	}
}

// The To header parses back to the same address whatever the name holds.
func FuzzComposeAddress(f *testing.F) {
	for _, s := range []string{"Jan de Vries", "\\\x00", "\\Ż", `"quoted" <x>`, "Ünïcødé, comma", "a\r\nBcc: x@y.nl"} {
		f.Add(s)
	}
	content := domain.Content{Language: "nl", Subject: "s", Blocks: []domain.Block{{Text: "t"}}}
	f.Fuzz(func(t *testing.T, name string) {
		if !utf8.ValidString(name) {
			return
		}
		m, err := email.Compose(email.Envelope{MessageID: "a@b", Date: created, From: from,
			To: mail.Address{Name: name, Address: "jan@example.nl"}}, content)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := email.Bytes(m)
		if err != nil {
			t.Fatal(err)
		}
		msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
		if err != nil {
			t.Fatalf("%v\n%s", err, raw)
		}
		to, err := msg.Header.AddressList("To")
		if err != nil || len(to) != 1 || to[0].Address != "jan@example.nl" {
			t.Fatalf("To %q = %v, %v", msg.Header.Get("To"), to, err)
		}
		if msg.Header.Get("Bcc") != "" {
			t.Fatal("a header smuggled in")
		}
	})
}

func TestComposeRefuses(t *testing.T) {
	t.Parallel()
	c := domain.Content{Language: "nl", Subject: "s"}
	for name, env := range map[string]email.Envelope{
		"no id":      {Date: created, From: from, To: from},
		"bracketed":  {MessageID: "<a@b>", Date: created, From: from, To: from},
		"no date":    {MessageID: "a@b", From: from, To: from},
		"no address": {MessageID: "a@b", Date: created, From: from, To: mail.Address{Name: "x"}},
	} {
		if _, err := email.Compose(env, c); err == nil {
			t.Errorf("%s: composed", name)
		}
	}
}
