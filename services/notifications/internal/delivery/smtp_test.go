package delivery_test

import (
	"context"
	"crypto/tls"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/delivery/smtptest"
)

func TestParseURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		raw  string
		want delivery.SMTP
		bad  bool
	}{
		{raw: "smtp://mail.example.nl", want: delivery.SMTP{Host: "mail.example.nl", Port: 25}},
		{raw: "smtp://user%40example.nl:p%40ss@mail.example.nl:587",
			want: delivery.SMTP{Host: "mail.example.nl", Port: 587, Username: "user@example.nl", Password: "p@ss"}},
		{raw: "smtps://u:secret@[::1]", want: delivery.SMTP{Host: "::1", Port: 465, Username: "u", Password: "secret", ImplicitTLS: true}},
		{raw: "http://u:secret@mail.example.nl", bad: true},
		{raw: "smtp://u:secret@", bad: true},
		{raw: "smtp://u:secret@mail.example.nl/path", bad: true},
		{raw: "smtp://u:secret@mail.example.nl:25%", bad: true},
		{raw: "smtp://u:secret@mail.example.nl:99999", bad: true},
		{raw: "::secret", bad: true},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			got, err := delivery.ParseURL(tc.raw)
			if tc.bad {
				if err == nil {
					t.Fatalf("no error, got %+v", got)
				}
				if strings.Contains(err.Error(), "secret") {
					t.Errorf("error shows the password: %v", err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseURL = %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
	if s, _ := delivery.ParseURL("smtps://[::1]"); s.Addr() != "[::1]:465" {
		t.Errorf("Addr = %q", s.Addr())
	}
}

// sender returns the SMTP sender for srv.
func sender(t *testing.T, srv *smtptest.Server, user, pass string, pool *tls.Config, implicit bool) delivery.SMTP {
	t.Helper()
	return delivery.SMTP{Host: "127.0.0.1", Port: srv.Port(), Username: user, Password: pass, ImplicitTLS: implicit,
		TLS: pool, Timeout: 5 * time.Second}
}

// A batch goes over one connection: plain to localhost, with STARTTLS
// and with TLS from the start, authenticated.
func TestSMTPSendBatch(t *testing.T) {
	t.Parallel()
	serverTLS, pool := smtptest.Certificate(t)
	clientTLS := &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
	for _, tc := range []struct {
		name     string
		opts     smtptest.Options
		implicit bool
		wantTLS  bool
	}{
		{name: "plain to localhost", opts: smtptest.Options{User: "u", Password: "p w"}},
		{name: "STARTTLS", opts: smtptest.Options{TLS: serverTLS, User: "u", Password: "p w"}, wantTLS: true},
		{name: "implicit TLS", opts: smtptest.Options{TLS: serverTLS, Implicit: true, User: "u", Password: "p w"},
			implicit: true, wantTLS: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := smtptest.Start(t, tc.opts)
			s := sender(t, srv, "u", "p w", clientTLS, tc.implicit)
			var batch []delivery.Mail
			for i := range 3 {
				batch = append(batch, delivery.Mail{ID: "e" + strconv.Itoa(i),
					Msg: msg(t, "jan"+strconv.Itoa(i)+"@example.nl", "regel een\n.begint met een punt\n")})
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			for i, err := range s.Send(ctx, batch) {
				if err != nil {
					t.Fatalf("mail %d: %v", i, err)
				}
			}
			got := srv.Received()
			if len(got) != 3 || srv.Conns() != 1 {
				t.Fatalf("%d messages over %d connections, want 3 over 1", len(got), srv.Conns())
			}
			for i, r := range got {
				if r.TLS != tc.wantTLS || !r.Authed || r.From != "noreply@plein.local" ||
					len(r.To) != 1 || r.To[0] != "jan"+strconv.Itoa(i)+"@example.nl" {
					t.Errorf("message %d: %+v", i, r)
				}
				if !strings.Contains(string(r.Data), ".begint met een punt") {
					t.Errorf("message %d lost its dot line:\n%s", i, r.Data)
				}
			}
		})
	}
}

// A recipient the server refuses for good fails that mail alone, at RCPT
// with its code and without the address; a refusal for now is temporary.
func TestSMTPRefusedRecipient(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t, smtptest.Options{Reject: map[string]*smtp.SMTPError{
		"gone@example.nl": {Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "<gone@example.nl>: no such user"},
		"full@example.nl": {Code: 452, EnhancedCode: smtp.EnhancedCode{4, 2, 2}, Message: "<full@example.nl>: mailbox full"},
	}})
	s := sender(t, srv, "", "", nil, false)
	errs := s.Send(context.Background(), []delivery.Mail{
		{ID: "a", Msg: msg(t, "gone@example.nl", "x")},
		{ID: "b", Msg: msg(t, "jan@example.nl", "x")},
		{ID: "c", Msg: msg(t, "full@example.nl", "x")},
	})
	var e *delivery.Error
	if !asError(errs[0], &e) || e.Step != "RCPT" || e.Code != 550 || e.Detail != "5.1.1" || !e.Permanent {
		t.Errorf("refused for good: %#v", errs[0])
	}
	if errs[1] != nil {
		t.Errorf("the next mail: %v", errs[1])
	}
	if !asError(errs[2], &e) || e.Step != "RCPT" || e.Code != 452 || e.Permanent {
		t.Errorf("refused for now: %#v", errs[2])
	}
	for _, err := range errs {
		if err != nil && strings.Contains(err.Error(), "@") {
			t.Errorf("error repeats an address: %v", err)
		}
	}
	if got := srv.Received(); len(got) != 1 || got[0].To[0] != "jan@example.nl" {
		t.Errorf("received %+v", got)
	}
}

func asError(err error, e **delivery.Error) bool {
	d, ok := err.(*delivery.Error)
	*e = d
	return ok
}

// A server that is down, or does not speak, fails the whole batch at
// connect, for now; a context that ends first leaves the batch untried.
func TestSMTPDownAndSilent(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t, smtptest.Options{})
	srv.Down()
	s := sender(t, srv, "", "", nil, false)
	batch := []delivery.Mail{{ID: "a", Msg: msg(t, "jan@example.nl", "x")}, {ID: "b", Msg: msg(t, "piet@example.nl", "x")}}
	for _, err := range s.Send(context.Background(), batch) {
		var e *delivery.Error
		if !asError(err, &e) || e.Step != "connect" || e.Permanent {
			t.Errorf("server down: %#v", err)
		}
	}

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer lis.Close()
	go func() {
		for {
			c, err := lis.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	silent := delivery.SMTP{Host: "127.0.0.1", Port: lis.Addr().(*net.TCPAddr).Port, Timeout: 300 * time.Millisecond}
	start := time.Now()
	for _, err := range silent.Send(context.Background(), batch) {
		if err == nil || delivery.IsPermanent(err) {
			t.Errorf("silent server: %v, want a temporary failure", err)
		}
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v despite the timeout", d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, err := range silent.Send(ctx, batch) {
		if err != delivery.ErrNotTried {
			t.Errorf("ctx ended: %v", err)
		}
	}
}
