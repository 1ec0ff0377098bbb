package domain

// Programme is what the events service knows of a programme of the
// ambassadors service: events name one, and take their themes from it.
type Programme struct {
	ID     string
	Name   string
	Themes []string
	Status string
	// Owners are the organisations that own the programme and its events.
	Owners []string
	// Areas are the programme's areas (gebieden, bedrijventerreinen); an
	// event of the programme names only these, when there are any.
	Areas   []string
	Version int64
}

// Ambassador is what the events service knows of an ambassador: events
// name their hosts.
type Ambassador struct {
	ID          string
	ProgrammeID string
	Name        string
	Status      string
	Version     int64
}

// Seats are an event's seat counts as the registrations service last
// reported them.
type Seats struct {
	EventID        string
	Taken          int
	WaitlistLength int
}
