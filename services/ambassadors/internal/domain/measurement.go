package domain

import (
	"math"
	"strings"
	"time"

	"plein.dev/platform/rule"
)

// Limits on a measurement.
const (
	MaxMeasurementValue = 1e12
	maxSourceLen        = 200
	maxNoteLen          = 2000
)

// Measurement is one recorded value of a programme's indicator, e.g. 12
// jobs created, for a day.
type Measurement struct {
	ID          string
	ProgrammeID string
	// Indicator is the indicator's key.
	Indicator string
	Value     float64
	On        Date
	Source    string
	Note      string
	CreatedAt time.Time
}

// Validate checks a measurement against its programme: the indicator is
// one of the programme's, the value finite and in range. It trims source
// and note.
func (m *Measurement) Validate(p *Programme) error {
	m.Source, m.Note = strings.TrimSpace(m.Source), strings.TrimSpace(m.Note)
	switch {
	case m.Indicator == "":
		return rule.InvalidField("indicator", "is required")
	case math.IsNaN(m.Value) || math.Abs(m.Value) > MaxMeasurementValue:
		return rule.InvalidField("value", "must be a number between -1e12 and 1e12")
	case len([]rune(m.Source)) > maxSourceLen:
		return rule.InvalidField("source", "must be at most 200 characters")
	case len([]rune(m.Note)) > maxNoteLen:
		return rule.InvalidField("note", "must be at most 2000 characters")
	}
	if _, ok := p.Indicator(m.Indicator); !ok {
		return rule.InvalidField("indicator", "is not an indicator of the programme")
	}
	return nil
}
