// Package zone holds the one time zone Plein shows times in. Times are
// stored in UTC; days, calendar files, e-mails and pages use Europe/Amsterdam.
package zone

import (
	"time"
	_ "time/tzdata" // the zone also where the system has no zone files
)

// Name is the IANA name of the zone.
const Name = "Europe/Amsterdam"

// Amsterdam is Europe/Amsterdam. The zone database is embedded (time/tzdata),
// so loading it cannot fail.
var Amsterdam = mustLoad()

func mustLoad() *time.Location {
	loc, err := time.LoadLocation(Name)
	if err != nil {
		panic("zone: " + err.Error()) // unreachable: time/tzdata is linked in
	}
	return loc
}
