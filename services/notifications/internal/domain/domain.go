// Package domain decides which e-mail a change calls for and what it says.
// A change of a registration (registrations.go) or of an ambassador
// (ambassadors.go), or a reminder falling due (reminders.go), becomes a
// Letter: the kind of e-mail, its recipient and language, and the facts it
// shows, with the manage token only in sealed form. At delivery a Writer
// (write.go, with the texts of texts.go) turns a Letter into Content:
// subject, paragraphs, facts, links, the calendar entry and the check-in
// code. The e-mail log's types are in emails.go. It does no I/O.
package domain

// Kind names what an e-mail is about; it is stored in the e-mail log.
type Kind string

// Kinds of e-mail.
const (
	KindConfirmed  Kind = "registration-confirmed"
	KindWaitlisted Kind = "registration-waitlisted"
	KindPromoted   Kind = "registration-promoted"
	KindCancelled  Kind = "registration-cancelled"
	// KindRescheduled: the event of the registration moved in time or
	// place.
	KindRescheduled Kind = "event-rescheduled"
	// KindReminder: the event starts soon.
	KindReminder Kind = "event-reminder"
	// KindBehindTarget: an ambassador is behind on the programme's targets.
	KindBehindTarget Kind = "ambassador-behind-target"
	// KindTermEnding: an ambassador's term ends in TermEndingNotice.
	KindTermEnding Kind = "ambassador-term-ending"
	// KindTermEnded: an ambassador's term ended.
	KindTermEnded Kind = "ambassador-term-ended"
)

// Languages e-mails are written in.
const (
	Dutch   = "nl"
	English = "en"
)

// LanguageOf returns the language to write to someone who chose lang:
// English when they chose it, Dutch otherwise.
func LanguageOf(lang string) string {
	if lang == English {
		return English
	}
	return Dutch
}
