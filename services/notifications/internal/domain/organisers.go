package domain

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"plein.dev/platform/rule"
)

// Kinds of the e-mails to the organisers of the programmes.
const (
	// KindOrganiserTermEnding and KindOrganiserTermEnded: the organisers'
	// copy of an ambassador's term ending soon, or ended.
	KindOrganiserTermEnding Kind = "organiser-term-ending"
	KindOrganiserTermEnded  Kind = "organiser-term-ended"
	// KindProposal: an ambassador proposed an event.
	KindProposal Kind = "organiser-new-proposal"
	// KindEventFull: the last seat of an event was taken.
	KindEventFull Kind = "organiser-event-full"
	// KindDigest: the daily registration digest, for organisers who ask
	// for it.
	KindDigest Kind = "organiser-digest"
)

// RoleOrganiser is the role of an account that organises the programmes.
const RoleOrganiser = "organiser"

// AccountEmailContext and AccountNameContext bind an account's sealed
// address and name to it (platform/seal), as the gateway seals them.
func AccountEmailContext(userID string) string { return "account:" + userID + ":email" }

// AccountNameContext: see AccountEmailContext.
func AccountNameContext(userID string) string { return "account:" + userID + ":name" }

// UnsubscribeContext binds the sealed user id of a digest's unsubscribe
// link (platform/seal): the gateway opens it with the same context.
const UnsubscribeContext = "digest-unsubscribe"

// ProposalNoticeWindow is how old a proposal may be and still be
// announced: a consumer catching up on old messages mails nothing stale.
const ProposalNoticeWindow = 7 * 24 * time.Hour

// Account is an account as the gateway announces it: its address and
// name sealed (SealedEmail, SealedName), opened into Email and Name.
type Account struct {
	ID                      string
	SealedEmail, SealedName string
	Email                   string
	Name                    string
	Language                string
	Roles                   []string
	Active                  bool
	Digest                  bool
	// OrganisationIDs are the organisations the person works for.
	OrganisationIDs []string
}

// Organiser is an organiser of the programmes: an active account with the
// organiser role, who manages what their organisations own (Manages).
type Organiser struct {
	ID       string
	Email    string
	Name     string
	Language string
	Digest   bool
	// Organisations: as announced, or the default organisation when the
	// account was announced without any (before organisations).
	Organisations []string
}

// Organiser returns the organiser an account is, and false when it is no
// (active, addressable) organiser.
func (a Account) Organiser() (Organiser, bool) {
	if !a.Active || a.Email == "" || !slices.Contains(a.Roles, RoleOrganiser) {
		return Organiser{}, false
	}
	return Organiser{ID: a.ID, Email: a.Email, Name: a.Name, Language: LanguageOf(a.Language), Digest: a.Digest,
		Organisations: OwnersOrDefault(a.OrganisationIDs)}, true
}

// EventFacts is what this service knows of an event, from the events
// service's messages, and what the letters to organisers show of it.
type EventFacts struct {
	ID       string    `json:"id"`
	Title    string    `json:"title,omitempty"`
	StartsAt time.Time `json:"startsAt,omitzero"`
	EndsAt   time.Time `json:"endsAt,omitzero"`
	Status   string    `json:"status,omitempty"`
	Capacity int       `json:"capacity,omitempty"`
	// ProposedBy is the name of the ambassador who proposed it.
	ProposedBy string `json:"proposedBy,omitempty"`
	// Owners are the organisations that own the event.
	Owners []string `json:"owners,omitempty"`
}

// Seats are an event's counts, as the registrations service reports them.
type Seats struct {
	EventID  string
	Capacity int
	Taken    int
	Waitlist int
	Free     int
}

// Full reports whether no seat is left of a limited capacity.
func (s Seats) Full() bool { return s.Capacity > 0 && s.Free <= 0 }

// DigestLine is one event in a digest: its counts at the end of the day
// and how many seats were taken more (or fewer) than at its start.
type DigestLine struct {
	Event    EventFacts `json:"event"`
	Taken    int        `json:"taken"`
	Change   int        `json:"change"`
	Waitlist int        `json:"waitlist"`
}

// Digest is a day of registrations: every event whose counts changed.
type Digest struct {
	// Day is the day the digest is sent, YYYY-MM-DD.
	Day    string       `json:"day"`
	Events []DigestLine `json:"events"`
}

