package domain

import "time"

// Status of an e-mail in the log.
type Status string

// Statuses of an e-mail.
const (
	StatusPending Status = "pending"
	StatusSent    Status = "sent"
	StatusFailed  Status = "failed"
)

// Email is an entry of the e-mail log.
type Email struct {
	// Seq orders the log.
	Seq            int64
	ID             string
	To             string
	Subject        string
	Kind           Kind
	RegistrationID string
	EventID        string
	Status         Status
	// Error says why delivery failed for good (a reply code, no address).
	Error     string
	CreatedAt time.Time
	SentAt    *time.Time
}

// Outgoing is a composed e-mail waiting to be sent, with its envelope.
type Outgoing struct {
	EmailID      string
	EnvelopeFrom string
	EnvelopeTo   string
	// Message is the RFC 5322 message.
	Message []byte
	// Attempts counts the failed attempts so far.
	Attempts  int
	CreatedAt time.Time
}
