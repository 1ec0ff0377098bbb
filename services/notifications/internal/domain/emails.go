package domain

import "time"

// Status of an e-mail in the log.
type Status string

// Statuses of an e-mail. A pending e-mail is queued: it waits for its
// first or next attempt.
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
	// ProgrammeID is the programme an e-mail about an idea concerns.
	ProgrammeID string
	Status      Status
	// Attempts counts the failed attempts to deliver it.
	Attempts int
	// Failure is why the last attempt failed: for a failed e-mail why it
	// failed for good, for a pending one why it waits for another try.
	Failure   Failure
	CreatedAt time.Time
	SentAt    *time.Time
}

// Failure is why an attempt to deliver an e-mail failed: the step (e.g.
// "connect", "RCPT", "DATA", "compose") and the SMTP reply code (0 when
// there was none) with its enhanced status code, never the server's text,
// which often repeats the address.
type Failure struct {
	Step string
	Code int
	// Detail is a short description, e.g. "5.1.1" or "connection refused".
	Detail string
}

// IsZero reports whether there was no failure.
func (f Failure) IsZero() bool { return f == Failure{} }

// Outgoing is an e-mail waiting in the queue to be written and sent.
type Outgoing struct {
	EmailID    string
	EnvelopeTo string
	// Letter is what to write, sealed token and all.
	Letter Letter
	// Attempts counts the failed attempts so far.
	Attempts  int
	CreatedAt time.Time
}
