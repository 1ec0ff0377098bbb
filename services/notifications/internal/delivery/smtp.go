package delivery

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"net/url"
)

// SMTP submits mail to an SMTP server: STARTTLS when the server offers it
// (or TLS from the start for smtps://), and AUTH PLAIN when a user is set.
type SMTP struct {
	// Addr is host:port.
	Addr string
	// Username and Password for AUTH PLAIN; no authentication when Username
	// is empty. net/smtp sends them only over TLS or to localhost.
	Username, Password string
	// ImplicitTLS connects with TLS (smtps, port 465) instead of upgrading
	// with STARTTLS.
	ImplicitTLS bool
	// TLS configures the TLS client; nil means the system's roots and the
	// host of Addr as server name.
	TLS *tls.Config
}

// ParseURL reads smtp://user:pass@host:port (port 25 by default) or
// smtps://user:pass@host:port (port 465). Errors never repeat the URL, as it
// may hold a password.
func ParseURL(raw string) (SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return SMTP{}, errors.New("SMTP URL: not a URL of the form smtp://user:pass@host:port")
	}
	var s SMTP
	port := "25"
	switch u.Scheme {
	case "smtp":
	case "smtps":
		s.ImplicitTLS, port = true, "465"
	default:
		return SMTP{}, errors.New("SMTP URL: scheme must be smtp or smtps")
	}
	if u.Hostname() == "" {
		return SMTP{}, errors.New("SMTP URL: no host")
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" {
		return SMTP{}, errors.New("SMTP URL: no path or query expected")
	}
	if u.Port() != "" {
		port = u.Port()
	}
	s.Addr = net.JoinHostPort(u.Hostname(), port)
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	return s, nil
}

// Send implements Sender. A 5xx answer to MAIL, RCPT or DATA is permanent.
// Errors carry SMTP reply codes, never the server's text, which often
// repeats the address.
func (s SMTP) Send(ctx context.Context, m Mail) error {
	host, _, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return fmt.Errorf("smtp: address %q: %w", s.Addr, err)
	}
	tlsConfig := s.TLS
	if tlsConfig == nil {
		tlsConfig = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	if s.ImplicitTLS {
		conn = tls.Client(conn, tlsConfig)
	}
	// net/smtp knows no contexts: closing the connection ends a stuck
	// exchange.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if deadline, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(deadline)
	}

	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return smtpError("greeting", err)
	}
	defer c.Close()
	if !s.ImplicitTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(tlsConfig); err != nil {
				return smtpError("STARTTLS", err)
			}
		}
	}
	if s.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("smtp: a user is set but the server offers no AUTH")
		}
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, host)); err != nil {
			return smtpError("AUTH", err)
		}
	}
	if err := c.Mail(m.From); err != nil {
		return permanentOn5xx(smtpError("MAIL", err))
	}
	if err := c.Rcpt(m.To); err != nil {
		return permanentOn5xx(smtpError("RCPT", err))
	}
	w, err := c.Data()
	if err != nil {
		return permanentOn5xx(smtpError("DATA", err))
	}
	if _, err := bytes.NewReader(m.Message).WriteTo(w); err != nil {
		return smtpError("DATA", err)
	}
	if err := w.Close(); err != nil {
		return permanentOn5xx(smtpError("DATA", err))
	}
	// The server has taken the mail; a failing QUIT changes nothing.
	_ = c.Quit()
	return nil
}

// replyError is an SMTP error reply, without its text.
type replyError struct {
	step string
	code int
}

func (e *replyError) Error() string { return fmt.Sprintf("smtp %s: reply %d", e.step, e.code) }

func smtpError(step string, err error) error {
	var te *textproto.Error
	if errors.As(err, &te) {
		return &replyError{step: step, code: te.Code}
	}
	return fmt.Errorf("smtp %s: %w", step, err)
}

func permanentOn5xx(err error) error {
	var re *replyError
	if errors.As(err, &re) && re.code >= 500 && re.code < 600 {
		return fmt.Errorf("%w: %w", err, ErrPermanent)
	}
	return err
}
