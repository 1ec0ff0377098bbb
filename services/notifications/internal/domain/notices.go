package domain

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"plein.dev/platform/rule"
)

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
	// Zone is where times are shown (zone.Amsterdam).
	Zone *time.Location
}

// For returns the e-mail c calls for; ok is false when it calls for none
// (a cancellation because the person's data was erased). A change that
// calls for an e-mail but names no registration or address is refused
// with a *rule.Error.
func (n Notices) For(c Change) (notice Notice, ok bool, err error) {
	if c.Happened == Cancelled && c.CancelledBy == CancelledByErased {
		// The person asked for their data to be erased: no mail.
		return Notice{}, false, nil
	}
	switch {
	case c.RegistrationID == "":
		return Notice{}, false, rule.InvalidField("registrationId", "is required for an e-mail")
	case c.Email == "":
		return Notice{}, false, rule.InvalidField("email", "is required for an e-mail")
	}
	title := oneLine(c.EventTitle)
	// ev names the event in a Dutch sentence, evEN in the English line.
	ev, evEN, subj := "het evenement", "the event", ""
	if title != "" {
		ev, evEN, subj = quote(title), quote(title), ": "+title
	}
	var b strings.Builder
	greet(&b, c.Name)
	switch c.Happened {
	case Confirmed:
		notice = Notice{Kind: KindConfirmed, Subject: "Aanmelding bevestigd" + subj}
		fmt.Fprintf(&b, "Je aanmelding voor %s is bevestigd.\n\n", ev)
		n.when(&b, c.EventStartsAt)
		n.manage(&b, c.RegistrationID)
		b.WriteString("Tot dan!\n")
		english(&b, fmt.Sprintf("Your registration for %s is confirmed. The link above shows it.", evEN))
	case Waitlisted:
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
	case Promoted:
		notice = Notice{Kind: KindPromoted, Subject: "Er is een plaats vrij, je bent aangemeld" + subj}
		fmt.Fprintf(&b, "Goed nieuws: er is een plaats vrijgekomen voor %s. Je aanmelding is nu bevestigd.\n\n", ev)
		n.when(&b, c.EventStartsAt)
		n.manage(&b, c.RegistrationID)
		b.WriteString("Kun je toch niet komen? Annuleer dan, zodat iemand anders je plaats krijgt.\n")
		english(&b, fmt.Sprintf("Good news: a seat became free for %s and your registration is now confirmed.", evEN))
	case Cancelled:
		notice = Notice{Kind: KindCancelled, Subject: "Aanmelding geannuleerd" + subj}
		n.cancelled(&b, c, ev, evEN)
	case Rescheduled:
		notice = Notice{Kind: KindRescheduled, Subject: "Gewijzigd tijdstip of plaats" + subj}
		n.rescheduled(&b, c, ev, evEN)
	default:
		return Notice{}, false, nil
	}
	notice.Body = b.String()
	return notice, true, nil
}

// cancelled writes one of three wordings: the attendee cancelled, the
// organiser cancelled the registration, or the organiser cancelled the
// event (with the reason).
func (n Notices) cancelled(b *strings.Builder, c Change, ev, evEN string) {
	switch c.CancelledBy {
	case CancelledByAttendee:
		fmt.Fprintf(b, "Je aanmelding voor %s is geannuleerd, zoals je vroeg.\n", ev)
		english(b, fmt.Sprintf("Your registration for %s is cancelled, as you asked.", evEN))
	case CancelledByOrganiser, "":
		fmt.Fprintf(b, "De organisator heeft je aanmelding voor %s geannuleerd.\n", ev)
		english(b, fmt.Sprintf("The organiser cancelled your registration for %s.", evEN))
	default:
		reason := oneLine(c.CancellationReason)
		fmt.Fprintf(b, "De organisator heeft %s geannuleerd, en daarmee je aanmelding.\n\nReden: %s\n", ev, reason)
		english(b, fmt.Sprintf("The organiser cancelled %s, and with it your registration. Reason: %s", evEN, reason))
	}
}

// rescheduled tells the attendee that the event moved: the new time and
// place, then the old ones, and that the registration stands.
func (n Notices) rescheduled(b *strings.Builder, c Change, ev, evEN string) {
	fmt.Fprintf(b, "Het tijdstip of de plaats van %s is gewijzigd.\n\n", ev)
	b.WriteString("Nieuw:\n")
	n.span(b, c.EventStartsAt, c.EventEndsAt)
	where(b, c.EventLocation)
	if !c.PreviousStartsAt.IsZero() || oneLine(c.PreviousLocation) != "" {
		b.WriteString("\nEerder:\n")
		n.span(b, c.PreviousStartsAt, time.Time{})
		where(b, c.PreviousLocation)
	}
	b.WriteString("\n")
	if c.Status == StatusWaitlisted {
		b.WriteString("Je staat nog steeds op de wachtlijst.\n")
	} else {
		b.WriteString("Je aanmelding blijft staan.\n")
	}
	b.WriteString("Kun je op het nieuwe tijdstip niet? Annuleer dan, zodat iemand anders je plaats krijgt.\n\n")
	n.manage(b, c.RegistrationID)
	english(b, fmt.Sprintf("The time or place of %s has changed; the new time and place are above. "+
		"Your registration stands; if you cannot come, please cancel.", evEN))
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

// span writes "Wanneer: <start>", with " tot <end>" (the time only when on
// the same day), if the start is known.
func (n Notices) span(b *strings.Builder, start, end time.Time) {
	if start.IsZero() {
		return
	}
	fmt.Fprintf(b, "Wanneer: %s", Dutch(start, n.Zone))
	if !end.IsZero() && end.After(start) {
		s, e := start, end
		if n.Zone != nil {
			s, e = start.In(n.Zone), end.In(n.Zone)
		}
		if s.YearDay() == e.YearDay() && s.Year() == e.Year() {
			fmt.Fprintf(b, " tot %02d:%02d", e.Hour(), e.Minute())
		} else {
			fmt.Fprintf(b, " tot %s", Dutch(end, n.Zone))
		}
	}
	b.WriteString("\n")
}

func where(b *strings.Builder, location string) {
	if location = oneLine(location); location != "" {
		fmt.Fprintf(b, "Waar: %s\n", location)
	}
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
