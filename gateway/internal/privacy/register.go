// Package privacy is the processing register (AVG article 30): every
// column of the services' databases that holds personal data, why, for how
// long and on what legal basis, and the files that hold some; served by
// GET /api/v1/privacy/register. TestRegisterMatchesMigrations keeps it
// true: a column whose name looks personal must be in Fields or, with the
// reason, in NotPersonal.
package privacy

import (
	"strconv"
	"strings"
)

// Field is a column holding personal data.
type Field struct {
	Service    string `json:"service"`
	Table      string `json:"table"`
	Column     string `json:"column"`
	Purpose    string `json:"purpose"`
	Retention  string `json:"retention"`
	LegalBasis string `json:"legalBasis"`
}

// File is personal data held outside the databases.
type File struct {
	Service    string `json:"service"`
	Location   string `json:"location"`
	Purpose    string `json:"purpose"`
	Retention  string `json:"retention"`
	LegalBasis string `json:"legalBasis"`
}

// Register is the answer of GET /api/v1/privacy/register.
type Register struct {
	Fields []Field `json:"fields"`
	Files  []File  `json:"files"`
}

// The legal bases (AVG article 6(1)) the register names.
const (
	consent     = "consent (AVG art. 6(1)(a)): the attendee agrees to the privacy statement when registering"
	publicTask  = "public task (AVG art. 6(1)(e)): the municipality's economic-development programme"
	contract    = "legitimate interest (AVG art. 6(1)(f)): running the service the account holder works with"
	ideaConsent = "consent (AVG art. 6(1)(a)): the entrepreneur agrees to the privacy statement when submitting an idea"
)

// Retention periods, {days} standing for PLEIN_RETENTION_DAYS.
const (
	afterEvent     = "until {days} days after the event ended (PLEIN_RETENTION_DAYS), then anonymised; at once on erasure"
	ofAccount      = "as long as the account exists; removed on erasure"
	ofAmbassador   = "as long as the programme's records are kept; the address removed on erasure"
	untilSent      = "until the message is published (seconds), or while it waits as a dead letter until an administrator retries or discards it"
	deadLetter     = "until an administrator retries or discards the dead letter"
	ofIdea         = "until {days} days after the idea was decided, or after it was submitted if it was never decided (PLEIN_RETENTION_DAYS), then anonymised; at once on erasure"
	ofContact      = "as long as the programme is kept, unless its organisers remove the contact; removed (the whole contact) on erasure of the address"
	ofEventContact = "as long as the event is kept, unless its organisers remove the contact; removed (the whole contact) on erasure of the address"
)

