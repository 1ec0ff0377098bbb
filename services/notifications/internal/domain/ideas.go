package domain

import (
	"fmt"

	"plein.dev/platform/rule"
)

// Kinds of the e-mails to an entrepreneur who submitted an idea.
const (
	// KindIdeaReceived: the receipt of a submitted idea.
	KindIdeaReceived Kind = "idea-received"
	// KindIdeaUpdated: the organisers moved the idea on (in behandeling,
	// ondersteund, afgewezen), with their note.
	KindIdeaUpdated Kind = "idea-updated"
)

// The statuses of an idea, as the ambassadors service says them.
const (
	IdeaNew        = "new"
	IdeaInProgress = "in-behandeling"
	IdeaSupported  = "ondersteund"
	IdeaRejected   = "afgewezen"
)

// Idea is what an IdeaChanged message says of an idea, its submitter's
// name and address opened from the sealed personal part.
type Idea struct {
	ID          string
	ProgrammeID string
	Version     int64
	Name        string
	Email       string
	Title       string
	Status      string
	Note        string
	Language    string
}

// IdeaFacts is what a letter about an idea shows.
type IdeaFacts struct {
	ID        string `json:"id"`
	Title     string `json:"title,omitempty"`
	Programme string `json:"programme,omitempty"`
	Status    string `json:"status"`
	Note      string `json:"note,omitempty"`
}

// IdeaCause allows one e-mail per version of an idea: the receipt, then
// one per step of the triage.
func IdeaCause(i Idea) string { return fmt.Sprintf("idea:%s@%d", i.ID, i.Version) }

// IdeaLetter returns the e-mail to the submitter of an idea: the receipt
// when it was submitted, else its new status with the organisers' note;
// in the language of the form. programme is the programme's name, when
// known.
func IdeaLetter(i Idea, submitted bool, programme string) (Letter, error) {
	switch {
	case i.ID == "":
		return Letter{}, rule.InvalidField("ideaId", "is required for an e-mail")
	case i.Email == "":
		return Letter{}, rule.InvalidField("email", "is required for an e-mail")
	}
	k := KindIdeaUpdated
	if submitted {
		k = KindIdeaReceived
	}
	return Letter{Kind: k, Language: LanguageOf(i.Language), To: Recipient{Name: i.Name, Email: i.Email},
		Idea: &IdeaFacts{ID: i.ID, Title: i.Title, Programme: programme, Status: i.Status, Note: i.Note}}, nil
}

// ideaTexts are the words of the e-mails about ideas, per language.
type ideaTexts struct {
	SubjectReceived, Received, ReceivedNext string
	SubjectUpdated, Updated                 string
	Statuses                                map[string]string
	StatusNext                              map[string]string
	Note, TheIdea, TheProgramme             string
}

var ideaWords = map[string]ideaTexts{
	Dutch: {
		SubjectReceived: "We hebben uw idee ontvangen",
		Received:        "Dank u wel voor uw idee %s voor %s. We hebben het ontvangen.",
		ReceivedNext:    "De organisatoren van het programma bekijken het. U hoort per e-mail hoe het verdergaat.",
		SubjectUpdated:  "Uw idee is %s",
		Updated:         "Uw idee %s voor %s is %s.",
		Statuses: map[string]string{IdeaNew: "nieuw", IdeaInProgress: "in behandeling",
			IdeaSupported: "ondersteund", IdeaRejected: "afgewezen"},
		StatusNext: map[string]string{
			IdeaInProgress: "De organisatoren werken het verder uit. U hoort van ons zodra er een besluit is.",
			IdeaSupported:  "Het programma gaat uw idee ondersteunen. De organisatoren nemen contact met u op.",
			IdeaRejected:   "Het programma ondersteunt uw idee niet. Dank u wel dat u het met ons deelde.",
		},
		Note:         "Toelichting",
		TheIdea:      "uw idee",
		TheProgramme: "het programma",
	},
	English: {
		SubjectReceived: "We have received your idea",
		Received:        "Thank you for your idea %s for %s. We have received it.",
		ReceivedNext:    "The programme's organisers will look at it. We will tell you by e-mail how it goes on.",
		SubjectUpdated:  "Your idea is %s",
		Updated:         "Your idea %s for %s is %s.",
		Statuses: map[string]string{IdeaNew: "new", IdeaInProgress: "being considered",
			IdeaSupported: "supported", IdeaRejected: "declined"},
		StatusNext: map[string]string{
			IdeaInProgress: "The organisers are looking into it further. We will let you know once it is decided.",
			IdeaSupported:  "The programme will support your idea. The organisers will contact you.",
			IdeaRejected:   "The programme will not support your idea. Thank you for sharing it with us.",
		},
		Note:         "Note",
		TheIdea:      "your idea",
		TheProgramme: "the programme",
	},
}

// idea writes the letters about an idea to its submitter.
func (w Writer) idea(c *Content, l Letter) error {
	t := ideaWords[LanguageOf(l.Language)]
	i := *l.Idea
	title, programme := t.TheIdea, t.TheProgramme
	if s := oneLine(i.Title); s != "" {
		title = "“" + s + "”"
	}
	if s := oneLine(i.Programme); s != "" {
		programme = s
	}
	switch l.Kind {
	case KindIdeaReceived:
		c.Subject = t.SubjectReceived
		c.text(fmt.Sprintf(t.Received, title, programme))
		c.text(t.ReceivedNext)
	case KindIdeaUpdated:
		status, ok := t.Statuses[i.Status]
		if !ok {
			return fmt.Errorf("an idea of status %q", i.Status)
		}
		c.Subject = fmt.Sprintf(t.SubjectUpdated, status)
		c.text(fmt.Sprintf(t.Updated, title, programme, status))
		if note := i.Note; note != "" {
			c.Blocks = append(c.Blocks, Block{Text: t.Note + ":\n" + note})
		}
		if next := t.StatusNext[i.Status]; next != "" {
			c.text(next)
		}
	default:
		return fmt.Errorf("no %s letter about an idea", l.Kind)
	}
	return nil
}
