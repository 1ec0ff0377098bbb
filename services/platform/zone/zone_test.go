package zone

import (
	"testing"
	"time"
)

func TestAmsterdamKeepsSummerTime(t *testing.T) {
	t.Parallel()
	winter := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC).In(Amsterdam)
	summer := time.Date(2026, 7, 15, 12, 0, 0, 0, time.UTC).In(Amsterdam)
	if _, off := winter.Zone(); off != 3600 {
		t.Errorf("winter offset %d", off)
	}
	if _, off := summer.Zone(); off != 7200 {
		t.Errorf("summer offset %d", off)
	}
}
