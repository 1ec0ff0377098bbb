// Package delivery hands written messages on: a Sender writes .eml files
// (Files) or submits them to an SMTP server (SMTP, with go-mail), a batch
// at a time over one connection. The app's delivery loop takes the mail
// from the queue and decides on retries; this package says, for each mail,
// whether it went, and if not, at which step and with which reply code.
package delivery

import (
	"context"
	"errors"
	"fmt"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Mail is a written message with the id of its e-mail in the log.
type Mail struct {
	// ID is the e-mail's id in the log.
	ID string
	// Created is when the e-mail was queued; it does not change between
	// attempts.
	Created time.Time
	Msg     *gomail.Msg
}

// Sender hands a batch of mails on. It returns one error per mail: nil
// for a mail handed over, ErrNotTried for one it did not get to because
// ctx ended, otherwise an *Error. Sending the same mail twice should be
// harmless where the medium allows (Files overwrites; over SMTP the repeat
// keeps its Message-ID).
type Sender interface {
	Send(ctx context.Context, batch []Mail) []error
}

// ErrNotTried marks a mail of a batch that was not attempted (ctx ended
// first); it is neither sent nor failed.
var ErrNotTried = errors.New("not attempted")

// Error is a failed attempt: the step it failed at (connect, MAIL, RCPT,
// DATA, write) and the SMTP reply code (0 when there was no reply) with
// its enhanced status code or a short description in Detail — never the
// server's text, which often repeats the address.
type Error struct {
	Step   string
	Code   int
	Detail string
	// Permanent: the mail will never be accepted (an SMTP 5xx answer to
	// MAIL, RCPT or DATA, or a message that cannot be written); it is not
	// tried again.
	Permanent bool
}

func (e *Error) Error() string {
	s := "smtp " + e.Step
	if e.Code != 0 {
		s += fmt.Sprintf(": reply %d", e.Code)
	}
	if e.Detail != "" {
		s += " " + e.Detail
	}
	if e.Permanent {
		s += " (permanent)"
	}
	return s
}

// IsPermanent reports whether err is an *Error that will not go away.
func IsPermanent(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Permanent
}

// all returns n copies of err.
func all(n int, err error) []error {
	errs := make([]error, n)
	for i := range errs {
		errs[i] = err
	}
	return errs
}