// Fields is every column holding personal data.
var Fields = []Field{
	{"gateway", "users", "email", "signing in; invitations, password resets and the organisers' e-mails", ofAccount, contract},
	{"gateway", "users", "email_key", "finding an account by its address (the address in lower case)", ofAccount, contract},
	{"gateway", "users", "name", "showing who acts in the console and the portal", ofAccount, contract},
	{"gateway", "idempotency_keys", "sealed_body", "answering a repeated request (a registration's answer holds the name and address), sealed", "24 hours", consent},
	{"gateway", "outbox", "payload", "announcing account changes to the services (address and name sealed)", untilSent, contract},
	{"gateway", "dead_letters", "payload", "messages the gateway could not apply, kept for an administrator", deadLetter, contract},

	{"events", "ambassadors", "name", "showing the host ambassadors of an event", ofAmbassador, publicTask},
	{"events", "events", "contacts", "the people to turn to about an event (name, role, e-mail, phone; JSON): the public ones on the event's page, the others for its organisers only", ofEventContact, publicTask},

	{"registrations", "registrations", "name", "the registration: attendee lists, badges, the e-mails", afterEvent, consent},
	{"registrations", "registrations", "email", "the registration's e-mails (confirmation, waiting list, reminder)", afterEvent, consent},
	{"registrations", "registrations", "email_key", "one registration per address per event (the address in lower case)", afterEvent, consent},
	{"registrations", "registrations", "organisation", "attendee lists and reports of who was reached", afterEvent, consent},
	{"registrations", "registrations", "kvk_number", "reports of the companies reached, counted once (a sole trader's number points to a person)", afterEvent, consent},
	{"registrations", "registrations", "answers", "the answers to the event's questions (dietary wishes, ...)", afterEvent, consent},
	{"registrations", "person_keys", "email_hash", "finding the key the person's data on the bus is encrypted with (a SHA-256 of the address)", "until the person's last registration is anonymised or erased", consent},
	{"registrations", "outbox", "payload", "announcing registrations to the other services (personal fields encrypted with the person's key)", untilSent, consent},
	{"registrations", "dead_letters", "payload", "messages the service could not apply, kept for an administrator", deadLetter, consent},

	{"ambassadors", "ambassadors", "name", "the ambassador's appointment and public profile", ofAmbassador, publicTask},
	{"ambassadors", "ambassadors", "email", "the ambassador's account and e-mails (private)", ofAmbassador, publicTask},
	{"ambassadors", "ambassadors", "organisation", "the ambassador's public profile", ofAmbassador, publicTask},
	{"ambassadors", "ambassadors", "bio", "the ambassador's public profile", ofAmbassador, publicTask},
	{"ambassadors", "activities", "summary", "reporting on the programme (may name the entrepreneurs met)", ofAmbassador, publicTask},
	{"ambassadors", "activities", "organisations", "reporting on the programme: the companies reached (a sole trader's name is personal)", ofAmbassador, publicTask},
	{"ambassadors", "activities", "review_comment", "the organiser's comment to the ambassador", ofAmbassador, publicTask},
	{"ambassadors", "activities", "companies", "reporting on the programme: the companies reached and their KvK numbers, counted once in the report (a sole trader's name and number are personal; JSON)", ofAmbassador, publicTask},
	{"ambassadors", "event_attendance", "kvk_numbers", "counting the companies a programme's events reached, once each (a sole trader's KvK number is personal; JSON)", "replaced by each new attendance summary of the event: one without the number goes out when its attendee is erased, and when the registrations are anonymised {days} days after the event ended (PLEIN_RETENTION_DAYS)", publicTask},
	{"ambassadors", "programmes", "contacts", "the people to turn to about a programme (name, role, e-mail, phone; JSON): the public ones on the pages, the others for its organisers only", ofContact, publicTask},
	{"ambassadors", "ideas", "name", "the submitter of an idea, for the programme's organisers and the e-mails about it", ofIdea, ideaConsent},
	{"ambassadors", "ideas", "email", "the e-mails about the idea (receipt, each step of the triage)", ofIdea, ideaConsent},
	{"ambassadors", "ideas", "kvk_number", "the submitter's company (a sole trader's KvK number is personal)", ofIdea, ideaConsent},
	{"ambassadors", "ideas", "organisation", "the submitter's company (a sole trader's trade name is often their own name), shown with the idea and in the report of supported ideas", ofIdea, ideaConsent},
	{"ambassadors", "person_keys", "email_hash", "finding the key an idea's submitter's data on the bus is encrypted with (a SHA-256 of the address)", "until the person's last idea is anonymised or erased", ideaConsent},
	{"ambassadors", "outbox", "payload", "announcing ambassadors to the other services (name, address)", untilSent, publicTask},
	{"ambassadors", "dead_letters", "payload", "messages the service could not apply, kept for an administrator", deadLetter, publicTask},

	{"notifications", "emails", "recipient", "the log of e-mails sent", afterEvent + " (an attendee's); an idea's submitter's until {days} days after it was written; an organiser's or ambassador's as long as their account", consent},
	{"notifications", "mail_queue", "envelope_to", "sending an e-mail", "until it is sent", consent},
	{"notifications", "mail_queue", "letter", "writing an e-mail (name, address, event)", "until it is sent", consent},
	{"notifications", "mail_queue", "message", "sending an e-mail", "until it is sent", consent},
	{"notifications", "attendees", "facts", "reminders and changes of time or place (name, address, language)", afterEvent, consent},
	{"notifications", "ambassadors", "facts", "the ambassadors' term e-mails (name, address)", ofAmbassador, publicTask},
	{"notifications", "organisers", "email", "the organisers' e-mails and digest", ofAccount, contract},
	{"notifications", "organisers", "name", "the organisers' e-mails and digest", ofAccount, contract},
	{"notifications", "webhook_queue", "body", "webhook messages about registrations (name, address) to the receivers an administrator set", "until delivered or given up (at most a few days), or " + afterEvent, consent},
	{"notifications", "dead_letters", "payload", "messages the service could not apply, kept for an administrator", deadLetter, consent},
}

