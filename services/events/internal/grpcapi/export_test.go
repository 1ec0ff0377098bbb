package grpcapi_test

import (
	"context"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"plein.dev/platform/identity"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// TestExportPersonContacts: an administrator gets every event contact
// with the address, whatever its case, with the
// event's id and title; other contacts and events stay out; organisers
// and the signed out are refused.
func TestExportPersonContacts(t *testing.T) {
	t.Parallel()
	c := start(t)
	adminCtx := identity.Outgoing(context.Background(), identity.Identity{UserID: "a1",
		Roles: []string{identity.RoleAdmin, identity.RoleOrganiser}})
	first := must[*eventsv1.CreateEventResponse](t)(c.CreateEvent(orgCtx, contentRequest())).GetEvent()
	second := contentRequest()
	second.Title = "Winkeldag"
	second.Contacts = []*eventsv1.EventContact{{Name: "P. de Vries", Role: "contact", Email: "PETRA@gemeente.example"}}
	other := must[*eventsv1.CreateEventResponse](t)(c.CreateEvent(orgCtx, second)).GetEvent()
	none := contentRequest()
	none.Title, none.Contacts = "Zonder", nil
	must[*eventsv1.CreateEventResponse](t)(c.CreateEvent(orgCtx, none))

	got, err := c.ExportPerson(adminCtx, &eventsv1.ExportPersonRequest{Email: "Petra@Gemeente.example"})
	if err != nil {
		t.Fatal(err)
	}
	want := []*eventsv1.EventContactOf{
		{EventId: first.GetId(), EventTitle: "Havendag", Contact: &eventsv1.EventContact{Name: "Petra de Vries",
			Role: "programmamanager", Email: "petra@gemeente.example", Phone: "06 12345678"}},
		{EventId: other.GetId(), EventTitle: "Winkeldag", Contact: &eventsv1.EventContact{Name: "P. de Vries",
			Role: "contact", Email: "PETRA@gemeente.example"}},
	}
	if first.GetId() > other.GetId() {
		want[0], want[1] = want[1], want[0]
	}
	if len(got.GetContacts()) != len(want) {
		t.Fatalf("contacts %v, want %v", got.GetContacts(), want)
	}
	for i := range want {
		if !proto.Equal(got.GetContacts()[i], want[i]) {
			t.Errorf("contact %d = %v, want %v", i, got.GetContacts()[i], want[i])
		}
	}
	if got, err := c.ExportPerson(adminCtx, &eventsv1.ExportPersonRequest{Email: "nobody@example.org"}); err != nil || len(got.GetContacts()) != 0 {
		t.Errorf("an unknown address: %v %v", got, err)
	}
	if _, err := c.ExportPerson(orgCtx, &eventsv1.ExportPersonRequest{Email: "petra@gemeente.example"}); status.Code(err) != codes.PermissionDenied {
		t.Errorf("organiser: %v, want PermissionDenied", err)
	}
	if _, err := c.ExportPerson(anonCtx, &eventsv1.ExportPersonRequest{Email: "petra@gemeente.example"}); status.Code(err) != codes.Unauthenticated {
		t.Errorf("signed out: %v, want Unauthenticated", err)
	}
}
