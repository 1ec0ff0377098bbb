package grpcapi_test

import (
	"context"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/identity"
	"plein.dev/platform/testkit"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/domain"
)

// TestOtherOrganisationsAttendees: the attendees of an event of
// organisation A are unknown to an organiser of B calling the service
// directly — list, registration, cancel, promote, check-in (by id and by
// code), questions and attendance all answer NotFound — while an
// organiser of A, and of a joint event A and B own, manage them.
func TestOtherOrganisationsAttendees(t *testing.T) {
	t.Parallel()
	f := start(t, testkit.Logger(t))
	f.event(t, domain.Event{ID: "e-a", Capacity: 1, Owners: []string{"gm0599"}})
	f.event(t, domain.Event{ID: "e-ab", Capacity: 5, Owners: []string{"gm0599", "gm0453"}})
	a := identity.Outgoing(context.Background(), identity.Identity{UserID: "oa", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"gm0599"}})
	b := identity.Outgoing(context.Background(), identity.Identity{UserID: "ob", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"gm0453"}})
	anna, err := f.client.CreateRegistration(anonymous, reg("e-a", "anna@example.nl"))
	if err != nil {
		t.Fatal(err)
	}
	bas, err := f.client.CreateRegistration(anonymous, reg("e-a", "bas@example.nl")) // waitlisted
	if err != nil {
		t.Fatal(err)
	}
	annaID, basID := anna.GetId(), bas.GetId()
	full, err := f.client.GetRegistration(anonymous, &registrationsv1.GetRegistrationRequest{RegistrationId: annaID, Token: anna.GetManageToken()})
	if err != nil {
		t.Fatal(err)
	}
	code := full.GetRegistration().GetCheckInCode()
	c := f.client
	for _, tc := range []struct {
		name string
		call func(ctx context.Context) error
	}{
		{"ListEventRegistrations", func(ctx context.Context) error {
			_, err := c.ListEventRegistrations(ctx, &registrationsv1.ListEventRegistrationsRequest{EventId: "e-a"})
			return err
		}},
		{"GetRegistration", func(ctx context.Context) error {
			_, err := c.GetRegistration(ctx, &registrationsv1.GetRegistrationRequest{RegistrationId: annaID})
			return err
		}},
		{"GetAttendance", func(ctx context.Context) error {
			_, err := c.GetAttendance(ctx, &registrationsv1.GetAttendanceRequest{EventId: "e-a"})
			return err
		}},
		{"SetEventQuestions", func(ctx context.Context) error {
			_, err := c.SetEventQuestions(ctx, &registrationsv1.SetEventQuestionsRequest{EventId: "e-a"})
			return err
		}},
		{"CheckIn", func(ctx context.Context) error {
			_, err := c.CheckIn(ctx, &registrationsv1.CheckInRequest{RegistrationId: annaID})
			return err
		}},
		{"CheckInByCode", func(ctx context.Context) error {
			_, err := c.CheckInByCode(ctx, &registrationsv1.CheckInByCodeRequest{EventId: "e-a", Code: code})
			return err
		}},
		{"PromoteRegistration", func(ctx context.Context) error {
			_, err := c.PromoteRegistration(ctx, &registrationsv1.PromoteRegistrationRequest{RegistrationId: basID})
			return err
		}},
		{"CancelRegistration", func(ctx context.Context) error {
			_, err := c.CancelRegistration(ctx, &registrationsv1.CancelRegistrationRequest{RegistrationId: basID})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(b); status.Code(err) != codes.NotFound {
				t.Errorf("as B: %v, want NotFound", err)
			}
		})
	}
	// A still manages all of it (B changed nothing: Bas is still there to
	// be promoted once a seat is free).
	if _, err := c.CheckIn(a, &registrationsv1.CheckInRequest{RegistrationId: annaID}); err != nil {
		t.Errorf("A checks Anna in: %v", err)
	}
	if l, err := c.ListEventRegistrations(a, &registrationsv1.ListEventRegistrationsRequest{EventId: "e-a"}); err != nil || len(l.GetItems()) != 2 {
		t.Errorf("A lists %d, %v; want 2", len(l.GetItems()), err)
	}
	// The joint event: both manage it.
	if _, err := c.CreateRegistration(anonymous, reg("e-ab", "cor@example.nl")); err != nil {
		t.Fatal(err)
	}
	for name, ctx := range map[string]context.Context{"A": a, "B": b} {
		if l, err := c.ListEventRegistrations(ctx, &registrationsv1.ListEventRegistrationsRequest{EventId: "e-ab"}); err != nil || len(l.GetItems()) != 1 {
			t.Errorf("%s lists the joint event's: %d, %v", name, len(l.GetItems()), err)
		}
	}
}
