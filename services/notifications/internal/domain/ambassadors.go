package domain

import (
	"fmt"
	"strings"
	"time"

	"plein.dev/platform/rule"
)

// TermEndingNotice is how long before the end of their term an ambassador
// is told it ends.
const TermEndingNotice = 30 * 24 * time.Hour

// Statuses of an ambassador, as the ambassadors service says them.
const (
	AmbassadorActive = "active"
	AmbassadorAlumni = "alumni"
)

// Ambassador is what this service knows of an ambassador, from the
// ambassadors service's messages.
type Ambassador struct {
	ID          string `json:"id"`
	ProgrammeID string `json:"programmeId,omitempty"`
	// Programme is the programme's name, when known.
	Programme string `json:"programme,omitempty"`
	Name      string `json:"name,omitempty"`
	Email     string `json:"email,omitempty"`
	// SealedEmail is the address as the ambassadors service's messages
	// carry it (platform/seal, AmbassadorEmailContext); the app opens it
	// into Email. Messages of before it carry Email in clear.
	SealedEmail string `json:"-"`
	// TermEndsOn is the last day of the term, YYYY-MM-DD.
	TermEndsOn string `json:"termEndsOn,omitempty"`
	Status     string `json:"status,omitempty"`
}

// AmbassadorEmailContext binds an ambassador's sealed address to them, as
// the ambassadors service seals it.
func AmbassadorEmailContext(ambassadorID string) string {
	return "ambassador:" + ambassadorID + ":email"
}

// TargetProgress is how far an ambassador is on one target.
type TargetProgress struct {
	// Metric is activities | minutes | entrepreneurs-reached.
	Metric string `json:"metric"`
	// Kind and Theme narrow what counts, when set.
	Kind  string `json:"kind,omitempty"`
	Theme string `json:"theme,omitempty"`
	// Target is the value to reach by To.
	Target        int    `json:"target"`
	From          string `json:"from,omitempty"`
	To            string `json:"to,omitempty"`
	Approved      int    `json:"approved"`
	Pending       int    `json:"pending"`
	ExpectedByNow int    `json:"expectedByNow"`
}

// BehindTarget is the ambassadors service's monthly signal that an
// ambassador is behind on targets.
type BehindTarget struct {
	Ambassador Ambassador
	// AsOf is the day measured, YYYY-MM-DD.
	AsOf    string
	Targets []TargetProgress
}

// AmbassadorFacts is what a letter to an ambassador shows.
type AmbassadorFacts struct {
	ID         string           `json:"id"`
	Programme  string           `json:"programme,omitempty"`
	TermEndsOn string           `json:"termEndsOn,omitempty"`
	AsOf       string           `json:"asOf,omitempty"`
	Targets    []TargetProgress `json:"targets,omitempty"`
}

// BehindTargetCause allows one e-mail per ambassador and calendar month.
func BehindTargetCause(ambassadorID, asOf string) string {
	month := asOf
	if len(month) >= 7 {
		month = month[:7]
	}
	return "behind-target:" + ambassadorID + ":" + month
}

// TermEndingCause and TermEndedCause allow one e-mail of each per term
// (a term extended to a new end is another term).
func TermEndingCause(a Ambassador) string { return "term-ending:" + a.ID + ":" + a.TermEndsOn }

// TermEndedCause: see TermEndingCause.
func TermEndedCause(a Ambassador) string { return "term-ended:" + a.ID + ":" + a.TermEndsOn }

// TermEndingDue reports whether an active ambassador is told at now that
// their term ends: from TermEndingNotice before its last day until that
// day. Days are those of zone.
func TermEndingDue(a Ambassador, now time.Time, zone *time.Location) bool {
	if a.Status != AmbassadorActive || a.TermEndsOn == "" {
		return false
	}
	last, err := time.ParseInLocation(time.DateOnly, a.TermEndsOn, zone)
	if err != nil {
		return false
	}
	today := now.In(zone).Format(time.DateOnly)
	from := last.Add(-TermEndingNotice).Format(time.DateOnly)
	return today >= from && today <= a.TermEndsOn
}

