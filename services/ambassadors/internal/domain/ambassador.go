package domain

import (
	"strings"
	"time"
)

// AmbassadorStatus is whether an ambassador is serving.
type AmbassadorStatus string

// The statuses of an ambassador.
const (
	AmbassadorActive AmbassadorStatus = "active"
	AmbassadorAlumni AmbassadorStatus = "alumni"
)

// Ambassador is an entrepreneur appointed to a programme for a term.
type Ambassador struct {
	ID          string
	ProgrammeID string
	Name        string
	// Email is private: only organisers and the ambassador see it.
	Email        string
	Organisation string
	Sector       string
	Bio          string
	AppointedOn  Date
	TermEndsOn   Date
	// ProgrammeStatus is the status of the programme, read with the
	// ambassador; the ambassador's own status follows from it.
	ProgrammeStatus ProgrammeStatus
	// ProgrammeOwners are the programme's owner organisations, read with
	// the ambassador: their organisers manage the ambassador.
	ProgrammeOwners []string
	// Status is derived (see StatusOn); it is not stored.
	Status AmbassadorStatus
	// LeaderboardOptOut keeps the ambassador off the programme's
	// leaderboard.
	LeaderboardOptOut bool
	// TermEndedAnnounced is set once the end of the term (or of the
	// programme) was announced on the bus.
	TermEndedAnnounced bool
	CreatedAt          time.Time
	UpdatedAt          time.Time
	Version            int64
}

// Validate checks the rules every ambassador satisfies.
func (a *Ambassador) Validate() error {
	if err := required("name", a.Name); err != nil {
		return err
	}
	a.Email = strings.TrimSpace(a.Email)
	if !strings.Contains(a.Email, "@") {
		return broken("email", "must be an e-mail address")
	}
	if a.TermEndsOn.Before(a.AppointedOn) {
		return broken("termEndsOn", "must not be before appointedOn")
	}
	return nil
}

// StatusOn returns the ambassador's status on day today: alumni once the
// term has ended (the last day of the term still counts as active) or the
// programme is closed, active otherwise. Status is derived when read, not
// stored, so it never waits for a scheduled job.
func (a *Ambassador) StatusOn(today Date) AmbassadorStatus {
	if a.ProgrammeStatus == ProgrammeClosed || a.TermEndsOn.Before(today) {
		return AmbassadorAlumni
	}
	return AmbassadorActive
}

// InTerm reports whether day d lies within the term, both ends included.
func (a *Ambassador) InTerm(d Date) bool {
	return !d.Before(a.AppointedOn) && !d.After(a.TermEndsOn)
}

// Touch records a change at now.
func (a *Ambassador) Touch(now time.Time) {
	a.UpdatedAt = now
	a.Version++
}
