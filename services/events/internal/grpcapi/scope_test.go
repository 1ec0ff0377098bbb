package grpcapi_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"plein.dev/platform/identity"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// organiserOf is an organiser of the given organisations.
func organiserOf(orgs ...string) context.Context {
	return identity.Outgoing(context.Background(), identity.Identity{UserID: "u-" + orgs[0],
		Roles: []string{identity.RoleOrganiser}, OrganisationIDs: orgs})
}

// TestOtherOrganisationsEvents: organisation B's organiser, calling the
// service directly, finds A's draft and internal events unknown, cannot
// change A's public event either, lists only what is public besides B's
// own, and sees A's internal booking of a shared room as "bezet" — in the
// bookings and in the conflict that refuses B's booking.
func TestOtherOrganisationsEvents(t *testing.T) {
	t.Parallel()
	c := start(t)
	a, b := orgCtx, organiserOf("gm0453") // orgCtx works for "default"
	venue := must[*eventsv1.CreateVenueResponse](t)(c.CreateVenue(a, &eventsv1.CreateVenueRequest{Name: "Ondernemersplein", City: "Rotterdam"})).GetVenue()
	room := must[*eventsv1.CreateRoomResponse](t)(c.CreateRoom(a, &eventsv1.CreateRoomRequest{VenueId: venue.GetId(), Name: "Zaal 1", Capacity: 30})).GetRoom()
	internal := must[*eventsv1.CreateEventResponse](t)(c.CreateEvent(a, &eventsv1.CreateEventRequest{Title: "Overleg wethouder",
		RoomId: proto.String(room.GetId()), Visibility: "internal", StartsAt: ts(1, 9, 0), EndsAt: ts(1, 11, 0)})).GetEvent()
	if !slices.Equal(internal.GetOwnerOrganisationIds(), []string{"default"}) || internal.GetOwnerOrganisationId() != "default" {
		t.Fatalf("owners of A's event: %v %q", internal.GetOwnerOrganisationIds(), internal.GetOwnerOrganisationId())
	}
	public := must[*eventsv1.CreateEventResponse](t)(c.CreateEvent(a, &eventsv1.CreateEventRequest{Title: "Ontbijtsessie",
		Location: proto.String("Stadhuis"), Capacity: proto.Int32(20), StartsAt: ts(2, 9, 0), EndsAt: ts(2, 10, 0)})).GetEvent()
	must[*eventsv1.PublishEventResponse](t)(c.PublishEvent(a, &eventsv1.PublishEventRequest{EventId: public.GetId()}))
	draft := must[*eventsv1.CreateEventResponse](t)(c.CreateEvent(a, &eventsv1.CreateEventRequest{Title: "Concept",
		Location: proto.String("Stadhuis"), Capacity: proto.Int32(20), StartsAt: ts(3, 9, 0), EndsAt: ts(3, 10, 0)})).GetEvent()

	title := "Overgenomen"
	for _, id := range []string{internal.GetId(), public.GetId(), draft.GetId()} {
		for _, tc := range []struct {
			name string
			call func() error
		}{
			{"UpdateEvent", func() error {
				_, err := c.UpdateEvent(b, &eventsv1.UpdateEventRequest{EventId: id, Title: &title})
				return err
			}},
			{"PublishEvent", func() error { _, err := c.PublishEvent(b, &eventsv1.PublishEventRequest{EventId: id}); return err }},
			{"CancelEvent", func() error { _, err := c.CancelEvent(b, &eventsv1.CancelEventRequest{EventId: id}); return err }},
			{"CompleteEvent", func() error { _, err := c.CompleteEvent(b, &eventsv1.CompleteEventRequest{EventId: id}); return err }},
			{"ApproveEvent", func() error { _, err := c.ApproveEvent(b, &eventsv1.ApproveEventRequest{EventId: id}); return err }},
		} {
			if err := tc.call(); status.Code(err) != codes.NotFound {
				t.Errorf("%s of A's event %s as B: %v, want NotFound", tc.name, id, err)
			}
		}
	}
	for _, id := range []string{internal.GetId(), draft.GetId()} {
		if _, err := c.GetEvent(b, &eventsv1.GetEventRequest{EventId: id}); status.Code(err) != codes.NotFound {
			t.Errorf("GetEvent of A's non-public event as B: %v, want NotFound", err)
		}
	}
	if got, err := c.GetEvent(b, &eventsv1.GetEventRequest{EventId: public.GetId()}); err != nil || got.GetEvent().GetTitle() != "Ontbijtsessie" {
		t.Errorf("GetEvent of A's public event as B: %v, %v", got, err)
	}

	// B's own event, without a programme, is B's by default.
	own := must[*eventsv1.CreateEventResponse](t)(c.CreateEvent(b, &eventsv1.CreateEventRequest{Title: "Velsen netwerkt",
		Location: proto.String("Raadhuis"), Capacity: proto.Int32(20), StartsAt: ts(4, 9, 0), EndsAt: ts(4, 10, 0)})).GetEvent()
	if own.GetOwnerOrganisationId() != "gm0453" {
		t.Errorf("B's event owner = %q", own.GetOwnerOrganisationId())
	}
	titles := func(ctx context.Context) []string {
		l := must[*eventsv1.ListEventsResponse](t)(c.ListEvents(ctx, &eventsv1.ListEventsRequest{}))
		var out []string
		for _, e := range l.GetItems() {
			out = append(out, e.GetTitle())
		}
		return out
	}
	if got, want := titles(b), []string{"Ontbijtsessie", "Velsen netwerkt"}; !slices.Equal(got, want) {
		t.Errorf("B lists %v, want %v", got, want)
	}
	if got, want := titles(a), []string{"Overleg wethouder", "Ontbijtsessie", "Concept"}; !slices.Equal(got, want) {
		t.Errorf("A lists %v, want %v", got, want)
	}

	// The shared room: A's internal meeting is "bezet" to B.
	bookings := must[*eventsv1.ListRoomBookingsResponse](t)(c.ListRoomBookings(b, &eventsv1.ListRoomBookingsRequest{RoomId: room.GetId()})).GetItems()
	if len(bookings) != 1 || bookings[0].GetTitle() != "bezet" || bookings[0].GetEventId() != "" {
		t.Errorf("B sees A's booking as %v", bookings)
	}
	bookings = must[*eventsv1.ListRoomBookingsResponse](t)(c.ListRoomBookings(a, &eventsv1.ListRoomBookingsRequest{RoomId: room.GetId()})).GetItems()
	if len(bookings) != 1 || bookings[0].GetTitle() != "Overleg wethouder" {
		t.Errorf("A sees their booking as %v", bookings)
	}
	_, err := c.CreateEvent(b, &eventsv1.CreateEventRequest{Title: "Botsing", RoomId: proto.String(room.GetId()),
		StartsAt: ts(1, 10, 0), EndsAt: ts(1, 12, 0)})
	if status.Code(err) != codes.AlreadyExists || strings.Contains(err.Error(), "Overleg") || strings.Contains(err.Error(), internal.GetId()) ||
		!strings.Contains(err.Error(), "bezet") {
		t.Errorf("B's conflicting booking: %v", err)
	}

	// An event for another organisation, or for none, is refused.
	_, err = c.CreateEvent(b, &eventsv1.CreateEventRequest{Title: "x", Location: proto.String("x"), Capacity: proto.Int32(5),
		StartsAt: ts(5, 9, 0), EndsAt: ts(5, 10, 0), OwnerOrganisationId: proto.String("default")})
	if status.Code(err) != codes.FailedPrecondition {
		t.Errorf("B makes an event of A: %v, want FailedPrecondition", err)
	}
	_, err = c.CreateEvent(organiserOf("gm0453", "gm0375"), &eventsv1.CreateEventRequest{Title: "x", Location: proto.String("x"),
		Capacity: proto.Int32(5), StartsAt: ts(5, 9, 0), EndsAt: ts(5, 10, 0)})
	if status.Code(err) != codes.FailedPrecondition {
		t.Errorf("an organiser of two names no owner: %v, want FailedPrecondition", err)
	}
}
