package notifications

import (
	"time"

	"plein.dev/notifications/internal/app"
	"plein.dev/platform/service"
)

// RetentionEvery is how often the attendees of events that ended longer
// ago than the retention period are forgotten (and once at start).
const RetentionEvery = time.Hour

// retentionLoop is the background loop of the retention sweep.
func retentionLoop(a *app.App, after time.Duration) service.Loop {
	return service.Loop{Name: "retention", Every: RetentionEvery, Run: a.Retention(after).Sweep}
}
