// Package domain decides which e-mail a registration change calls for and
// writes its text: Dutch, with a short English line. It does no I/O.
package domain

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Kind names what an e-mail is about; it is stored in the e-mail log.
type Kind string

// Kinds of e-mail.
const (
	KindConfirmed  Kind = "registration-confirmed"
	KindWaitlisted Kind = "registration-waitlisted"
	KindPromoted   Kind = "registration-promoted"
	KindCancelled  Kind = "registration-cancelled"
)

// Verbs of the registrations service's RegistrationChanged messages (the
// last token of the subject).
const (
	VerbConfirmed  = "confirmed"
	VerbWaitlisted = "waitlisted"
	VerbPromoted   = "promoted"
	VerbCancelled  = "cancelled"
	VerbCheckedIn  = "checked-in"
	// VerbErased: the person's data was erased on request.
	VerbErased = "erased"
)

// Who cancelled a registration, as the registrations service says in
// Registration.cancelled_by.
const (
	CancelledByAttendee  = "attendee"
	CancelledByOrganiser = "organiser"
	CancelledByEvent     = "event"
	CancelledByErased    = "erased"
)

// ErrInvalid means a change lacks what an e-mail needs.
var ErrInvalid = errors.New("invalid registration change")

// Change is a change of one registration as the registrations service
// announced it, with what it knew of the event at the time.
type Change struct {
	Verb               string
	RegistrationID     string
	EventID            string
	Version            int64
	Name               string
	Email              string
	EventTitle         string
	EventStartsAt      time.Time // zero when unknown
	WaitlistPosition   int       // 0 when unknown
	CancellationReason string
	// CancelledBy is one of the CancelledBy* values for a cancellation.
	CancelledBy string
}

// Cause identifies what an e-mail answers, so that one change never leads
// to two e-mails of a kind.
func (c Change) Cause(k Kind) string {
	return "registration:" + c.RegistrationID + "@" + strconv.FormatInt(c.Version, 10) + "/" + string(k)
}

// Notice is the content of an e-mail.
type Notice struct {
	Kind    Kind
	Subject string
	// Body is plain text with "\n" line ends.
	Body string
}

// Notices writes the e-mails.
type Notices struct {
	// BaseURL is the public URL links point to, e.g. "https://plein.example".
	BaseURL string
	// Zone is where times are shown (Europe/Amsterdam).
	Zone *time.Location
}

