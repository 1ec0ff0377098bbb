package app

import (
	"context"
	"fmt"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

// ApplyIdea queues, within tx, the e-mail to the submitter of an idea:
// the receipt when submitted, else the idea's new status with the
// organisers' note; once per version of the idea. The e-mail is logged
// with the idea's programme, so that the organisers of its owners find it
// in the log.
func (s *App) ApplyIdea(ctx context.Context, tx sqlite.Tx, i domain.Idea, submitted bool) error {
	programme := ""
	if i.ProgrammeID != "" {
		var err error
		if programme, err = store.ProgrammeName(ctx, tx, i.ProgrammeID); err != nil {
			return fmt.Errorf("idea %s: %w", i.ID, err)
		}
	}
	l, err := domain.IdeaLetter(i, submitted, programme)
	if err == nil {
		err = s.queue(ctx, tx, l, domain.IdeaCause(i), about{programmeID: i.ProgrammeID})
	}
	if err != nil {
		return fmt.Errorf("idea %s: %w", i.ID, err)
	}
	return nil
}
