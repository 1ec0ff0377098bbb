package domain

import (
	"encoding/json"
	"fmt"
	"time"
)

// WebhookEvent is something that happened that webhooks may subscribe to,
// as a consumer read it from another service's message.
type WebhookEvent struct {
	Type WebhookType
	// Cause identifies the bus message it came from; one message is
	// queued once per webhook.
	Cause string
	// OccurredAt is when it happened (zero: when it was received).
	OccurredAt time.Time
	// OrderKey names what it happened to, e.g. "registration:<id>": a
	// webhook gets the messages of one key in the order they happened.
	OrderKey string
	// Data is the body's "data": a RegistrationData, EventData or
	// ActivityData. It never holds a manage token.
	Data any
}

// Body is the message a webhook receives: {"type", "timestamp" (RFC 3339),
// "data"}.
func (e WebhookEvent) Body() ([]byte, error) {
	b, err := json.Marshal(struct {
		Type      WebhookType `json:"type"`
		Timestamp time.Time   `json:"timestamp"`
		Data      any         `json:"data"`
	}{e.Type, e.OccurredAt.UTC(), e.Data})
	if err != nil {
		return nil, fmt.Errorf("webhook body of %s: %w", e.Type, err)
	}
	return b, nil
}

// WebhookOrderKey is the order key of the messages about one aggregate
// ("registration", "event", "activity") with the id.
func WebhookOrderKey(aggregate, id string) string { return aggregate + ":" + id }

// RegistrationData is the data of the registration.* event types: the
// registration as it is after the change, without its manage token or
// check-in code.
type RegistrationData struct {
	ID                 string     `json:"id"`
	EventID            string     `json:"eventId"`
	EventTitle         string     `json:"eventTitle,omitempty"`
	EventStartsAt      *time.Time `json:"eventStartsAt,omitempty"`
	Status             string     `json:"status"`
	Name               string     `json:"name"`
	Email              string     `json:"email"`
	Organisation       string     `json:"organisation,omitempty"`
	WaitlistPosition   int        `json:"waitlistPosition,omitempty"`
	RegisteredAt       *time.Time `json:"registeredAt,omitempty"`
	CheckedInAt        *time.Time `json:"checkedInAt,omitempty"`
	CancelledAt        *time.Time `json:"cancelledAt,omitempty"`
	CancelledBy        string     `json:"cancelledBy,omitempty"`
	CancellationReason string     `json:"cancellationReason,omitempty"`
}

// EventData is the data of the event.* event types: the event after the
// change, without its invite code, and for event.rescheduled where and when
// it was before.
type EventData struct {
	ID                 string     `json:"id"`
	Title              string     `json:"title"`
	Description        string     `json:"description,omitempty"`
	ProgrammeID        string     `json:"programmeId,omitempty"`
	Themes             []string   `json:"themes"`
	RoomID             string     `json:"roomId,omitempty"`
	Location           string     `json:"location,omitempty"`
	StartsAt           *time.Time `json:"startsAt,omitempty"`
	EndsAt             *time.Time `json:"endsAt,omitempty"`
	Capacity           int        `json:"capacity"`
	Visibility         string     `json:"visibility"`
	Status             string     `json:"status"`
	SeatsTaken         int        `json:"seatsTaken"`
	WaitlistLength     int        `json:"waitlistLength"`
	HostAmbassadorIDs  []string   `json:"hostAmbassadorIds"`
	SeriesID           string     `json:"seriesId,omitempty"`
	CancellationReason string     `json:"cancellationReason,omitempty"`
	PreviousStartsAt   *time.Time `json:"previousStartsAt,omitempty"`
	PreviousEndsAt     *time.Time `json:"previousEndsAt,omitempty"`
	PreviousRoomID     string     `json:"previousRoomId,omitempty"`
	PreviousLocation   string     `json:"previousLocation,omitempty"`
}

// ActivityData is the data of the activity.* event types: an ambassador's
// activity after the change.
type ActivityData struct {
	ID                    string   `json:"id"`
	AmbassadorID          string   `json:"ambassadorId"`
	Kind                  string   `json:"kind"`
	OccurredOn            string   `json:"occurredOn"`
	DurationMinutes       int      `json:"durationMinutes"`
	Summary               string   `json:"summary"`
	EntrepreneursReached  int      `json:"entrepreneursReached"`
	Organisations         []string `json:"organisations"`
	Themes                []string `json:"themes"`
	EventID               string   `json:"eventId,omitempty"`
	ReviewStatus          string   `json:"reviewStatus"`
	Attendance            int      `json:"attendance,omitempty"`
	CreditedAutomatically bool     `json:"creditedAutomatically"`
}

// WebhookDelivery is a message queued for one webhook, until it is
// delivered or given up.
type WebhookDelivery struct {
	// Seq orders the queue.
	Seq int64
	// ID is the webhook-id header: the same on every attempt.
	ID        string
	WebhookID string
	Type      WebhookType
	OrderKey  string
	Body      []byte
	// Attempts counts the attempts made so far; FirstAttemptAt is when the
	// first was made (zero before).
	Attempts       int
	FirstAttemptAt time.Time
	CreatedAt      time.Time
	// URL and Secret are the webhook's.
	URL    string
	Secret []byte
}

// AttemptOutcome is how an attempt ended for its message.
type AttemptOutcome string

// Outcomes of an attempt.
const (
	AttemptSucceeded AttemptOutcome = "succeeded"
	// AttemptRetrying: it failed and the message is tried again later.
	AttemptRetrying AttemptOutcome = "retrying"
	// AttemptFailed: it failed and the message is given up.
	AttemptFailed AttemptOutcome = "failed"
)

// WebhookAttempt is an attempt to deliver a message, as the delivery log
// keeps it.
type WebhookAttempt struct {
	Seq       int64
	WebhookID string
	MessageID string
	Type      WebhookType
	// Attempt is 1 for the first attempt of the message.
	Attempt    int
	At         time.Time
	StatusCode int // 0: no answer
	Duration   time.Duration
	// Error says why it failed; empty on success.
	Error   string
	Outcome AttemptOutcome
	// NextRetryAt is set when Outcome is AttemptRetrying.
	NextRetryAt time.Time
}

// WebhookRetryFor is how long a message is retried, at least, after its
// first attempt failed; webhookMaxRetry is the longest wait between two
// attempts.
const (
	WebhookRetryFor = 24 * time.Hour
	webhookMaxRetry = 2 * time.Hour
)

// NextWebhookAttempt decides, after the attempts-th attempt of a message
// failed at now, when to try again: first after the first failure,
// doubling with each further one up to two hours. It gives up (ok false)
// once the first attempt is WebhookRetryFor ago, so a message is tried for
// at least a day.
func NextWebhookAttempt(first time.Duration, attempts int, firstAttempt, now time.Time) (next time.Time, ok bool) {
	if now.Sub(firstAttempt) >= WebhookRetryFor {
		return time.Time{}, false
	}
	d := first
	for i := 1; i < attempts && d < webhookMaxRetry; i++ {
		d *= 2
	}
	return now.Add(min(d, webhookMaxRetry)), true
}

// WebhookAccepted reports whether a receiver's HTTP status acknowledges a
// message: any 2xx.
func WebhookAccepted(statusCode int) bool { return statusCode >= 200 && statusCode <= 299 }
