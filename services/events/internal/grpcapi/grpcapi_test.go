package grpcapi_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/grpcapi"
	"plein.dev/events/migrations"
	"plein.dev/platform/conditional"
	"plein.dev/platform/grpcserver"
	"plein.dev/platform/identity"
	"plein.dev/platform/rpcerr"
	"plein.dev/platform/testkit"
	"plein.dev/platform/validation"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func start(t *testing.T) eventsv1.EventsServiceClient {
	t.Helper()
	db := testkit.DB(t, migrations.FS)
	log := testkit.Logger(t)
	a := app.New(db, log, func() time.Time { return now })
	vi, err := validation.UnaryInterceptor()
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := grpcserver.New(log, grpc.ChainUnaryInterceptor(vi))
	commits, err := conditional.NewCounter()
	if err != nil {
		t.Fatal(err)
	}
	db.OnCommit(commits.Committed)
	eventsv1.RegisterEventsServiceServer(srv, grpcapi.New(a, commits, log))
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return eventsv1.NewEventsServiceClient(conn)
}

var (
	orgCtx  = identity.Outgoing(context.Background(), identity.Identity{UserID: "u1", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"default"}})
	ambCtx  = identity.Outgoing(context.Background(), identity.Identity{UserID: "u2", Roles: []string{identity.RoleAmbassador}, AmbassadorID: "amb-1"})
	anonCtx = context.Background()
)

