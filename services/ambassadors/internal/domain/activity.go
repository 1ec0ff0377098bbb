package domain

import (
	"fmt"
	"strings"
	"time"
)

// Kind is what sort of activity an ambassador logged.
type Kind string

// The kinds of activity.
const (
	KindCompanyVisit        Kind = "company-visit"
	KindPresentation        Kind = "presentation"
	KindWorkshop            Kind = "workshop"
	KindMentoring           Kind = "mentoring"
	KindMunicipalityMeeting Kind = "municipality-meeting"
	KindMedia               Kind = "media"
	KindEventHosted         Kind = "event-hosted"
	KindOther               Kind = "other"
)

// Kinds lists every kind of activity.
func Kinds() []Kind {
	return []Kind{KindCompanyVisit, KindPresentation, KindWorkshop, KindMentoring,
		KindMunicipalityMeeting, KindMedia, KindEventHosted, KindOther}
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, known := range Kinds() {
		if k == known {
			return true
		}
	}
	return false
}

// ReviewStatus is where an organiser's review of an activity stands.
type ReviewStatus string

// The review statuses of an activity.
const (
	ReviewPending  ReviewStatus = "pending"
	ReviewApproved ReviewStatus = "approved"
	ReviewReturned ReviewStatus = "returned"
)

// Limits on an activity.
const (
	MaxDurationMinutes      = 24 * 60
	MaxOrganisations        = 50
	MaxOrganisationLen      = 200
	MaxActivityThemes       = MaxThemes
	MaxEntrepreneursReached = 100000
)

// Activity is something an ambassador did for the programme.
type Activity struct {
	ID           string
	AmbassadorID string
	// ProgrammeID is the ambassador's programme, kept for reports.
	ProgrammeID          string
	Kind                 Kind
	OccurredOn           Date
	DurationMinutes      int
	Summary              string
	EntrepreneursReached int
	Organisations        []string
	Themes               []string
	// Areas are areas of the programme (Programme.ActivityAreas).
	Areas []string
	// Companies are the organisations reached with their KvK numbers;
	// their names are in Organisations too.
	Companies []Company
	// EventID is the event the activity was about, if any.
	EventID      string
	ReviewStatus ReviewStatus
	// ReviewComment is the organiser's comment with the last decision.
	ReviewComment string
	// Attendance is the number of attendees checked in at the event, once
	// the registrations service summarised it.
	Attendance int
	// Credited is set when the service logged the activity itself because
	// an event the ambassador hosted completed.
	Credited  bool
	CreatedAt time.Time
	UpdatedAt time.Time
	Version   int64
}

// Validate checks the rules an activity satisfies on its own. It trims the
// organisations. Date and themes depend on the ambassador and programme:
// see CheckDate and Programme.ActivityThemes.
func (x *Activity) Validate() error {
	if !x.Kind.Valid() {
		return broken("kind", "is not a kind of activity")
	}
	if x.DurationMinutes < 0 || x.DurationMinutes > MaxDurationMinutes {
		return broken("durationMinutes", fmt.Sprintf("must be between 0 and %d", MaxDurationMinutes))
	}
	if err := required("summary", x.Summary); err != nil {
		return err
	}
	if x.EntrepreneursReached < 0 || x.EntrepreneursReached > MaxEntrepreneursReached {
		return broken("entrepreneursReached", fmt.Sprintf("must be between 0 and %d", MaxEntrepreneursReached))
	}
	if err := x.checkCompanies(); err != nil { // companies.go: their names join the organisations
		return err
	}
	orgs, err := cleanList("organisations", x.Organisations, MaxOrganisations, MaxOrganisationLen)
	if err != nil {
		return err
	}
	x.Organisations = orgs
	return nil
}

// CheckDate refuses occurredOn (a broken rule) unless day d lies within
// the ambassador's term (first and last day included) and is not after
// today.
func CheckDate(a *Ambassador, d, today Date) error {
	switch {
	case d.After(today):
		return broken("occurredOn", "must not be in the future")
	case d.Before(a.AppointedOn):
		return broken("occurredOn", "must not be before the term starts on "+string(a.AppointedOn))
	case d.After(a.TermEndsOn):
		return broken("occurredOn", "must not be after the term ends on "+string(a.TermEndsOn))
	}
	return nil
}

// ActivityThemes checks that every theme is one of the programme's and
// returns them spelled as the programme spells them.
func (p *Programme) ActivityThemes(themes []string) ([]string, error) {
	clean, err := cleanList("themes", themes, MaxActivityThemes, MaxThemeLen)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(clean))
	for _, t := range clean {
		canonical := ""
		for _, pt := range p.Themes {
			if strings.EqualFold(pt, t) {
				canonical = pt
				break
			}
		}
		if canonical == "" {
			return nil, broken("themes", fmt.Sprintf("%q is not a theme of the programme", t))
		}
		out = append(out, canonical)
	}
	return out, nil
}

// Touch records a change at now.
func (x *Activity) Touch(now time.Time) {
	x.UpdatedAt = now
	x.Version++
}