// NotPersonal are the columns whose names look personal but whose values
// are not, each with the reason; the test accepts them.
var NotPersonal = map[string]string{
	"notifications.organisers.organisations": "the ids of the organisations an organiser works for (JSON)",
	"notifications.mail_queue.envelope_from": "Plein's own sender address (PLEIN_MAIL_FROM)",
	"gateway.organisations.name":             "an organisation: a municipality, the KvK, a partner",
	"gateway.organisations.name_key":         "an organisation's name in lower case",
	"gateway.api_tokens.name":                "the label the holder gave a token",
	"events.programmes.name":                 "a programme",
	"events.rooms.name":                      "a room",
	"events.venues.name":                     "a venue",
	"events.venues.address":                  "a venue's address",
	"events.outbox.payload":                  "events, venues and rooms; of an event's contacts only the public ones' name and role (no address or phone), people otherwise only by id",
	"events.dead_letters.payload":            "messages of the other services about programmes and seats; people only by id",
	"registrations.secrets.name":             "the name of a secret of the service",
	"ambassadors.programmes.name":            "a programme",
	"notifications.programmes.name":          "a programme",
	"notifications.outbox.payload":           "erasure confirmations: ids and counts",
}

// personalWords are the words of a column name that mark it as possibly
// personal.
var personalWords = []string{"email", "name", "organisation", "organisations", "phone", "answers", "address",
	"recipient", "envelope", "letter", "message", "facts", "bio", "body", "payload", "summary", "comment"}

// LooksPersonal reports whether a column's name has a word of personal
// data in it (words are separated by underscores). An id, or a list of
// ids, of something else is not: message_id, owner_organisation_ids.
func LooksPersonal(column string) bool {
	words := strings.Split(column, "_")
	if last := words[len(words)-1]; last == "id" || last == "ids" {
		return false
	}
	for _, w := range words {
		for _, p := range personalWords {
			if w == p {
				return true
			}
		}
	}
	return false
}

// Of returns the register with the retention period filled in.
func Of(retentionDays int) Register {
	r := Register{Fields: make([]Field, len(Fields)), Files: make([]File, len(Files))}
	days := strconv.Itoa(retentionDays)
	for i, f := range Fields {
		f.Retention = strings.ReplaceAll(f.Retention, "{days}", days)
		r.Fields[i] = f
	}
	for i, f := range Files {
		f.Retention = strings.ReplaceAll(f.Retention, "{days}", days)
		r.Files[i] = f
	}
	return r
}

// Files is the personal data held outside the databases.
var Files = []File{
	{"notifications", "<data-dir>/mail/*.eml (without PLEIN_SMTP_URL)", "the e-mails as written, for installations without a mail server", afterEvent + " (an attendee's)", consent},
	{"every service", "the NATS JetStream streams", "messages between the services; personal fields of registrations encrypted with the person's key, which erasure and anonymisation delete", "the stream's MaxAge; unreadable once the person's key is deleted", consent},
}
