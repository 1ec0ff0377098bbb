package config

import (
	"fmt"
	"time"
)

// DefaultRetentionDays is how many days after an event ended its
// attendees' personal data is kept unless PLEIN_RETENTION_DAYS says
// otherwise.
const DefaultRetentionDays = 180

// RegisterRetention adds -retention-days (PLEIN_RETENTION_DAYS), which the
// registrations and notifications services and the gateway's privacy page
// share: in one process all get the one value.
func RegisterRetention(f *FlagSet, p *int) {
	f.Int(p, "retention-days", "PLEIN_RETENTION_DAYS", DefaultRetentionDays,
		"days after an event ended that its attendees' personal data is kept, then anonymised; 0 = as soon as it ended")
}

// Retention returns the retention period of days; a negative number is an
// error.
func Retention(days int) (time.Duration, error) {
	if days < 0 {
		return 0, fmt.Errorf("retention-days %d: want 0 (anonymise once the event ended) or more", days)
	}
	return time.Duration(days) * 24 * time.Hour, nil
}
