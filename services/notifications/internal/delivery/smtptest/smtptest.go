// Package smtptest runs a real SMTP server (emersion/go-smtp) inside a
// test: plain, behind STARTTLS or with TLS from the start, with AUTH PLAIN,
// refusing the recipients it is told to, stopped and started again on the
// same address to play a server that is down. It keeps what it received.
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options configure a Server.
type Options struct {
	// TLS, when set, is offered with STARTTLS, or from the start when
	// Implicit.
	TLS      *tls.Config
	Implicit bool
	// User and Password, when set, are required (AUTH PLAIN).
	User, Password string
	// Reject answers RCPT for these addresses with the error.
	Reject map[string]*smtp.SMTPError
}

// Received is one message the server took.
type Received struct {
	From string
	To   []string
	Data []byte
	// TLS and Authed say how the session was secured; Conn numbers the
	// connection it came over (1 for the first).
	TLS    bool
	Authed bool
	Conn   int
}

// Server is an SMTP server on a loopback port.
type Server struct {
	t    testing.TB
	opts Options
	addr string

	mu       sync.Mutex
	srv      *smtp.Server
	lis      net.Listener
	received []Received
	conns    int
}

// Start starts a server on a free loopback port; it stops with the test.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	s := &Server{t: t, opts: opts, addr: "127.0.0.1:0"}
	s.Up()
	t.Cleanup(s.Down)
	return s
}

// Addr is the server's host:port; it stays the same across Down and Up.
func (s *Server) Addr() string { return s.addr }

// Port is the server's port.
func (s *Server) Port() int {
	_, p, _ := net.SplitHostPort(s.addr)
	n, _ := net.LookupPort("tcp", p)
	return n
}

// Down stops the server: connections are refused until Up.
func (s *Server) Down() {
	s.mu.Lock()
	srv, lis := s.srv, s.lis
	s.srv, s.lis = nil, nil
	s.mu.Unlock()
	if srv != nil {
		// The listener is closed here too: Serve may not have taken it yet.
		_ = lis.Close()
		_ = srv.Close()
	}
}

// Up starts the server (again) on its address.
func (s *Server) Up() {
	s.t.Helper()
	var lis net.Listener
	var err error
	for range 50 { // the port may linger a moment after Down
		if lis, err = net.Listen("tcp", s.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatalf("smtptest: listen: %v", err)
	}
	s.addr = lis.Addr().String()
	lis = &counting{Listener: lis, s: s}
	if s.opts.Implicit {
		lis = tls.NewListener(lis, s.opts.TLS)
	}
	srv := smtp.NewServer(smtp.BackendFunc(s.session))
	srv.Domain = "smtptest.local"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.ErrorLog = discard{}
	if !s.opts.Implicit {
		srv.TLSConfig = s.opts.TLS
	}
	s.mu.Lock()
	s.srv, s.lis = srv, lis
	s.mu.Unlock()
	go func() { _ = srv.Serve(lis) }()
}

// Received returns what the server took so far.
func (s *Server) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Conns counts the connections the server accepted.
func (s *Server) Conns() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// WaitFor waits up to timeout until the server took n messages and
// returns them.
func (s *Server) WaitFor(n int, timeout time.Duration) []Received {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := s.Received()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("smtptest: %d messages after %v, want %d", len(got), timeout, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *Server) session(c *smtp.Conn) (smtp.Session, error) {
	s.mu.Lock()
	n := s.conns
	s.mu.Unlock()
	return &session{s: s, c: c, conn: n}, nil
}

// counting counts the connections accepted (a session starts again after
// STARTTLS, a connection does not).
type counting struct {
	net.Listener
	s *Server
}

func (l *counting) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.s.mu.Lock()
		l.s.conns++
		l.s.mu.Unlock()
	}
	return c, err
}

type session struct {
	s      *Server
	c      *smtp.Conn
	conn   int
	authed bool
	msg    Received
}

var errAuthRequired = &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "authentication required"}

func (ss *session) AuthMechanisms() []string {
	if ss.s.opts.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != ss.s.opts.User || pass != ss.s.opts.Password {
			return errors.New("bad credentials")
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.opts.User != "" && !ss.authed {
		return errAuthRequired
	}
	ss.msg = Received{From: from, Conn: ss.conn, Authed: ss.authed}
	_, ss.msg.TLS = ss.c.TLSConnectionState()
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if err, ok := ss.s.opts.Reject[to]; ok {
		return err
	}
	ss.msg.To = append(ss.msg.To, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	var b bytes.Buffer
	if _, err := io.Copy(&b, r); err != nil {
		return err
	}
	ss.msg.Data = b.Bytes()
	ss.s.mu.Lock()
	ss.s.received = append(ss.s.received, ss.msg)
	ss.s.mu.Unlock()
	return nil
}

func (ss *session) Reset()        { ss.msg = Received{} }
func (ss *session) Logout() error { return nil }

type discard struct{}

func (discard) Printf(string, ...any) {}
func (discard) Println(...any)        {}

// Certificate returns a server certificate for 127.0.0.1 and a pool that
// trusts it.
func Certificate(t testing.TB) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "smtptest"},
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
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}
