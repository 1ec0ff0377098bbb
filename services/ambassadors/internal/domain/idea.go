package domain

import (
	"fmt"
	"strings"
	"time"

	"plein.dev/platform/rule"
)

// IdeaStatus is where an organiser's triage of an idea stands.
type IdeaStatus string

// The statuses of an idea: new -> in-behandeling -> ondersteund |
// afgewezen (also straight from new). A decided idea stays decided.
const (
	IdeaNew        IdeaStatus = "new"
	IdeaInProgress IdeaStatus = "in-behandeling"
	IdeaSupported  IdeaStatus = "ondersteund"
	IdeaRejected   IdeaStatus = "afgewezen"
)

// Decided reports whether s is a final decision.
func (s IdeaStatus) Decided() bool { return s == IdeaSupported || s == IdeaRejected }

// Limits on an idea, as the form's contract has them.
const (
	MaxIdeaThemes     = 10
	MaxIdeaNote       = 2000
	MaxIdeaTitle      = 200
	MaxIdeaText       = 5000
	MaxIdeaNameLength = 200
)

// Idea is an entrepreneur's idea for a programme. Name, Email and
// KvKNumber are the submitter's personal data: shown to the programme's
// organisers only, never in clear on the bus, emptied — Organisation with
// them, as a sole trader's trade name is often their own — on erasure and
// once the retention period has passed after the decision (after the
// submission for an idea never decided).
type Idea struct {
	ID           string
	ProgrammeID  string
	Name         string
	Email        string
	Organisation string
	KvKNumber    string
	Title        string
	Description  string
	Themes       []string
	Status       IdeaStatus
	// Note is the organiser's note with the last decision.
	Note string
	// Language is nl or en: the form's, which the e-mails are written in.
	Language string
	// DecidedAt is when it became ondersteund or afgewezen.
	DecidedAt *time.Time
	// ProgrammeOwners are the owning organisations of the programme (read
	// with the idea, not stored with it).
	ProgrammeOwners []string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Version         int64
}

// NewIdea checks a submitted idea against its programme: the programme
// takes ideas while active; the themes are the programme's (stored as it
// spells them); the address is trimmed; the language is nl unless en.
func NewIdea(p Programme, i Idea) (Idea, error) {
	if p.Status != ProgrammeActive {
		return Idea{}, rule.Broken("the programme is closed: it takes no ideas")
	}
	i.ProgrammeID = p.ID
	i.Name, i.Email = strings.TrimSpace(i.Name), strings.TrimSpace(i.Email)
	i.Organisation, i.KvKNumber = strings.TrimSpace(i.Organisation), strings.TrimSpace(i.KvKNumber)
	i.Title, i.Description = strings.TrimSpace(i.Title), strings.TrimSpace(i.Description)
	for _, f := range []struct{ field, value string }{{"name", i.Name}, {"email", i.Email}, {"title", i.Title}, {"description", i.Description}} {
		if err := required(f.field, f.value); err != nil {
			return Idea{}, err
		}
	}
	if !strings.Contains(i.Email, "@") {
		return Idea{}, rule.InvalidField("email", "must be a valid e-mail address")
	}
	if i.KvKNumber != "" && !kvk(i.KvKNumber) {
		return Idea{}, rule.InvalidField("kvkNumber", "must be eight digits")
	}
	if i.Language != "en" {
		i.Language = "nl"
	}
	themes, err := cleanList("themes", i.Themes, MaxIdeaThemes, MaxThemeLen)
	if err != nil {
		return Idea{}, err
	}
	i.Themes = make([]string, 0, len(themes))
	for _, t := range themes {
		canonical := ""
		for _, pt := range p.Themes {
			if strings.EqualFold(pt, t) {
				canonical = pt
				break
			}
		}
		if canonical == "" {
			return Idea{}, broken("themes", fmt.Sprintf("%q is not a theme of the programme", t))
		}
		i.Themes = append(i.Themes, canonical)
	}
	i.ProgrammeOwners = p.Owners
	i.Status = IdeaNew
	return i, nil
}

func kvk(s string) bool {
	if len(s) != 8 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Triage moves the idea to status with the organiser's note at now: from
// new to in-behandeling, or from new or in-behandeling to ondersteund or
// afgewezen. A decided idea no longer moves, and an idea does not move to
// where it is.
func (i *Idea) Triage(to IdeaStatus, note string, now time.Time) error {
	switch {
	case i.Status.Decided():
		return broken("status", fmt.Sprintf("the idea was decided (%s) and no longer changes", i.Status))
	case to != IdeaInProgress && !to.Decided():
		return broken("status", "must be in-behandeling, ondersteund or afgewezen")
	case to == i.Status:
		return broken("status", fmt.Sprintf("the idea is %s already", to))
	case len([]rune(note)) > MaxIdeaNote:
		return broken("note", fmt.Sprintf("must be at most %d characters", MaxIdeaNote))
	}
	i.Status, i.Note = to, strings.TrimSpace(note)
	if to.Decided() {
		at := now
		i.DecidedAt = &at
	}
	i.UpdatedAt = now
	i.Version++
	return nil
}