func ts(d, h, m int) *timestamppb.Timestamp {
	return timestamppb.New(time.Date(2026, 12, d, h, m, 0, 0, time.UTC))
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// TestErrorMapping checks the gRPC status (code and the field named) of
// every error the service returns; the gateway's one table turns the code
// into the HTTP status (InvalidArgument 400, Unauthenticated 401,
// PermissionDenied 403, NotFound 404, AlreadyExists 409,
// FailedPrecondition 422).
func TestErrorMapping(t *testing.T) {
	t.Parallel()
	c := start(t)
	venue := must[*eventsv1.CreateVenueResponse](t)(c.CreateVenue(orgCtx, &eventsv1.CreateVenueRequest{Name: "Ondernemersplein",
		Address: "Coolsingel 58", City: "Rotterdam"})).GetVenue()
	room := must[*eventsv1.CreateRoomResponse](t)(c.CreateRoom(orgCtx, &eventsv1.CreateRoomRequest{VenueId: venue.GetId(),
		Name: "Zaal 1", Capacity: 30, SetupMinutes: 15,
		BookableHours: []*eventsv1.BookableHours{
			{Weekday: 1, Opens: "08:00", Closes: "18:00"}, {Weekday: 2, Opens: "08:00", Closes: "18:00"},
			{Weekday: 3, Opens: "08:00", Closes: "18:00"}, {Weekday: 4, Opens: "08:00", Closes: "18:00"},
			{Weekday: 5, Opens: "08:00", Closes: "18:00"},
		},
		Blackouts: []*eventsv1.Blackout{{StartsAt: ts(24, 0, 0), EndsAt: ts(27, 0, 0), Reason: "Kerst"}}})).GetRoom()
	first := must[*eventsv1.CreateEventResponse](t)(c.CreateEvent(orgCtx, &eventsv1.CreateEventRequest{Title: "Eerste",
		RoomId: proto.String(room.GetId()), StartsAt: ts(1, 9, 0), EndsAt: ts(1, 11, 0)})).GetEvent()
	published := must[*eventsv1.PublishEventResponse](t)(c.PublishEvent(orgCtx, &eventsv1.PublishEventRequest{EventId: first.GetId()})).GetEvent()

	type call func() error
	ev := func(ctx context.Context, r *eventsv1.CreateEventRequest) call {
		return func() error { _, err := c.CreateEvent(ctx, r); return err }
	}
	valid := func() *eventsv1.CreateEventRequest {
		return &eventsv1.CreateEventRequest{Title: "x", Location: proto.String("x"), Capacity: proto.Int32(5),
			StartsAt: ts(2, 9, 0), EndsAt: ts(2, 10, 0)}
	}
	with := func(edit func(*eventsv1.CreateEventRequest)) *eventsv1.CreateEventRequest {
		r := valid()
		edit(r)
		return r
	}
	cases := []struct {
		name      string
		call      call
		code      codes.Code
		field     string
		inMessage string
	}{
		{"anonymous create", ev(anonCtx, valid()), codes.Unauthenticated, "", ""},
		{"ambassador create", ev(ambCtx, valid()), codes.PermissionDenied, "", ""},
		{"missing title", ev(orgCtx, with(func(r *eventsv1.CreateEventRequest) { r.Title = "" })), codes.InvalidArgument, "title", ""},
		{"unknown visibility", ev(orgCtx, with(func(r *eventsv1.CreateEventRequest) { r.Visibility = "secret" })), codes.InvalidArgument, "visibility", ""},
		{"longer than two weeks", ev(orgCtx, with(func(r *eventsv1.CreateEventRequest) { r.EndsAt = ts(17, 9, 1) })), codes.FailedPrecondition, "endsAt", "14 days"},
		{"end before start", ev(orgCtx, with(func(r *eventsv1.CreateEventRequest) { r.EndsAt = ts(2, 8, 0) })), codes.FailedPrecondition, "endsAt", ""},
		{"invalid RRULE", ev(orgCtx, with(func(r *eventsv1.CreateEventRequest) { r.Recurrence = proto.String("FREQ=WEEKLY;COUNT=x") })),
			codes.InvalidArgument, "recurrence", "COUNT"},
		{"room conflict", ev(orgCtx, with(func(r *eventsv1.CreateEventRequest) {
			r.RoomId, r.Capacity, r.StartsAt, r.EndsAt = proto.String(room.GetId()), nil, ts(1, 10, 0), ts(1, 12, 0)
		})), codes.AlreadyExists, "", "Eerste"},
		{"series conflict", ev(orgCtx, with(func(r *eventsv1.CreateEventRequest) {
			r.RoomId, r.Capacity, r.StartsAt, r.EndsAt = proto.String(room.GetId()), nil, ts(1, 8, 0), ts(1, 9, 0)
			r.Recurrence = proto.String("FREQ=DAILY;COUNT=2")
		})), codes.AlreadyExists, "recurrence", "2026-12-01"},
		{"outside bookable hours", ev(orgCtx, with(func(r *eventsv1.CreateEventRequest) {
			r.RoomId, r.Capacity, r.StartsAt, r.EndsAt = proto.String(room.GetId()), nil, ts(5, 9, 0), ts(5, 10, 0) // Saturday
		})), codes.FailedPrecondition, "startsAt", "bookable hours"},
		{"in a blackout", ev(orgCtx, with(func(r *eventsv1.CreateEventRequest) {
			r.RoomId, r.Capacity, r.StartsAt, r.EndsAt = proto.String(room.GetId()), nil, ts(24, 9, 0), ts(24, 10, 0)
		})), codes.FailedPrecondition, "startsAt", "Kerst"},
		{"capacity above the room's", ev(orgCtx, with(func(r *eventsv1.CreateEventRequest) {
			r.RoomId, r.Capacity, r.StartsAt, r.EndsAt = proto.String(room.GetId()), proto.Int32(31), ts(3, 9, 0), ts(3, 10, 0)
		})), codes.FailedPrecondition, "capacity", ""},
		{"move to a smaller room", func() error {
			small := must[*eventsv1.CreateRoomResponse](t)(c.CreateRoom(orgCtx, &eventsv1.CreateRoomRequest{VenueId: venue.GetId(),
				Name: "Spreekkamer", Capacity: 8})).GetRoom()
			_, err := c.UpdateEvent(orgCtx, &eventsv1.UpdateEventRequest{EventId: first.GetId(), RoomId: proto.String(small.GetId())})
			return err
		}, codes.FailedPrecondition, "roomId", "the capacity of 30 exceeds the 8 seats"},
		{"unknown room", ev(orgCtx, with(func(r *eventsv1.CreateEventRequest) { r.RoomId = proto.String("nope") })), codes.FailedPrecondition, "roomId", ""},
		{"unknown programme", ev(orgCtx, with(func(r *eventsv1.CreateEventRequest) { r.ProgrammeId = proto.String("nope") })), codes.FailedPrecondition, "programmeId", ""},
		{"unknown host", ev(orgCtx, with(func(r *eventsv1.CreateEventRequest) { r.HostAmbassadorIds = []string{"nope"} })), codes.FailedPrecondition, "hostAmbassadorIds", ""},
		{"publish twice", func() error {
			_, err := c.PublishEvent(orgCtx, &eventsv1.PublishEventRequest{EventId: published.GetId()})
			return err
		}, codes.FailedPrecondition, "status", "published"},
		{"unknown event", func() error {
			_, err := c.GetEvent(orgCtx, &eventsv1.GetEventRequest{EventId: "nope"})
			return err
		}, codes.NotFound, "", ""},
		{"bad page token", func() error {
			_, err := c.ListEvents(anonCtx, &eventsv1.ListEventsRequest{PageToken: "!!"})
			return err
		}, codes.InvalidArgument, "pageToken", ""},
		{"decline without reason", func() error {
			_, err := c.DeclineEvent(orgCtx, &eventsv1.DeclineEventRequest{EventId: first.GetId()})
			return err
		}, codes.InvalidArgument, "reason", ""},
		{"approve a published event", func() error {
			_, err := c.ApproveEvent(orgCtx, &eventsv1.ApproveEventRequest{EventId: first.GetId()})
			return err
		}, codes.FailedPrecondition, "status", "published"},
		{"anonymous proposal", func() error {
			_, err := c.ProposeEvent(anonCtx, &eventsv1.ProposeEventRequest{Title: "x", StartsAt: ts(2, 9, 0), EndsAt: ts(2, 10, 0)})
			return err
		}, codes.Unauthenticated, "", ""},
		{"free slots backwards", func() error {
			_, err := c.ListFreeSlots(orgCtx, &eventsv1.ListFreeSlotsRequest{RoomId: room.GetId(), From: ts(2, 0, 0), To: ts(1, 0, 0), DurationMinutes: 60})
			return err
		}, codes.FailedPrecondition, "to", ""},
		{"free slots for the public", func() error {
			_, err := c.ListFreeSlots(anonCtx, &eventsv1.ListFreeSlotsRequest{RoomId: room.GetId(), From: ts(1, 0, 0), To: ts(2, 0, 0), DurationMinutes: 60})
			return err
		}, codes.Unauthenticated, "", ""},
		{"occupancy of a bad month", func() error {
			_, err := c.GetRoomOccupancy(orgCtx, &eventsv1.GetRoomOccupancyRequest{RoomId: room.GetId(), Month: "2026-13"})
			return err
		}, codes.InvalidArgument, "month", ""},
		{"bad bookable hours", func() error {
			_, err := c.UpdateRoom(orgCtx, &eventsv1.UpdateRoomRequest{RoomId: room.GetId(), SetBookableHours: true,
				BookableHours: []*eventsv1.BookableHours{{Weekday: 1, Opens: "17:00", Closes: "09:00"}}})
			return err
		}, codes.FailedPrecondition, "bookableHours[0].closes", ""},
		{"calendar of a draft for the public", func() error {
			d := must[*eventsv1.CreateEventResponse](t)(c.CreateEvent(orgCtx, valid())).GetEvent()
			_, err := c.GetEventCalendar(anonCtx, &eventsv1.GetEventCalendarRequest{EventId: d.GetId()})
			return err
		}, codes.NotFound, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			st := status.Convert(err)
			if st.Code() != tc.code {
				t.Fatalf("code %s (%v), want %s", st.Code(), err, tc.code)
			}
			if tc.inMessage != "" && !strings.Contains(st.Message(), tc.inMessage) {
				t.Errorf("message %q lacks %q", st.Message(), tc.inMessage)
			}
			if tc.field == "" {
				return
			}
			for _, v := range rpcerr.Violations(err) {
				if v.Field == tc.field {
					return
				}
			}
			t.Errorf("violations %v do not name %s", rpcerr.Violations(err), tc.field)
		})
	}
}