// For returns the e-mail c calls for; ok is false when it calls for none
// (a check-in, an unknown verb).
func (n Notices) For(c Change) (notice Notice, ok bool, err error) {
	if c.RegistrationID == "" || c.Email == "" {
		return Notice{}, false, fmt.Errorf("%w: registration id and e-mail address are required", ErrInvalid)
	}
	title := oneLine(c.EventTitle)
	// ev names the event in a Dutch sentence, evEN in the English line.
	ev, evEN, subj := "het evenement", "the event", ""
	if title != "" {
		ev, evEN, subj = quote(title), quote(title), ": "+title
	}
	var b strings.Builder
	greet(&b, c.Name)
	switch c.Verb {
	case VerbConfirmed:
		notice = Notice{Kind: KindConfirmed, Subject: "Aanmelding bevestigd" + subj}
		fmt.Fprintf(&b, "Je aanmelding voor %s is bevestigd.\n\n", ev)
		n.when(&b, c.EventStartsAt)
		n.manage(&b, c.RegistrationID)
		b.WriteString("Tot dan!\n")
		english(&b, fmt.Sprintf("Your registration for %s is confirmed. The link above shows it.", evEN))
	case VerbWaitlisted:
		notice = Notice{Kind: KindWaitlisted, Subject: "Op de wachtlijst" + subj}
		fmt.Fprintf(&b, "Er zijn geen plaatsen meer vrij voor %s. Je staat op de wachtlijst", ev)
		if c.WaitlistPosition > 0 {
			fmt.Fprintf(&b, ", op plaats %d", c.WaitlistPosition)
		}
		b.WriteString(".\nKomt er een plaats vrij, dan krijg je die automatisch en sturen we je een e-mail.\n\n")
		n.when(&b, c.EventStartsAt)
		n.manage(&b, c.RegistrationID)
		line := fmt.Sprintf("No seats are left for %s; you are on the waiting list", evEN)
		if c.WaitlistPosition > 0 {
			line += " at number " + strconv.Itoa(c.WaitlistPosition)
		}
		english(&b, line+". If a seat becomes free it is yours, and we will e-mail you.")
	case VerbPromoted:
		notice = Notice{Kind: KindPromoted, Subject: "Er is een plaats vrij, je bent aangemeld" + subj}
		fmt.Fprintf(&b, "Goed nieuws: er is een plaats vrijgekomen voor %s. Je aanmelding is nu bevestigd.\n\n", ev)
		n.when(&b, c.EventStartsAt)
		n.manage(&b, c.RegistrationID)
		b.WriteString("Kun je toch niet komen? Annuleer dan, zodat iemand anders je plaats krijgt.\n")
		english(&b, fmt.Sprintf("Good news: a seat became free for %s and your registration is now confirmed.", evEN))
	case VerbCancelled:
		notice = Notice{Kind: KindCancelled, Subject: "Aanmelding geannuleerd" + subj}
		reason := oneLine(c.CancellationReason)
		switch c.CancelledBy {
		case CancelledByErased:
			// The person asked for their data to be erased: no mail.
			return Notice{}, false, nil
		case CancelledByAttendee:
			fmt.Fprintf(&b, "Je aanmelding voor %s is geannuleerd, zoals je vroeg.\n", ev)
			english(&b, fmt.Sprintf("Your registration for %s is cancelled, as you asked.", evEN))
		case CancelledByOrganiser, "":
			fmt.Fprintf(&b, "De organisator heeft je aanmelding voor %s geannuleerd.\n", ev)
			english(&b, fmt.Sprintf("The organiser cancelled your registration for %s.", evEN))
		default:
			fmt.Fprintf(&b, "De organisator heeft %s geannuleerd, en daarmee je aanmelding.\n\nReden: %s\n", ev, reason)
			english(&b, fmt.Sprintf("The organiser cancelled %s, and with it your registration. Reason: %s", evEN, reason))
		}
	default:
		return Notice{}, false, nil
	}
	notice.Body = b.String()
	return notice, true, nil
}

func greet(b *strings.Builder, name string) {
	if name = oneLine(name); name == "" {
		name = "deelnemer"
	}
	fmt.Fprintf(b, "Beste %s,\n\n", name)
}

func (n Notices) when(b *strings.Builder, at time.Time) {
	if at.IsZero() {
		return
	}
	fmt.Fprintf(b, "Wanneer: %s\n\n", Dutch(at, n.Zone))
}

// manage points to the registration's page. The manage token is not known
// here (the registrations service keeps only its hash), so the link cannot
// carry it.
func (n Notices) manage(b *strings.Builder, registrationID string) {
	fmt.Fprintf(b, "Je aanmelding bekijken of annuleren:\n%s\n", n.Link(registrationID))
	b.WriteString("Daarvoor heb je de persoonlijke code nodig die je bij het aanmelden kreeg.\n\n")
}

// Link returns the URL of a registration's page.
func (n Notices) Link(registrationID string) string {
	return strings.TrimRight(n.BaseURL, "/") + "/aanmelding/" + url.PathEscape(registrationID)
}

func english(b *strings.Builder, line string) {
	b.WriteString("\nEnglish: ")
	b.WriteString(line)
	b.WriteString("\n\n-- \nPlein\n")
}

var (
	dutchDays   = [...]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}
	dutchMonths = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli",
		"augustus", "september", "oktober", "november", "december"}
)

// Dutch formats t in zone the Dutch way: "dinsdag 3 maart 2026 om 19:30".
func Dutch(t time.Time, zone *time.Location) string {
	if zone != nil {
		t = t.In(zone)
	}
	return fmt.Sprintf("%s %d %s %d om %02d:%02d", dutchDays[t.Weekday()], t.Day(),
		dutchMonths[t.Month()-1], t.Year(), t.Hour(), t.Minute())
}

// oneLine folds line breaks and runs of white space into single spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func quote(s string) string { return "“" + s + "”" }
