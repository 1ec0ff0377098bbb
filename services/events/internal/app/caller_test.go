package app_test

import (
	"context"
	"errors"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/domain"
	"plein.dev/platform/identity"
)

// TestCallerDecides: the use cases decide from the identity in the context
// who may do what and see what.
func TestCallerDecides(t *testing.T) {
	t.Parallel()
	s, _, room := setup(t)
	mk := func(title string, vis domain.Visibility, publish bool) domain.Event {
		t.Helper()
		e, err := s.CreateEvent(org, domain.Event{Title: title, Location: "x", Capacity: 5, Visibility: vis,
			StartsAt: at(2, 9, 0), EndsAt: at(2, 10, 0)}, true)
		if err != nil {
			t.Fatal(err)
		}
		if publish {
			if e, err = s.Publish(org, e.ID, app.ThisEvent); err != nil {
				t.Fatal(err)
			}
		}
		return e
	}
	public := mk("Openbaar", domain.VisibilityPublic, true)
	invite := mk("Besloten", domain.VisibilityInviteOnly, true)
	draft := mk("Concept", domain.VisibilityPublic, false)
	internal := mk("Intern", domain.VisibilityInternal, true)
	proposal, err := s.Propose(amb, domain.Event{Title: "Voorstel", Location: "x", Capacity: 5,
		StartsAt: at(3, 9, 0), EndsAt: at(3, 10, 0), Visibility: domain.VisibilityInviteOnly}, true)
	if err != nil {
		t.Fatal(err)
	}
	if proposal.InviteCode != "" {
		t.Errorf("the proposing ambassador sees the invite code")
	}
	unlinked := identity.NewContext(context.Background(), identity.Identity{UserID: "u9", Roles: []string{identity.RoleAmbassador}})
	otherAmb := identity.NewContext(context.Background(), identity.Identity{UserID: "u3", Roles: []string{identity.RoleAmbassador}, AmbassadorID: "amb-2"})

	t.Run("refused", func(t *testing.T) {
		t.Parallel()
		cases := []struct {
			name string
			err  error
			code codes.Code
		}{
			{"anonymous venue", second(s.CreateVenue(anon, domain.Venue{Name: "x"})), codes.Unauthenticated},
			{"ambassador event", second(s.CreateEvent(amb, domain.Event{Title: "x"}, false)), codes.PermissionDenied},
			{"ambassador publishes", second(s.Publish(amb, draft.ID, app.ThisEvent)), codes.PermissionDenied},
			{"anonymous free slots", second(s.FreeSlots(anon, room.ID, at(1, 0, 0), at(2, 0, 0), 0)), codes.Unauthenticated},
			{"anonymous proposal", second(s.Propose(anon, domain.Event{Title: "x"}, false)), codes.Unauthenticated},
		}
		for _, c := range cases {
			if status.Code(c.err) != c.code {
				t.Errorf("%s: %v, want %s", c.name, c.err, c.code)
			}
		}
		if _, err := s.Propose(unlinked, domain.Event{Title: "x"}, false); !errors.Is(err, domain.ErrNoAmbassador) {
			t.Errorf("an unlinked ambassador account proposes: %v", err)
		}
	})

	t.Run("get", func(t *testing.T) {
		t.Parallel()
		for _, c := range []struct {
			name   string
			ctx    context.Context
			id     string
			found  bool
			invite bool
		}{
			{"public for anyone", anon, public.ID, true, false},
			{"invite-only by link", anon, invite.ID, true, false},
			{"invite code for organisers", org, invite.ID, true, true},
			{"draft", anon, draft.ID, false, false},
			{"internal", amb, internal.ID, false, false},
			{"own proposal", amb, proposal.ID, true, false},
			{"someone else's proposal", otherAmb, proposal.ID, false, false},
		} {
			e, err := s.GetEvent(c.ctx, c.id)
			if c.found != (err == nil) || (!c.found && !errors.Is(err, domain.ErrNotFound)) {
				t.Errorf("%s: %v", c.name, err)
			}
			if c.found && c.invite != (e.InviteCode != "") {
				t.Errorf("%s: invite code %q", c.name, e.InviteCode)
			}
		}
	})

	t.Run("list", func(t *testing.T) {
		t.Parallel()
		for _, c := range []struct {
			name string
			ctx  context.Context
			want int
		}{{"anyone: public published", anon, 1}, {"ambassador: and own proposals", amb, 2}, {"organiser: all", org, 5}} {
			evs, _, err := s.ListEvents(c.ctx, app.EventFilter{}, firstPage)
			if err != nil || len(evs) != c.want {
				t.Errorf("%s: %d events (%v), want %d", c.name, len(evs), err, c.want)
			}
		}
	})
}

func second[T any](_ T, err error) error { return err }
