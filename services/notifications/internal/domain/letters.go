package domain

import (
	"encoding/json"
	"fmt"
)

// Recipient is whom an e-mail goes to.
type Recipient struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email"`
}

// Letter is an e-mail decided on but not yet written: its kind, recipient
// and language and the facts it shows. The mail queue keeps it (as JSON)
// until delivery; it holds the manage token only sealed, so the token is
// never stored in clear. An account letter's link is the exception: the
// gateway made it and holds no key this service could open, so its
// one-time token waits in clear in the queued letter until the e-mail is
// sent (the queue row is then deleted). Writer.Write turns it into Content.
type Letter struct {
	Kind     Kind      `json:"kind"`
	Language string    `json:"language"`
	To       Recipient `json:"to"`
	// Registration: the letters to attendees.
	Registration *Registration `json:"registration,omitempty"`
	// Previous: for KindRescheduled, the event before it moved.
	Previous *Event `json:"previous,omitempty"`
	// Ambassador: the letters to ambassadors.
	Ambassador *AmbassadorFacts `json:"ambassador,omitempty"`
	// Organiser: the letters to the organisers of the programmes.
	Organiser *OrganiserFacts `json:"organiser,omitempty"`
	// Account: the letters carrying an account's one-time link.
	Account *AccountLink `json:"account,omitempty"`
	// Idea: the letters to the submitter of an idea.
	Idea *IdeaFacts `json:"idea,omitempty"`
	// Trace is the trace context (a W3C traceparent) the letter was
	// written in, so that sending it joins that trace; "" outside one.
	Trace string `json:"trace,omitempty"`
}

// MarshalLetter returns the stored form of l.
func MarshalLetter(l Letter) ([]byte, error) {
	b, err := json.Marshal(l)
	if err != nil {
		return nil, fmt.Errorf("letter %s: %w", l.Kind, err)
	}
	return b, nil
}

// UnmarshalLetter reads the stored form of a letter.
func UnmarshalLetter(b []byte) (Letter, error) {
	var l Letter
	if err := json.Unmarshal(b, &l); err != nil {
		return Letter{}, fmt.Errorf("read letter: %w", err)
	}
	return l, nil
}
