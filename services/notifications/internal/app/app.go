// Package app is what the notifications service does: it keeps what it
// knows of registrations and ambassadors and turns their changes into
// queued letters (registrations.go, ambassadors.go), queues the reminders
// that fall due (reminders.go, the round of the reminder loops), writes
// and delivers the queue (delivery.go, the round of the delivery loop),
// and lists the e-mail log for the callers allowed to see it (emails.go).
package app

import (
	"log/slog"
	"net/mail"
	"sync"
	"time"

	"go.opentelemetry.io/otel/trace"

	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/seal"
	"plein.dev/platform/sqlite"
)

// Mail is how the app writes and sends e-mail.
type Mail struct {
	// Writer writes the texts.
	Writer domain.Writer
	// From is the From of every e-mail; its domain also ends the
	// Message-IDs.
	From mail.Address
	// Sender hands written mail on (SMTP or .eml files).
	Sender delivery.Sender
	// Keys open the manage tokens the registrations service sealed; nil
	// when no key is set, and the e-mails then carry no manage link.
	Keys *seal.Keyring
	// ReminderLead is how long before an event's start its confirmed
	// attendees are reminded; 0 sends no reminders.
	ReminderLead time.Duration
	// DigestHour is the hour (in Writer.Zone) the organisers' daily
	// digest is sent.
	DigestHour int
	// FirstRetry is the wait after a first failed attempt, doubling with
	// each failed attempt up to an hour; 0 means DefaultFirstRetry.
	FirstRetry time.Duration
	// Traces, if set, traces the sending of each e-mail written within a
	// trace, in that trace (trace.go); nil: off.
	Traces trace.TracerProvider
}

// App queues, delivers and lists e-mails.
type App struct {
	db   *sqlite.DB
	mail Mail
	log  *slog.Logger
	now  func() time.Time

	// wake wakes the delivery loop; retry is the timer that does so when
	// the next queued mail falls due.
	wake    chan struct{}
	retryMu sync.Mutex
	retry   *time.Timer
	// metrics counts the attempts to send; nil until RegisterMetrics.
	metrics *mailMetrics
}

// New returns the app; now is the clock (time.Now in production).
func New(db *sqlite.DB, m Mail, log *slog.Logger, now func() time.Time) *App {
	return &App{db: db, mail: m, log: log, now: now, wake: make(chan struct{}, 1)}
}
