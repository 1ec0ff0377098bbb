// Package delivery hands composed e-mails on: a Sender writes .eml files
// (Files) or talks to an SMTP server (SMTP). The app's delivery loop takes
// the mail from the queue and decides on retries.
package delivery

import (
	"context"
	"errors"
	"time"
)

// Mail is a composed e-mail with its envelope.
type Mail struct {
	// ID is the e-mail's id in the log.
	ID string
	// From and To are the envelope addresses (SMTP MAIL FROM and RCPT TO).
	From, To string
	// Created is when the e-mail was queued; it does not change between
	// attempts.
	Created time.Time
	// Message is the RFC 5322 message.
	Message []byte
}

// Sender hands a mail on. Sending the same mail twice should be harmless
// where the medium allows (Files overwrites, SMTP keeps the Message-ID).
type Sender interface {
	Send(ctx context.Context, m Mail) error
}

// ErrPermanent marks a mail that will never be accepted (e.g. an SMTP 5xx
// answer to the recipient); it is not tried again.
var ErrPermanent = errors.New("permanent delivery failure")
