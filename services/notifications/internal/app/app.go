// Package app is what the notifications service does: it turns
// registration changes into queued e-mails (registrations.go), delivers the
// queue (delivery.go, the round of the delivery loop) and lists the e-mail
// log for the callers allowed to see it (emails.go).
package app

import (
	"log/slog"
	"net/mail"
	"sync"
	"time"

	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/sqlite"
)

// Mail is how the app writes and sends e-mail.
type Mail struct {
	// Notices writes the texts.
	Notices domain.Notices
	// From is the From of every e-mail; its domain also ends the
	// Message-IDs.
	From mail.Address
	// Sender hands composed mail on (SMTP or .eml files).
	Sender delivery.Sender
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
}

// New returns the app; now is the clock (time.Now in production).
func New(db *sqlite.DB, m Mail, log *slog.Logger, now func() time.Time) *App {
	return &App{db: db, mail: m, log: log, now: now, wake: make(chan struct{}, 1)}
}
