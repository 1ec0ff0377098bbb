package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/testkit"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// recordingAmbassadors is the console's ambassadors fake that keeps the
// programme requests it gets, for the tests of the programme form.
type recordingAmbassadors struct {
	*staffAmbassadors
	mu      sync.Mutex
	created []*ambassadorsv1.CreateProgrammeRequest
	updated []*ambassadorsv1.UpdateProgrammeRequest
}

func (f *recordingAmbassadors) CreateProgramme(ctx context.Context, in *ambassadorsv1.CreateProgrammeRequest, opts ...grpc.CallOption) (*ambassadorsv1.CreateProgrammeResponse, error) {
	f.mu.Lock()
	f.created = append(f.created, in)
	f.mu.Unlock()
	return f.staffAmbassadors.CreateProgramme(ctx, in, opts...)
}

func (f *recordingAmbassadors) UpdateProgramme(ctx context.Context, in *ambassadorsv1.UpdateProgrammeRequest, opts ...grpc.CallOption) (*ambassadorsv1.UpdateProgrammeResponse, error) {
	f.mu.Lock()
	f.updated = append(f.updated, in)
	f.mu.Unlock()
	return f.staffAmbassadors.UpdateProgramme(ctx, in, opts...)
}

func (f *recordingAmbassadors) lastCreated(t *testing.T) *ambassadorsv1.CreateProgrammeRequest {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.created) == 0 {
		t.Fatal("no programme created")
	}
	return f.created[len(f.created)-1]
}

func (f *recordingAmbassadors) lastUpdated(t *testing.T) *ambassadorsv1.UpdateProgrammeRequest {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.updated) == 0 {
		t.Fatal("no programme updated")
	}
	return f.updated[len(f.updated)-1]
}

// orgFixture is the staff fixture with the organisations Velsen,
// Beverwijk and Heemskerk besides the default one, and its pages served
// over the recording ambassadors fake.
type orgFixture struct {
	*staffFixture
	rec                          *recordingAmbassadors
	velsen, beverwijk, heemskerk string
}

func newOrgFixture(t *testing.T) *orgFixture {
	t.Helper()
	f := &orgFixture{staffFixture: newStaffFixture(t, false)}
	for _, o := range []struct {
		name, code string
		id         *string
	}{{"Gemeente Velsen", "GM0453", &f.velsen}, {"Gemeente Beverwijk", "GM0375", &f.beverwijk}, {"Gemeente Heemskerk", "GM0396", &f.heemskerk}} {
		created, err := f.accounts.CreateOrganisation(context.Background(), accounts.Organisation{Name: o.name, Kind: "municipality", Code: o.code})
		if err != nil {
			t.Fatal(err)
		}
		*o.id = created.ID
	}
	f.rec = &recordingAmbassadors{staffAmbassadors: f.amb}
	h, err := New(Options{Events: f.events, Registrations: f.regs, Ambassadors: f.rec, Notifications: f.notes,
		BaseURL: "https://plein.example", Now: func() time.Time { return now }, Log: testkit.Logger(t),
		Staff: &Staff{Accounts: f.accounts, SessionTTL: time.Hour, Links: accounts.Links{BaseURL: "https://plein.example"}}})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(h)
	t.Cleanup(f.srv.Close)
	return f
}

// signedInTo is a browser signed in as a new account with the roles,
// working for the organisations.
func (f *orgFixture) signedInTo(t *testing.T, email string, orgs []string, roles ...string) *visitor {
	t.Helper()
	if _, err := f.accounts.Create(context.Background(), accounts.NewUser{Email: email, Name: email, Password: staffPassword,
		Roles: roles, OrganisationIDs: orgs}); err != nil {
		t.Fatal(err)
	}
	v := f.browser(t)
	form := v.get("/inloggen").must(t, http.StatusOK)
	v.do("POST", "/inloggen", url.Values{"csrf": {form.csrf(t)}, "email": {email}, "password": {staffPassword}}).
		must(t, http.StatusSeeOther)
	return v
}
