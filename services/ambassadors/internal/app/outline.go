package app

import (
	"context"
	"fmt"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/rule"
	"plein.dev/platform/sqlite"
)

// changeOutline applies a change's contacts, areas, parent themes and
// indicators to p (checked with the rest by p.Validate). Removing an
// indicator that has measurements is refused: they would count nowhere.
func (s *App) changeOutline(ctx context.Context, tx sqlite.Tx, p *domain.Programme, c ProgrammeChange) error {
	if c.Contacts != nil {
		p.Contacts = *c.Contacts
	}
	if c.Areas != nil {
		p.Areas = *c.Areas
	}
	if c.ThemeParents != nil {
		p.ThemeParents = *c.ThemeParents
	}
	if c.Indicators == nil {
		return nil
	}
	kept := map[string]bool{}
	for _, in := range *c.Indicators {
		kept[in.Key] = true
	}
	for _, in := range p.Indicators {
		if kept[in.Key] {
			continue
		}
		n, err := store.CountMeasurements(ctx, tx, p.ID, in.Key)
		if err != nil {
			return err
		}
		if n > 0 {
			reason := fmt.Sprintf("indicator %q has %d measurements; delete them first", in.Key, n)
			return rule.Broken("indicators: "+reason, rule.Violation{Field: "indicators", Reason: reason})
		}
	}
	p.Indicators = *c.Indicators
	return nil
}
