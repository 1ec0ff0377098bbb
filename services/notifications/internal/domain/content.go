package domain

import "plein.dev/platform/ical"

// Content is a written e-mail, before it is put into MIME: the same blocks
// become the plain-text part and the HTML part.
type Content struct {
	// Language is the language it is written in (Content-Language).
	Language string
	Subject  string
	Blocks   []Block
	// Calendar, when set, is attached as CalendarFile (an .ics file).
	Calendar     *ical.Calendar
	CalendarFile string
	// CheckInCode, when set, is shown as a QR code where a block asks.
	CheckInCode string
	// Unsubscribe, when set, is the List-Unsubscribe URL; OneClick says
	// a POST to it unsubscribes (RFC 8058 List-Unsubscribe-Post).
	Unsubscribe string
	OneClick    bool
}

// Block is one part of an e-mail's text: a paragraph, a list of facts
// (headed by Text when set), a link, or the place of the check-in QR code.
type Block struct {
	// Text is a paragraph, or the heading of Facts; "\n" breaks a line.
	Text  string
	Facts []Fact
	Link  *Link
	// QR places the QR code of Content.CheckInCode (HTML only: the
	// plain text states the code in a paragraph).
	QR bool
}

// Fact is a labelled value, e.g. "Wanneer: donderdag 4 juni 2026 om 19:00".
type Fact struct {
	Label string
	Value string
	// URL, when set, makes the value a link.
	URL string
}

// Link is a call to act: a label and where it leads.
type Link struct {
	Label string
	URL   string
}