// OrganiserFacts is what a letter to an organiser shows.
type OrganiserFacts struct {
	// UserID is the organiser's account (for the digest's unsubscribe
	// link).
	UserID string `json:"userId"`
	// AmbassadorName, with Ambassador: a term ending or ended.
	AmbassadorName string           `json:"ambassadorName,omitempty"`
	Ambassador     *AmbassadorFacts `json:"ambassador,omitempty"`
	Event          *EventFacts      `json:"event,omitempty"`
	Digest         *Digest          `json:"digest,omitempty"`
}

// OrganiserTermCause allows one copy of each term e-mail per organiser.
func OrganiserTermCause(k Kind, a Ambassador, organiserID string) string {
	verb := "term-ending"
	if k == KindOrganiserTermEnded {
		verb = "term-ended"
	}
	return verb + ":" + a.ID + ":" + a.TermEndsOn + ":organiser:" + organiserID
}

// ProposalCause allows one e-mail per proposed event and organiser.
func ProposalCause(eventID, organiserID string) string {
	return "proposal:" + eventID + ":" + organiserID
}

// EventFullCause allows one e-mail per organiser each time an event
// fills up (episode counts the times it did).
func EventFullCause(eventID string, episode int, organiserID string) string {
	return fmt.Sprintf("event-full:%s:%d:%s", eventID, episode, organiserID)
}

// DigestCause allows one digest per organiser and day.
func DigestCause(organiserID, day string) string { return "digest:" + organiserID + ":" + day }

func (o Organiser) letter(k Kind, f OrganiserFacts) (Letter, error) {
	switch {
	case o.ID == "":
		return Letter{}, rule.InvalidField("userId", "is required for an e-mail")
	case o.Email == "":
		return Letter{}, rule.InvalidField("email", "is required for an e-mail")
	}
	f.UserID = o.ID
	return Letter{Kind: k, Language: LanguageOf(o.Language), To: Recipient{Name: o.Name, Email: o.Email}, Organiser: &f}, nil
}

// OrganiserTermLetter returns the organiser's copy of an ambassador's
// term ending (KindOrganiserTermEnding) or ended (KindOrganiserTermEnded).
func OrganiserTermLetter(k Kind, o Organiser, a Ambassador) (Letter, error) {
	return o.letter(k, OrganiserFacts{AmbassadorName: a.Name,
		Ambassador: &AmbassadorFacts{ID: a.ID, Programme: a.Programme, TermEndsOn: a.TermEndsOn}})
}

// ProposalLetter returns the e-mail telling an organiser an event was
// proposed.
func ProposalLetter(o Organiser, ev EventFacts) (Letter, error) {
	return o.letter(KindProposal, OrganiserFacts{Event: &ev})
}

// EventFullLetter returns the e-mail telling an organiser an event is full.
func EventFullLetter(o Organiser, ev EventFacts) (Letter, error) {
	return o.letter(KindEventFull, OrganiserFacts{Event: &ev})
}

// DigestLetter returns an organiser's digest of a day.
func DigestLetter(o Organiser, d Digest) (Letter, error) {
	return o.letter(KindDigest, OrganiserFacts{Digest: &d})
}

// DigestDue returns the day a digest sent at now is for and the span of
// registrations it covers (the day before up to hour o'clock today, in
// zone), and false before hour o'clock.
func DigestDue(now time.Time, hour int, zone *time.Location) (day string, from, to time.Time, ok bool) {
	local := now.In(zone)
	to = time.Date(local.Year(), local.Month(), local.Day(), hour, 0, 0, 0, zone)
	if local.Before(to) {
		return "", time.Time{}, time.Time{}, false
	}
	from = time.Date(local.Year(), local.Month(), local.Day()-1, hour, 0, 0, 0, zone)
	return local.Format(time.DateOnly), from, to, true
}