func TestInviteCodeForOrganisersOnly(t *testing.T) {
	t.Parallel()
	c := start(t)
	e := must[*eventsv1.CreateEventResponse](t)(c.CreateEvent(orgCtx, &eventsv1.CreateEventRequest{Title: "Besloten",
		Location: proto.String("Stadhuis"), Capacity: proto.Int32(10), StartsAt: ts(2, 9, 0), EndsAt: ts(2, 10, 0),
		Visibility: "invite-only", Accessibility: &eventsv1.Accessibility{InductionLoop: true, Languages: []string{"nl", "ngt"}}})).GetEvent()
	if len(e.GetInviteCode()) != 10 {
		t.Fatalf("organiser sees invite code %q", e.GetInviteCode())
	}
	if !e.GetAccessibility().GetInductionLoop() || len(e.GetAccessibility().GetLanguages()) != 2 {
		t.Errorf("accessibility %v", e.GetAccessibility())
	}
	must[*eventsv1.PublishEventResponse](t)(c.PublishEvent(orgCtx, &eventsv1.PublishEventRequest{EventId: e.GetId()}))
	got := must[*eventsv1.GetEventResponse](t)(c.GetEvent(anonCtx, &eventsv1.GetEventRequest{EventId: e.GetId()})).GetEvent()
	if got.InviteCode != nil {
		t.Errorf("the public sees invite code %q", got.GetInviteCode())
	}
	list := must[*eventsv1.ListEventsResponse](t)(c.ListEvents(anonCtx, &eventsv1.ListEventsRequest{}))
	if len(list.GetItems()) != 0 {
		t.Errorf("an invite-only event is listed for the public")
	}
}

