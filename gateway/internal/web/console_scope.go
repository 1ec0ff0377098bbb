package web

import (
	"context"

	"plein.dev/platform/identity"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// managedProgrammes returns those of the programmes the console's user
// manages: their organisations' (an administrator's: all). The console
// shows, reviews and reports only these; the services refuse the others
// anyway.
func managedProgrammes(ctx context.Context, all []*ambassadorsv1.Programme) []*ambassadorsv1.Programme {
	id := identity.FromContext(ctx)
	out := make([]*ambassadorsv1.Programme, 0, len(all))
	for _, p := range all {
		if id.Manages(p.GetOwnerOrganisationIds()...) {
			out = append(out, p)
		}
	}
	return out
}
