package delivery

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// DefaultTimeout bounds each exchange with the SMTP server (connecting,
// and every command of a batch).
const DefaultTimeout = 30 * time.Second

// SMTP submits mail to an SMTP server with go-mail: one connection per
// batch; STARTTLS when the server offers it, or TLS from the start for
// smtps://; AUTH PLAIN when a user is set (go-mail sends the password
// only over TLS or to localhost).
type SMTP struct {
	Host string
	Port int
	// Username and Password for AUTH PLAIN; no authentication when
	// Username is empty.
	Username, Password string
	// ImplicitTLS connects with TLS (smtps, port 465) instead of upgrading
	// with STARTTLS.
	ImplicitTLS bool
	// TLS configures the TLS client; nil means the system's roots and Host
	// as server name.
	TLS *tls.Config
	// Timeout bounds each exchange; 0 means DefaultTimeout.
	Timeout time.Duration
}

// ParseURL reads smtp://user:pass@host:port (port 25 by default) or
// smtps://user:pass@host:port (port 465). Errors never repeat the URL, as it
// may hold a password.
func ParseURL(raw string) (SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return SMTP{}, errors.New("SMTP URL: not a URL of the form smtp://user:pass@host:port")
	}
	s := SMTP{Port: 25}
	switch u.Scheme {
	case "smtp":
	case "smtps":
		s.ImplicitTLS, s.Port = true, 465
	default:
		return SMTP{}, errors.New("SMTP URL: scheme must be smtp or smtps")
	}
	if s.Host = u.Hostname(); s.Host == "" {
		return SMTP{}, errors.New("SMTP URL: no host")
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" {
		return SMTP{}, errors.New("SMTP URL: no path or query expected")
	}
	if p := u.Port(); p != "" {
		if s.Port, err = strconv.Atoi(p); err != nil || s.Port < 1 || s.Port > 65535 {
			return SMTP{}, errors.New("SMTP URL: bad port")
		}
	}
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	return s, nil
}

// Addr is host:port.
func (s SMTP) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Send implements Sender: it connects once and submits the batch, mail
// by mail, until ctx ends. When the connection cannot be made, every mail
// of the batch fails at the step "connect" (temporarily).
func (s SMTP) Send(ctx context.Context, batch []Mail) []error {
	if len(batch) == 0 {
		return nil
	}
	c, err := s.client()
	if err != nil {
		return all(len(batch), &Error{Step: "connect", Detail: err.Error()})
	}
	if err := c.DialWithContext(ctx); err != nil {
		if ctx.Err() != nil {
			return all(len(batch), ErrNotTried)
		}
		return all(len(batch), connectError(err))
	}
	// The server has taken what it acknowledged; a failing QUIT changes
	// nothing.
	defer func() { _ = c.Close() }()
	errs := make([]error, len(batch))
	for i, m := range batch {
		if ctx.Err() != nil {
			errs[i] = ErrNotTried
			continue
		}
		if err := c.Send(m.Msg); err != nil && !m.Msg.IsDelivered() {
			errs[i] = sendError(err)
		}
	}
	return errs
}

func (s SMTP) client() (*gomail.Client, error) {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	opts := []gomail.Option{gomail.WithPort(s.Port), gomail.WithTimeout(timeout)}
	if s.ImplicitTLS {
		opts = append(opts, gomail.WithSSL())
	} else {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if s.TLS != nil {
		opts = append(opts, gomail.WithTLSConfig(s.TLS))
	}
	if s.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(s.Username),
			gomail.WithPassword(s.Password))
	}
	c, err := gomail.NewClient(s.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("smtp client: %w", err)
	}
	return c, nil
}

// connectError describes a failure to connect, greet, start TLS or
// authenticate: the reply code if the server gave one, or the network
// error (which names the server, not the recipient).
func connectError(err error) *Error {
	var te *textproto.Error
	if errors.As(err, &te) {
		return &Error{Step: "connect", Code: te.Code}
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return &Error{Step: "connect", Detail: ne.Error()}
	}
	// go-mail's own errors (e.g. no AUTH offered) say nothing personal.
	return &Error{Step: "connect", Detail: err.Error()}
}

// sendError describes a failed submission of one mail by the step and
// reply code go-mail reports.
func sendError(err error) *Error {
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return &Error{Step: "send", Detail: "no reply"}
	}
	e := &Error{Code: se.ErrorCode(), Detail: se.EnhancedStatusCode()}
	switch se.Reason {
	case gomail.ErrSMTPMailFrom:
		e.Step = "MAIL"
	case gomail.ErrSMTPRcptTo:
		e.Step = "RCPT"
	case gomail.ErrSMTPData, gomail.ErrSMTPDataClose, gomail.ErrWriteContent:
		e.Step = "DATA"
	case gomail.ErrGetSender, gomail.ErrGetRcpts, gomail.ErrNoUnencoded:
		return &Error{Step: "write", Detail: se.Reason.String(), Permanent: true}
	default:
		// The connection was lost between two mails (ErrConnCheck), or
		// its state is unclear: tried again later.
		e.Step = "connect"
		if e.Code == 0 {
			e.Detail = se.Reason.String()
		}
		return e
	}
	e.Permanent = e.Code >= 500 && e.Code < 600
	return e
}
