package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/migrations"
	"plein.dev/platform/testkit"
)

// The public idea form is limited per client address (PLEIN_IDEA_RATE),
// apart from registrations: an address past its ideas still registers, and
// the answer says what it made too many of.
func TestIdeasRateLimitedPerAddress(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, migrations.FS)
	accts, err := accounts.New(db, time.Now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	backend := &recordingBackend{}
	srv, err := New(context.Background(), Options{Accounts: accts, Log: testkit.Logger(t), RegistrationRate: 1, IdeaRate: 2,
		Backends: Backends{Events: backend, Registrations: backend, Ambassadors: backend, Notifications: backend}})
	if err != nil {
		t.Fatal(err)
	}
	post := func(path, peer, body string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		r.RemoteAddr = peer
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w
	}
	idea := `{"name":"Sanne","email":"sanne@example.nl","title":"Bezorgdienst","description":"Samen bezorgen","consent":true}`
	for i, want := range []int{201, 201, 429} {
		if w := post("/api/v1/programmes/p1/ideas", "192.0.2.1:1000", idea); w.Code != want {
			t.Fatalf("idea %d: %d, want %d", i+1, w.Code, want)
		}
	}
	w := post("/api/v1/programmes/p2/ideas", "192.0.2.1:1001", idea)
	var problem struct{ Detail string }
	if err := json.Unmarshal(w.Body.Bytes(), &problem); err != nil || w.Code != 429 ||
		!strings.Contains(problem.Detail, "too many ideas") || w.Header().Get("Retry-After") == "" {
		t.Errorf("another programme, same address: %d %s", w.Code, w.Body)
	}
	if w := post("/api/v1/programmes/p1/ideas", "198.51.100.9:1000", idea); w.Code != 201 {
		t.Errorf("another address: %d", w.Code)
	}
	reg := `{"name":"Anna","email":"anna@example.nl","consent":true}`
	if w := post("/api/v1/events/e1/registrations", "192.0.2.1:1002", reg); w.Code != 201 {
		t.Errorf("a registration from the address out of ideas: %d", w.Code)
	}
}

// The form's rule (Server.IdeaLimit) draws on the API's budget: an
// address that sent its ideas through the API is refused on the form, and
// the other way round; registrations keep their own.
func TestIdeaLimitSharedWithTheForm(t *testing.T) {
	t.Parallel()
	db := testkit.DB(t, migrations.FS)
	accts, err := accounts.New(db, time.Now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	backend := &recordingBackend{}
	srv, err := New(context.Background(), Options{Accounts: accts, Log: testkit.Logger(t), RegistrationRate: 5, IdeaRate: 2,
		Backends: Backends{Events: backend, Registrations: backend, Ambassadors: backend, Notifications: backend}})
	if err != nil {
		t.Fatal(err)
	}
	form := srv.IdeaLimit()
	if form == nil {
		t.Fatal("no idea rule for the form")
	}
	formFrom := func(peer string) bool {
		r := httptest.NewRequest(http.MethodPost, "/ideeen/p1", nil)
		r.RemoteAddr = peer
		ok, wait := form(r)
		if !ok && wait <= 0 {
			t.Errorf("refused without a wait")
		}
		return ok
	}
	api := func(peer string) int {
		r := httptest.NewRequest(http.MethodPost, "/api/v1/programmes/p1/ideas",
			strings.NewReader(`{"name":"S","email":"s@example.nl","title":"T","description":"D","consent":true}`))
		r.RemoteAddr, r.Header["Content-Type"] = peer, []string{"application/json"}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w.Code
	}
	// One through the form, one through the API: the third either way is refused.
	if !formFrom("192.0.2.1:1") || api("192.0.2.1:2") != 201 {
		t.Fatal("the first two ideas refused")
	}
	if formFrom("192.0.2.1:3") {
		t.Error("the form accepted a third idea")
	}
	if code := api("192.0.2.1:4"); code != 429 {
		t.Errorf("the API accepted a third idea: %d", code)
	}
	if !formFrom("198.51.100.9:1") {
		t.Error("another address refused")
	}
	if rule := (&Server{}).IdeaLimit(); rule != nil {
		t.Error("a server without an idea limit gave a rule")
	}
}
