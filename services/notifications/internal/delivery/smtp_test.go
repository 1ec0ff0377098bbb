package delivery

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"io"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestParseURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		raw  string
		want SMTP
		bad  bool
	}{
		{raw: "smtp://mail.example.nl", want: SMTP{Addr: "mail.example.nl:25"}},
		{raw: "smtp://user%40example.nl:p%40ss@mail.example.nl:587",
			want: SMTP{Addr: "mail.example.nl:587", Username: "user@example.nl", Password: "p@ss"}},
		{raw: "smtps://u:secret@[::1]", want: SMTP{Addr: "[::1]:465", Username: "u", Password: "secret", ImplicitTLS: true}},
		{raw: "http://u:secret@mail.example.nl", bad: true},
		{raw: "smtp://u:secret@", bad: true},
		{raw: "smtp://u:secret@mail.example.nl/path", bad: true},
		{raw: "smtp://u:secret@mail.example.nl:25%", bad: true},
		{raw: "::secret", bad: true},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			got, err := ParseURL(tc.raw)
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
}

// fakeSMTP is a minimal SMTP server for one test: it offers STARTTLS when
// it has a certificate, AUTH PLAIN, and answers RCPT with rcptReply.
type fakeSMTP struct {
	t         *testing.T
	lis       net.Listener
	tls       *tls.Config
	user      string
	pass      string
	rcptReply string

	mu       sync.Mutex
	authed   bool
	authTLS  bool
	from, to string
	data     string
}

func startFake(t *testing.T, tlsConfig *tls.Config, rcptReply string) *fakeSMTP {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeSMTP{t: t, lis: lis, tls: tlsConfig, user: "u", pass: "p w", rcptReply: rcptReply}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			conn, err := lis.Accept()
			if err != nil {
				return
			}
			f.serve(conn)
		}
	}()
	t.Cleanup(func() {
		lis.Close()
		<-done
	})
	return f
}

func (f *fakeSMTP) serve(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	tp := textproto.NewConn(conn)
	isTLS := false
	reply := func(s string) { _ = tp.PrintfLine("%s", s) }
	reply("220 fake ESMTP")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			if f.tls != nil && !isTLS {
				reply("250-fake")
				reply("250-STARTTLS")
			} else {
				reply("250-fake")
			}
			reply("250 AUTH PLAIN")
		case "STARTTLS":
			reply("220 go ahead")
			tc := tls.Server(conn, f.tls)
			if err := tc.Handshake(); err != nil {
				f.t.Errorf("fake: TLS handshake: %v", err)
				return
			}
			conn, isTLS = tc, true
			tp = textproto.NewConn(tc)
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			b, _ := base64.StdEncoding.DecodeString(resp)
			if mech != "PLAIN" || string(b) != "\x00"+f.user+"\x00"+f.pass {
				reply("535 5.7.8 bad credentials")
				continue
			}
			f.mu.Lock()
			f.authed, f.authTLS = true, isTLS
			f.mu.Unlock()
			reply("235 2.7.0 ok")
		case "MAIL":
			f.mu.Lock()
			f.from = arg
			f.mu.Unlock()
			reply("250 ok")
		case "RCPT":
			f.mu.Lock()
			f.to = arg
			f.mu.Unlock()
			reply(f.rcptReply)
		case "DATA":
			reply("354 go on")
			b, err := io.ReadAll(tp.DotReader())
			if err != nil {
				return
			}
			f.mu.Lock()
			f.data = string(b)
			f.mu.Unlock()
			reply("250 queued")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

func (f *fakeSMTP) port() string {
	_, port, _ := net.SplitHostPort(f.lis.Addr().String())
	return port
}

// selfSigned returns a server certificate for 127.0.0.1 and a pool that
// trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "fake smtp"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

var testMail = Mail{
	ID:      "e1",
	From:    "noreply@plein.local",
	To:      "jan@example.nl",
	Created: time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC),
	Message: []byte("Subject: hi\r\n\r\nregel een\r\n.begint met een punt\r\n"),
}

func TestSMTPSend(t *testing.T) {
	t.Parallel()
	cert, pool := selfSigned(t)
	for _, tc := range []struct {
		name    string
		tls     bool
		wantTLS bool
	}{
		{name: "plain to localhost", tls: false},
		{name: "STARTTLS", tls: true, wantTLS: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var serverTLS *tls.Config
			if tc.tls {
				serverTLS = &tls.Config{Certificates: []tls.Certificate{cert}}
			}
			f := startFake(t, serverTLS, "250 ok")
			s, err := ParseURL("smtp://u:p%20w@127.0.0.1:" + f.port())
			if err != nil {
				t.Fatal(err)
			}
			s.TLS = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := s.Send(ctx, testMail); err != nil {
				t.Fatalf("Send: %v", err)
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			if !f.authed || f.authTLS != tc.wantTLS {
				t.Errorf("authenticated %v, over TLS %v; want true, %v", f.authed, f.authTLS, tc.wantTLS)
			}
			if f.from != "FROM:<noreply@plein.local>" || f.to != "TO:<jan@example.nl>" {
				t.Errorf("envelope %q %q", f.from, f.to)
			}
			want := strings.ReplaceAll(string(testMail.Message), "\r\n", "\n")
			if f.data != want {
				t.Errorf("data = %q, want %q", f.data, want)
			}
		})
	}
}

func TestSMTPRejected(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		reply     string
		permanent bool
	}{
		{"550 5.1.1 <jan@example.nl>: Recipient address rejected", true},
		{"451 4.3.0 <jan@example.nl>: try again later", false},
	} {
		t.Run(tc.reply[:3], func(t *testing.T) {
			f := startFake(t, nil, tc.reply)
			s := SMTP{Addr: "127.0.0.1:" + f.port()}
			err := s.Send(context.Background(), testMail)
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, ErrPermanent) != tc.permanent {
				t.Errorf("permanent = %v, want %v (%v)", !tc.permanent, tc.permanent, err)
			}
			if strings.Contains(err.Error(), "jan@") {
				t.Errorf("error repeats the address: %v", err)
			}
		})
	}
}

func TestSMTPSilentServer(t *testing.T) {
	t.Parallel()
	// A server that does not speak: the context ends the attempt.
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer lis.Close()
	go func() {
		c, err := lis.Accept()
		if err == nil {
			defer c.Close()
			_, _ = io.Copy(io.Discard, bufio.NewReader(c))
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := (SMTP{Addr: lis.Addr().String()}).Send(ctx, testMail); err == nil || errors.Is(err, ErrPermanent) {
		t.Fatalf("err = %v, want a temporary failure", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v despite the context", d)
	}
}
