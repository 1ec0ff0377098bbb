package registrations

import (
	"time"

	"plein.dev/platform/service"
	"plein.dev/registrations/internal/app"
)

// RetentionEvery is how often the registrations of events that ended
// longer ago than the retention period are anonymised (and once at start).
const RetentionEvery = time.Hour

// retentionLoop is the background loop of the retention sweep.
func retentionLoop(a *app.App, after time.Duration) service.Loop {
	return service.Loop{Name: "retention", Every: RetentionEvery, Run: a.Retention(after).Sweep}
}