// BehindTargetLetter returns the e-mail telling an ambassador where they
// stand.
func BehindTargetLetter(b BehindTarget) (Letter, error) {
	a := b.Ambassador
	if err := a.addressable(); err != nil {
		return Letter{}, err
	}
	return Letter{Kind: KindBehindTarget, Language: Dutch, To: Recipient{Name: a.Name, Email: a.Email},
		Ambassador: &AmbassadorFacts{ID: a.ID, Programme: a.Programme, AsOf: b.AsOf, Targets: b.Targets}}, nil
}

// TermLetter returns the e-mail telling an ambassador their term ends
// soon (KindTermEnding) or has ended (KindTermEnded).
func TermLetter(k Kind, a Ambassador) (Letter, error) {
	if err := a.addressable(); err != nil {
		return Letter{}, err
	}
	return Letter{Kind: k, Language: Dutch, To: Recipient{Name: a.Name, Email: a.Email},
		Ambassador: &AmbassadorFacts{ID: a.ID, Programme: a.Programme, TermEndsOn: a.TermEndsOn}}, nil
}

func (a Ambassador) addressable() error {
	switch {
	case a.ID == "":
		return rule.InvalidField("ambassadorId", "is required for an e-mail")
	case a.Email == "":
		return rule.InvalidField("email", "is required for an e-mail")
	}
	return nil
}

// ambassador writes the letters to an ambassador.
func (w Writer) ambassador(c *Content, t *texts, l Letter) error {
	a := *l.Ambassador
	programme, subj := t.TheProgramme, ""
	if p := oneLine(a.Programme); p != "" {
		programme, subj = p, ": "+p
	}
	switch l.Kind {
	case KindBehindTarget:
		c.Subject = t.SubjectBehind + subj
		c.text(fmt.Sprintf(t.Behind, t.day(a.AsOf), programme))
		facts := make([]Fact, 0, len(a.Targets))
		for _, tp := range a.Targets {
			facts = append(facts, Fact{Label: t.target(tp), Value: t.progress(tp)})
		}
		c.facts(facts...)
	case KindTermEnding:
		c.Subject = fmt.Sprintf(t.SubjectTermEnding, t.day(a.TermEndsOn))
		c.text(fmt.Sprintf(t.TermEnding, programme, t.day(a.TermEndsOn)))
		c.text(t.TermEndingNext)
	case KindTermEnded:
		c.Subject = t.SubjectTermEnded + subj
		c.text(fmt.Sprintf(t.TermEnded, programme, t.day(a.TermEndsOn)))
		c.text(t.TermEndedNext)
	default:
		return fmt.Errorf("no %s letter to an ambassador", l.Kind)
	}
	c.Blocks = append(c.Blocks, Block{Link: &Link{Label: t.Portal, URL: w.PortalURL()}})
	return nil
}

// target names a target: its metric, narrowed to a kind or theme.
func (tx *texts) target(tp TargetProgress) string {
	name := tp.Metric
	switch tp.Metric {
	case "activities":
		name = tx.MetricActivities
	case "minutes":
		name = tx.MetricMinutes
	case "entrepreneurs-reached":
		name = tx.MetricReached
	}
	var narrow []string
	if tp.Kind != "" {
		kind, ok := tx.Kinds[tp.Kind]
		if !ok {
			kind = oneLine(tp.Kind)
		}
		narrow = append(narrow, kind)
	}
	if tp.Theme != "" {
		narrow = append(narrow, fmt.Sprintf(tx.Theme, oneLine(tp.Theme)))
	}
	if len(narrow) > 0 {
		name += " (" + strings.Join(narrow, ", ") + ")"
	}
	return name
}

// progress says how far an ambassador is on a target.
func (tx *texts) progress(tp TargetProgress) string {
	if tp.Pending > 0 {
		return fmt.Sprintf(tx.ProgressPending, tp.Approved, tp.Target, tp.ExpectedByNow, tp.Pending)
	}
	return fmt.Sprintf(tx.Progress, tp.Approved, tp.Target, tp.ExpectedByNow)
}