// organiser writes the letters to an organiser. token is the digest's
// unsubscribe token ("" for a link to the console instead).
func (w Writer) organiser(c *Content, t *texts, l Letter, token string) error {
	o := *l.Organiser
	switch l.Kind {
	case KindOrganiserTermEnding, KindOrganiserTermEnded:
		if o.Ambassador == nil {
			return fmt.Errorf("%s without ambassador", l.Kind)
		}
		a := *o.Ambassador
		name, programme := oneLine(o.AmbassadorName), t.TheProgramme
		if name == "" {
			name = t.AnAmbassador
		}
		if p := oneLine(a.Programme); p != "" {
			programme = p
		}
		if l.Kind == KindOrganiserTermEnding {
			c.Subject = fmt.Sprintf(t.SubjectOrgTermEnding, name, t.day(a.TermEndsOn))
			c.text(fmt.Sprintf(t.OrgTermEnding, name, programme, t.day(a.TermEndsOn)))
		} else {
			c.Subject = fmt.Sprintf(t.SubjectOrgTermEnded, name)
			c.text(fmt.Sprintf(t.OrgTermEnded, name, programme, t.day(a.TermEndsOn)))
		}
		c.Blocks = append(c.Blocks, Block{Link: &Link{Label: t.ToProgrammes, URL: w.base() + "/beheer/programmas"}})
	case KindProposal, KindEventFull:
		if o.Event == nil {
			return fmt.Errorf("%s without event", l.Kind)
		}
		ev := *o.Event
		title := oneLine(ev.Title)
		named := t.TheEvent
		if title != "" {
			named = "“" + title + "”"
		}
		if l.Kind == KindProposal {
			who := oneLine(ev.ProposedBy)
			if who == "" {
				who = t.AnAmbassador
			}
			c.Subject = t.SubjectProposal + ": " + or(title, t.TheEvent)
			c.text(fmt.Sprintf(t.Proposal, who, named))
			c.facts(w.whenWhere(t, Event{StartsAt: ev.StartsAt, EndsAt: ev.EndsAt})...)
			c.text(t.ProposalNext)
			c.Blocks = append(c.Blocks, Block{Link: &Link{Label: t.ToEvent, URL: w.ConsoleEventURL(ev.ID)}})
		} else {
			c.Subject = t.SubjectFull + ": " + or(title, t.TheEvent)
			c.text(fmt.Sprintf(t.Full, ev.Capacity, named))
			c.facts(w.whenWhere(t, Event{StartsAt: ev.StartsAt, EndsAt: ev.EndsAt})...)
			c.text(t.FullNext)
			c.Blocks = append(c.Blocks, Block{Link: &Link{Label: t.ToAttendees, URL: w.ConsoleEventURL(ev.ID) + "/deelnemers"}})
		}
	case KindDigest:
		if o.Digest == nil {
			return fmt.Errorf("%s without digest", l.Kind)
		}
		d := *o.Digest
		c.Subject = fmt.Sprintf(t.SubjectDigest, t.day(d.Day))
		c.text(t.Digest)
		for _, line := range d.Events {
			ev := line.Event
			facts := []Fact{{Label: t.Registered, Value: t.digestCount(line, ev.Capacity)}}
			if line.Waitlist > 0 {
				facts = append(facts, Fact{Label: t.Waitlist, Value: fmt.Sprint(line.Waitlist)})
			}
			facts = append(facts, w.whenWhere(t, Event{StartsAt: ev.StartsAt, EndsAt: ev.EndsAt})...)
			facts = append(facts, Fact{Label: t.Console, Value: w.ConsoleEventURL(ev.ID), URL: w.ConsoleEventURL(ev.ID)})
			c.Blocks = append(c.Blocks, Block{Text: or(oneLine(ev.Title), t.TheEvent), Facts: facts})
		}
		c.Unsubscribe, c.OneClick = w.DigestUnsubscribeURL(token), token != ""
		c.Blocks = append(c.Blocks, Block{Text: t.DigestWhy}, Block{Link: &Link{Label: t.Unsubscribe, URL: c.Unsubscribe}})
	default:
		return fmt.Errorf("no %s letter to an organiser", l.Kind)
	}
	return nil
}

// digestCount says how many seats are taken and the day's change.
func (tx *texts) digestCount(l DigestLine, capacity int) string {
	change := fmt.Sprintf("%+d", l.Change)
	if capacity > 0 {
		return fmt.Sprintf(tx.TakenOf, l.Taken, capacity, change)
	}
	return fmt.Sprintf(tx.Taken, l.Taken, change)
}

// ConsoleEventURL is the link to an event in the organiser console.
func (w Writer) ConsoleEventURL(eventID string) string {
	return w.base() + "/beheer/evenementen/" + url.PathEscape(eventID)
}

// DigestUnsubscribeURL is where an organiser stops the digest: with a
// token, one click (or the one-click POST of RFC 8058); without, their
// account page in the console.
func (w Writer) DigestUnsubscribeURL(token string) string {
	if token == "" {
		return w.base() + "/beheer/account"
	}
	return w.base() + "/dagoverzicht/afmelden?token=" + url.QueryEscape(token)
}

func or(s, otherwise string) string {
	if strings.TrimSpace(s) == "" {
		return otherwise
	}
	return s
}
