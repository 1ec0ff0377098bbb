package domain

import (
	"slices"
)

// Attendee is what the companies an event reached are read from: a
// confirmed registration's KvK number ("" when none was given) and whether
// it was checked in.
type Attendee struct {
	KvKNumber string `db:"kvk_number"`
	CheckedIn bool   `db:"checked_in"`
}

// CompaniesReached returns the distinct KvK numbers, sorted, of the
// companies an event reached: those of the attendees checked in, or, when
// nobody was checked in (the organiser kept no list at the door), those of
// everyone confirmed. Attendees without a number count for whether anybody
// was checked in, and add no number.
func CompaniesReached(confirmed []Attendee) []string {
	anyCheckedIn := slices.ContainsFunc(confirmed, func(a Attendee) bool { return a.CheckedIn })
	var out []string
	for _, a := range confirmed {
		if a.KvKNumber == "" || (anyCheckedIn && !a.CheckedIn) {
			continue
		}
		out = append(out, a.KvKNumber)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
