package httpapi

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/gateway/internal/openapi"
	"plein.dev/platform/identity"
)

// httpRules reads proto/plein/http.yaml: the method and path of each rule,
// by selector. Each rule is a list item starting with its selector, followed
// by one get/post/put/patch/delete line.
func httpRules(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "proto", "plein", "http.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]string{}
	var selector string
	for line := range strings.Lines(string(data)) {
		key, value, ok := strings.Cut(strings.TrimPrefix(strings.TrimSpace(line), "- "), ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		switch key {
		case "selector":
			selector = value
			rules[selector] = ""
		case "get", "post", "put", "patch", "delete":
			rules[selector] = strings.ToUpper(key) + " " + value
		}
	}
	if len(rules) == 0 {
		t.Fatal("no rules found in http.yaml")
	}
	return rules
}

var snakeParam = regexp.MustCompile(`_([a-z])`)

// TestRoutesMatchHTTPRules fails on a rule of proto/plein/http.yaml without
// a route (who may call it, its success status) and on a route without a
// rule; it also checks that the generated operations the gateway binds the
// routes to are those of http.yaml.
func TestRoutesMatchHTTPRules(t *testing.T) {
	t.Parallel()
	rules := httpRules(t)
	for _, sel := range slices.Sorted(maps.Keys(rules)) {
		rt, ok := routes[sel]
		if !ok {
			t.Errorf("%s (%s) has no route: add it to routes in routes.go with its access and success status", sel, rules[sel])
			continue
		}
		if err := rt.check(); err != nil {
			t.Errorf("route %s: %v", sel, err)
		}
	}
	for _, sel := range slices.Sorted(maps.Keys(routes)) {
		if _, ok := rules[sel]; !ok {
			t.Errorf("route %s has no rule in proto/plein/http.yaml", sel)
		}
	}

	ops, err := openapi.Generated()
	if err != nil {
		t.Fatal(err)
	}
	bound, err := bindRoutes(routes, ops)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bound {
		// http.yaml names path parameters as the proto fields (event_id);
		// the generated paths and net/http patterns in JSON (eventId).
		want := snakeParam.ReplaceAllStringFunc(rules[b.selector], func(s string) string { return strings.ToUpper(s[1:]) })
		if b.pattern != want {
			t.Errorf("%s is served at %q, http.yaml says %q (run scripts/proto)", b.selector, b.pattern, want)
		}
	}
	if len(bound) != len(rules) {
		t.Errorf("%d generated operations for %d rules (run scripts/proto)", len(bound), len(rules))
	}
}

func TestBindRoutesRefusesAnIncompleteTable(t *testing.T) {
	t.Parallel()
	ops := []openapi.Operation{
		{Method: "POST", Path: "/api/v1/venues", ID: "EventsService_CreateVenue"},
		{Method: "GET", Path: "/api/v1/venues", ID: "EventsService_ListVenues"},
	}
	complete := map[string]route{
		"plein.events.v1.EventsService.CreateVenue": {organiser, http.StatusCreated},
		"plein.events.v1.EventsService.ListVenues":  {public, http.StatusOK},
	}
	if _, err := bindRoutes(complete, ops); err != nil {
		t.Fatalf("complete table refused: %v", err)
	}
	for name, tc := range map[string]struct {
		edit func(map[string]route)
		want string
	}{
		"missing route":      {func(m map[string]route) { delete(m, "plein.events.v1.EventsService.ListVenues") }, "GET /api/v1/venues (EventsService_ListVenues) has no route"},
		"route without rule": {func(m map[string]route) { m["plein.events.v1.EventsService.GetVenue"] = route{public, 200} }, "route plein.events.v1.EventsService.GetVenue has no rule"},
		"no such RPC":        {func(m map[string]route) { m["plein.events.v1.EventsService.GetVenu"] = route{public, 200} }, "no such RPC"},
		"no access":          {func(m map[string]route) { m["plein.events.v1.EventsService.ListVenues"] = route{success: 200} }, `access ""`},
		"no success status":  {func(m map[string]route) { m["plein.events.v1.EventsService.ListVenues"] = route{access: public} }, "success status 0"},
	} {
		table := maps.Clone(complete)
		tc.edit(table)
		_, err := bindRoutes(table, ops)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to say %q", name, err, tc.want)
		}
	}
}

// recordingBackend answers every RPC with an empty success and remembers
// which were called.
type recordingBackend struct {
	mu    sync.Mutex
	calls []string
}

func (b *recordingBackend) Invoke(_ context.Context, method string, _, _ any, _ ...grpc.CallOption) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.calls = append(b.calls, method)
	return nil
}

func (b *recordingBackend) NewStream(context.Context, *grpc.StreamDesc, string, ...grpc.CallOption) (grpc.ClientStream, error) {
	return nil, status.Error(codes.Unimplemented, "no streams here")
}

func (b *recordingBackend) take() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	calls := b.calls
	b.calls = nil
	return calls
}

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// TestRoutesGuardAndAnswerAsDeclared sends every generated route through
// the whole HTTP API as each kind of caller: a caller the route's access
// does not admit gets 401 or 403 and reaches no service; any other reaches
// the route's RPC and gets the route's success status.
func TestRoutesGuardAndAnswerAsDeclared(t *testing.T) {
	t.Parallel()
	backend := &recordingBackend{}
	srv, accts := newTestServer(t, backend)
	type caller struct {
		name  string
		roles []string
		token string
	}
	callers := []caller{{name: "anonymous"}, {name: "ambassador", roles: []string{identity.RoleAmbassador}},
		{name: "organiser", roles: []string{identity.RoleOrganiser}}, {name: "administrator", roles: []string{identity.RoleAdmin}}}
	for i := range callers[1:] {
		c := &callers[i+1]
		c.token = bearer(t, accts, c.name+"@example.nl", c.roles...)
	}
	// denial is what a caller gets from a route's access: 0 when admitted.
	denial := func(a access, c caller) int {
		switch {
		case a == public:
			return 0
		case c.token == "":
			return http.StatusUnauthorized
		case a == signedIn || slices.Contains(c.roles, string(a)):
			return 0
		}
		return http.StatusForbidden
	}

	ops, err := openapi.Generated()
	if err != nil {
		t.Fatal(err)
	}
	bound, err := bindRoutes(routes, ops)
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range bound {
		method, path, _ := strings.Cut(rt.pattern, " ")
		path = pathParam.ReplaceAllString(path, "x1")
		dot := strings.LastIndex(rt.selector, ".")
		rpc := "/" + rt.selector[:dot] + "/" + rt.selector[dot+1:] // the gRPC method name
		for _, c := range callers {
			body := "{}"
			if method == http.MethodGet || method == http.MethodDelete {
				body = ""
			}
			r := httptest.NewRequest(method, path, strings.NewReader(body))
			if c.token != "" {
				r.Header.Set("Authorization", "Bearer "+c.token)
			}
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, r)
			calls := backend.take()
			if want := denial(rt.access, c); want != 0 {
				if w.Code != want || len(calls) > 0 {
					t.Errorf("%s as %s (%s): %d and calls %v, want %d and no call", rt.pattern, c.name, rt.access, w.Code, calls, want)
				}
				continue
			}
			if w.Code != rt.success || !slices.Equal(calls, []string{rpc}) {
				t.Errorf("%s as %s (%s): %d and calls %v, want %d and a call of %s\n%s", rt.pattern, c.name, rt.access,
					w.Code, calls, rt.success, rpc, w.Body)
			}
		}
	}
}
