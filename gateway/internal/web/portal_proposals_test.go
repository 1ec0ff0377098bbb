package web

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/identity"
	"plein.dev/platform/zone"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// proposals keeps what ProposeEvent was asked, per fake.
var proposals = struct {
	sync.Mutex
	by map[*staffEvents][]*eventsv1.ProposeEventRequest
}{by: map[*staffEvents][]*eventsv1.ProposeEventRequest{}}

func (f *staffEvents) ProposeEvent(ctx context.Context, in *eventsv1.ProposeEventRequest, _ ...grpc.CallOption) (*eventsv1.ProposeEventResponse, error) {
	id := identity.FromContext(ctx)
	if !id.Has(identity.RoleAmbassador) || len(in.GetHostAmbassadorIds()) != 1 || in.GetHostAmbassadorIds()[0] != id.AmbassadorID {
		return nil, status.Error(codes.PermissionDenied, "ambassadors propose events they host")
	}
	proposals.Lock()
	defer proposals.Unlock()
	proposals.by[f] = append(proposals.by[f], in)
	return &eventsv1.ProposeEventResponse{Event: &eventsv1.Event{Id: "prop1", Title: in.GetTitle(), Status: "proposed"}}, nil
}

// An ambassador proposes an event of their programme, hosted by them;
// a form with mistakes names each; after the term there is no form.
func TestPortalProposesAnEvent(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	anouk := f.signedIn(t, "anouk@example.nl", identity.RoleAmbassador)
	anouk.get("/ambassadeur").must(t, http.StatusOK, `href="/ambassadeur/evenementen/voorstellen"`)
	anouk.get("/ambassadeur/evenementen/voorstellen").must(t, http.StatusOK, "Een evenement voorstellen",
		`name="title"`, `name="location"`, `type="datetime-local"`, `name="capacity"`)
	send := func(v url.Values) page {
		return anouk.post("/ambassadeur/evenementen/voorstellen", v, "/ambassadeur/evenementen/voorstellen")
	}
	send(url.Values{"title": {""}, "startsAt": {"2026-12-10T16:00"}, "endsAt": {"2026-12-10T15:00"}, "capacity": {"0"}}).
		must(t, http.StatusUnprocessableEntity, "Vul een titel in", "Vul in waar het evenement plaatsvindt",
			"Vul een eindtijd in die na de begintijd ligt.", "Vul een aantal plaatsen in van 1 of meer.")
	done := send(url.Values{"title": {"Ronde tafel logistiek"}, "description": {"Met de haven."}, "location": {"RDM, Rotterdam"},
		"startsAt": {"2026-12-10T16:00"}, "endsAt": {"2026-12-10T18:00"}, "capacity": {"25"}}).must(t, http.StatusSeeOther)
	if loc := done.Header.Get("Location"); loc != "/ambassadeur?melding=voorgesteld" {
		t.Errorf("after proposing to %q", loc)
	}
	proposals.Lock()
	got := proposals.by[f.events]
	proposals.Unlock()
	if len(got) != 1 {
		t.Fatalf("%d proposals, want 1", len(got))
	}
	p := got[0]
	want := time.Date(2026, 12, 10, 16, 0, 0, 0, zone.Amsterdam)
	if p.GetTitle() != "Ronde tafel logistiek" || p.GetLocation() != "RDM, Rotterdam" || p.GetCapacity() != 25 ||
		p.GetProgrammeId() != "prog1" || !p.GetStartsAt().AsTime().Equal(want) || p.GetDescription() != "Met de haven." {
		t.Errorf("proposed %v", p)
	}
	anouk.get("/ambassadeur?melding=voorgesteld").must(t, http.StatusOK, "Uw voorstel is verstuurd.")

	bart := f.signedIn(t, "bart@example.nl", identity.RoleAmbassador)
	bart.get("/ambassadeur/evenementen/voorstellen").must(t, http.StatusOK, "Uw termijn als ambassadeur is afgelopen.").
		lacks(t, `name="title"`)
	bart.post("/ambassadeur/evenementen/voorstellen", url.Values{"title": {"x"}, "location": {"x"}, "startsAt": {"2026-12-10T16:00"},
		"endsAt": {"2026-12-10T18:00"}, "capacity": {"5"}}, "/ambassadeur").must(t, http.StatusUnprocessableEntity)
	org := f.signedIn(t, "olga@example.nl", identity.RoleOrganiser)
	if p := org.get("/ambassadeur/evenementen/voorstellen"); p.Status == http.StatusOK {
		t.Error("an organiser opened the portal's proposal form")
	}
	proposals.Lock()
	defer proposals.Unlock()
	if len(proposals.by[f.events]) != 1 {
		t.Errorf("%d proposals after the term and as an organiser, want still 1", len(proposals.by[f.events]))
	}
}