// TestPaginationStableUnderInserts pages through the public listing while
// events are added before and after the cursor: no event is repeated and
// none that was there at the start is skipped.
func TestPaginationStableUnderInserts(t *testing.T) {
	t.Parallel()
	c := start(t)
	create := func(day, hour int) string {
		e := must[*eventsv1.CreateEventResponse](t)(c.CreateEvent(orgCtx, &eventsv1.CreateEventRequest{Title: "e",
			Location: proto.String("x"), Capacity: proto.Int32(5), StartsAt: ts(day, hour, 0), EndsAt: ts(day, hour+1, 0)})).GetEvent()
		must[*eventsv1.PublishEventResponse](t)(c.PublishEvent(orgCtx, &eventsv1.PublishEventRequest{EventId: e.GetId()}))
		return e.GetId()
	}
	var original []string
	for d := 1; d <= 7; d++ {
		original = append(original, create(d, 9), create(d, 9)) // same start twice: id breaks the tie
	}
	seen := map[string]int{}
	token := ""
	for page := 0; ; page++ {
		resp := must[*eventsv1.ListEventsResponse](t)(c.ListEvents(anonCtx, &eventsv1.ListEventsRequest{PageSize: 3, PageToken: token}))
		for _, e := range resp.GetItems() {
			seen[e.GetId()]++
		}
		if resp.GetNextPageToken() == "" {
			break
		}
		token = resp.GetNextPageToken()
		create(1, 7+page%3) // before the cursor
		create(20+page, 9)  // after it
		if page > 40 {
			t.Fatal("paging does not end")
		}
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("event %s listed %d times", id, n)
		}
	}
	for _, id := range original {
		if seen[id] != 1 {
			t.Errorf("event %s skipped", id)
		}
	}
}

func TestAmbassadorSeesOwnProposals(t *testing.T) {
	t.Parallel()
	c := start(t)
	p := must[*eventsv1.ProposeEventResponse](t)(c.ProposeEvent(ambCtx, &eventsv1.ProposeEventRequest{Title: "Mijn voorstel",
		Location: proto.String("x"), Capacity: proto.Int32(5), StartsAt: ts(2, 9, 0), EndsAt: ts(2, 10, 0)})).GetEvent()
	if p.GetStatus() != "proposed" || p.GetProposedByAmbassadorId() != "amb-1" {
		t.Fatalf("proposal %v", p)
	}
	mine := must[*eventsv1.ListEventsResponse](t)(c.ListEvents(ambCtx, &eventsv1.ListEventsRequest{Status: "proposed"}))
	if len(mine.GetItems()) != 1 {
		t.Errorf("the ambassador lists %d own proposals", len(mine.GetItems()))
	}
	must[*eventsv1.GetEventResponse](t)(c.GetEvent(ambCtx, &eventsv1.GetEventRequest{EventId: p.GetId()}))
	other := identity.Outgoing(context.Background(), identity.Identity{UserID: "u3", Roles: []string{identity.RoleAmbassador}, AmbassadorID: "amb-2"})
	if _, err := c.GetEvent(other, &eventsv1.GetEventRequest{EventId: p.GetId()}); status.Code(err) != codes.NotFound {
		t.Errorf("another ambassador reads the proposal: %v", err)
	}
	if l := must[*eventsv1.ListEventsResponse](t)(c.ListEvents(anonCtx, &eventsv1.ListEventsRequest{})); len(l.GetItems()) != 0 {
		t.Errorf("the public lists a proposal")
	}
}
