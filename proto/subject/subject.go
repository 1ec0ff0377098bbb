// Package subject is the message contract of the bus: every subject a Plein
// service publishes, as a constant producers and consumers both import, and
// the protobuf message each one carries (see the bus.proto of its service).
//
// Subjects read plein.<service>.<aggregate>.<verb>. A producer publishes
// only the constants below; a consumer decides for every subject its filter
// lets through whether it handles or ignores it (platform's service package
// checks that at start and in each service's tests), so a new verb cannot be
// dropped silently.
package subject

import "strings"

// Subject is a full subject, e.g. "plein.events.event.published".
type Subject string

// Streams: one per producing service, named after it.
const (
	StreamEvents        = "events"
	StreamRegistrations = "registrations"
	StreamAmbassadors   = "ambassadors"
	// StreamAccounts is the gateway's: it keeps the accounts.
	StreamAccounts = "accounts"
	// StreamNotifications holds only the notifications service's answers
	// to erasure requests.
	StreamNotifications = "notifications"
)

// The events service: EventChanged.
const (
	EventProposed    Subject = "plein.events.event.proposed"
	EventDeclined    Subject = "plein.events.event.declined"
	EventDrafted     Subject = "plein.events.event.drafted"
	EventUpdated     Subject = "plein.events.event.updated"
	EventPublished   Subject = "plein.events.event.published"
	EventRescheduled Subject = "plein.events.event.rescheduled"
	EventCancelled   Subject = "plein.events.event.cancelled"
	EventCompleted   Subject = "plein.events.event.completed"
)

// The registrations service: RegistrationChanged, SeatsChanged,
// AttendanceSummarised.
const (
	RegistrationConfirmed   Subject = "plein.registrations.registration.confirmed"
	RegistrationWaitlisted  Subject = "plein.registrations.registration.waitlisted"
	RegistrationPromoted    Subject = "plein.registrations.registration.promoted"
	RegistrationCancelled   Subject = "plein.registrations.registration.cancelled"
	RegistrationCheckedIn   Subject = "plein.registrations.registration.checked-in"
	RegistrationRescheduled Subject = "plein.registrations.registration.rescheduled"
	RegistrationErased      Subject = "plein.registrations.registration.erased"
	SeatsChanged            Subject = "plein.registrations.seats.changed"
	AttendanceSummarised    Subject = "plein.registrations.attendance.summarised"
)

// Erasure (issue 15): the gateway asks, with ErasureRequested, every
// service holding personal data to erase an address; each answers with an
// ErasureCompleted (plein.ops.v1) on its own stream.
const (
	ErasureRequested              Subject = "plein.accounts.erasure.requested"
	RegistrationsErasureCompleted Subject = "plein.registrations.erasure.completed"
	NotificationsErasureCompleted Subject = "plein.notifications.erasure.completed"
	AmbassadorsErasureCompleted   Subject = "plein.ambassadors.erasure.completed"
	EventsErasureCompleted        Subject = "plein.events.erasure.completed"
)

// ErasureCompleted is the subject a service answers erasure requests on:
// plein.<stream>.erasure.completed.
func ErasureCompleted(stream string) Subject {
	return Subject("plein." + stream + ".erasure.completed")
}

// PersonKey is the subject of the message holding one person's data key
// (platform/shred), e.g. "plein.registrations.person-key.<keyId>": one
// subject per key, read by subject (never by a durable consumer) and
// deleted by subject when the person is erased.
func PersonKey(stream, keyID string) Subject {
	return Subject("plein." + stream + ".person-key." + keyID)
}

// The ambassadors service: ProgrammeChanged, AmbassadorChanged (BehindTarget
// for behind-target), ActivityChanged, IdeaChanged.
const (
	ProgrammeCreated       Subject = "plein.ambassadors.programme.created"
	ProgrammeUpdated       Subject = "plein.ambassadors.programme.updated"
	ProgrammeClosed        Subject = "plein.ambassadors.programme.closed"
	AmbassadorAppointed    Subject = "plein.ambassadors.ambassador.appointed"
	AmbassadorUpdated      Subject = "plein.ambassadors.ambassador.updated"
	AmbassadorTermEnded    Subject = "plein.ambassadors.ambassador.term-ended"
	AmbassadorBehindTarget Subject = "plein.ambassadors.ambassador.behind-target"
	ActivityLogged         Subject = "plein.ambassadors.activity.logged"
	ActivityUpdated        Subject = "plein.ambassadors.activity.updated"
	ActivityDeleted        Subject = "plein.ambassadors.activity.deleted"
	ActivityReviewed       Subject = "plein.ambassadors.activity.reviewed"
	IdeaSubmitted          Subject = "plein.ambassadors.idea.submitted"
	IdeaUpdated            Subject = "plein.ambassadors.idea.updated"
)

// The gateway's accounts: AccountChanged.
const (
	AccountCreated Subject = "plein.accounts.account.created"
	AccountUpdated Subject = "plein.accounts.account.updated"
)

// published lists, per stream, every subject its service publishes.
var published = map[string][]Subject{
	StreamEvents: {EventProposed, EventDeclined, EventDrafted, EventUpdated, EventPublished,
		EventRescheduled, EventCancelled, EventCompleted, EventsErasureCompleted},
	StreamRegistrations: {RegistrationConfirmed, RegistrationWaitlisted, RegistrationPromoted,
		RegistrationCancelled, RegistrationCheckedIn, RegistrationRescheduled, RegistrationErased,
		SeatsChanged, AttendanceSummarised, RegistrationsErasureCompleted},
	StreamAmbassadors: {ProgrammeCreated, ProgrammeUpdated, ProgrammeClosed, AmbassadorAppointed,
		AmbassadorUpdated, AmbassadorTermEnded, AmbassadorBehindTarget, ActivityLogged,
		ActivityUpdated, ActivityDeleted, ActivityReviewed, IdeaSubmitted, IdeaUpdated,
		AmbassadorsErasureCompleted},
	StreamAccounts:      {AccountCreated, AccountUpdated, ErasureRequested},
	StreamNotifications: {NotificationsErasureCompleted},
}

// Published returns every subject the service owning stream publishes.
func Published(stream string) []Subject {
	return append([]Subject(nil), published[stream]...)
}

// Verb is the subject's last token, e.g. "published".
func (s Subject) Verb() string {
	return string(s[strings.LastIndexByte(string(s), '.')+1:])
}

// Aggregate is the subject's third token, e.g. "event".
func (s Subject) Aggregate() string {
	parts := strings.Split(string(s), ".")
	if len(parts) < 4 {
		return ""
	}
	return parts[2]
}

// Matches reports whether a NATS subject filter ("*" one token, ">" the
// rest) lets s through.
func (s Subject) Matches(filter string) bool {
	subj := strings.Split(string(s), ".")
	filt := strings.Split(filter, ".")
	for i, f := range filt {
		switch {
		case f == ">":
			return i < len(subj)
		case i >= len(subj):
			return false
		case f != "*" && f != subj[i]:
			return false
		}
	}
	return len(filt) == len(subj)
}

// Wildcard returns the filter for every verb of an aggregate of a stream,
// e.g. Wildcard("events", "event") is "plein.events.event.>".
func Wildcard(stream, aggregate string) string {
	return "plein." + stream + "." + aggregate + ".>"
}
