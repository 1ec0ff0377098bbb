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
	"plein.dev/platform/identity"
	"plein.dev/platform/testkit"
)

// mailbox is a Mailer that keeps what it is given.
type mailbox struct{ mails []accounts.Mail }

func (m *mailbox) Send(_ context.Context, mail accounts.Mail) error {
	m.mails = append(m.mails, mail)
	return nil
}

func newAccountsServer(t *testing.T, mailer accounts.Mailer) (*Server, *accounts.Store) {
	t.Helper()
	accts, err := accounts.New(testkit.DB(t, migrations.FS), time.Now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	backend := &recordingBackend{}
	srv, err := New(context.Background(), Options{Accounts: accts, Log: testkit.Logger(t),
		Backends: Backends{Events: backend, Registrations: backend, Ambassadors: backend, Notifications: backend},
		Links:    accounts.Links{BaseURL: "https://plein.example", Mailer: mailer}})
	if err != nil {
		t.Fatal(err)
	}
	return srv, accts
}

// call sends a JSON request with a bearer token and decodes the answer.
func call(t *testing.T, srv http.Handler, token, method, path, body string) (int, map[string]any) {
	t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, r)
	var m map[string]any
	if w.Body.Len() > 0 {
		if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
			t.Fatalf("%s %s: %v\n%s", method, path, err, w.Body)
		}
	}
	return w.Code, m
}

func TestInvitations(t *testing.T) {
	t.Parallel()
	srv, accts := newAccountsServer(t, nil)
	admin := bearer(t, accts, "admin@example.nl", identity.RoleAdmin)
	org := bearer(t, accts, "org@example.nl", identity.RoleOrganiser)
	amb := bearer(t, accts, "amb@example.nl", identity.RoleAmbassador)
	invite := func(token, body string) (int, map[string]any) {
		return call(t, srv, token, "POST", "/api/v1/invitations", body)
	}
	ambassador := `{"email": "anouk@example.nl", "name": "Anouk", "roles": ["ambassador"], "ambassadorId": "amb1"}`
	for _, tc := range []struct {
		name, token, body string
		want              int
	}{
		{"anonymous", "", ambassador, 401},
		{"ambassador", amb, ambassador, 403},
		{"organiser invites an admin", org, `{"email": "x@example.nl", "name": "X", "roles": ["admin"]}`, 403},
		{"no address", admin, `{"name": "X", "roles": []}`, 400},
		{"ambassador without ambassadorId", admin, `{"email": "x@example.nl", "name": "X", "roles": ["ambassador"]}`, 400},
		{"unknown role", admin, `{"email": "x@example.nl", "name": "X", "roles": ["root"]}`, 400},
		{"a password is not for invitations", admin, `{"email": "x@example.nl", "name": "X", "password": "a long enough password"}`, 400},
		{"an account exists", admin, `{"email": "ORG@example.nl", "name": "X", "roles": []}`, 409},
	} {
		if code, p := invite(tc.token, tc.body); code != tc.want {
			t.Errorf("%s: %d %v, want %d", tc.name, code, p, tc.want)
		}
	}

	code, resp := invite(org, ambassador)
	if code != http.StatusCreated || resp["mailed"] != false {
		t.Fatalf("organiser invites an ambassador: %d %v", code, resp)
	}
	link, _ := resp["activationUrl"].(string)
	token, ok := strings.CutPrefix(link, "https://plein.example/account/activeren?token=")
	if !ok {
		t.Fatalf("activationUrl %q", link)
	}
	user := resp["user"].(map[string]any)
	if user["activated"] != false || user["active"] != true || user["ambassadorId"] != "amb1" {
		t.Errorf("invited user %v", user)
	}
	expires, err := time.Parse(time.RFC3339, resp["expiresAt"].(string))
	if err != nil || time.Until(expires) < 7*24*time.Hour-time.Minute || time.Until(expires) > 7*24*time.Hour {
		t.Errorf("expires %v (%v)", expires, err)
	}
	if _, err := accts.UseLink(context.Background(), accounts.Activate, token, "a long enough password"); err != nil {
		t.Fatalf("activate: %v", err)
	}
	if code, _ := invite(admin, ambassador); code != http.StatusConflict {
		t.Errorf("inviting an activated account: %d", code)
	}
	if code, _ := invite(admin, `{"email": "boss@example.nl", "name": "Boss", "roles": ["admin", "organiser"]}`); code != http.StatusCreated {
		t.Errorf("admin invites an admin: %d", code)
	}
}

func TestInvitationMailedShowsNoLink(t *testing.T) {
	t.Parallel()
	box := &mailbox{}
	srv, accts := newAccountsServer(t, box)
	admin := bearer(t, accts, "admin@example.nl", identity.RoleAdmin)
	code, resp := call(t, srv, admin, "POST", "/api/v1/invitations", `{"email": "bram@example.nl", "name": "Bram", "roles": ["organiser"]}`)
	if code != http.StatusCreated || resp["mailed"] != true || resp["activationUrl"] != nil {
		t.Fatalf("%d %v", code, resp)
	}
	if len(box.mails) != 1 || box.mails[0].To != "bram@example.nl" || !strings.Contains(box.mails[0].URL, "/account/activeren?token=") {
		t.Errorf("mailed %+v", box.mails)
	}
}

func TestUpdateUser(t *testing.T) {
	t.Parallel()
	srv, accts := newAccountsServer(t, nil)
	admin := bearer(t, accts, "admin@example.nl", identity.RoleAdmin)
	org := bearer(t, accts, "org@example.nl", identity.RoleOrganiser)
	users, err := accts.List(context.Background(), "", 10)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, u := range users {
		ids[u.Email] = u.ID
	}
	patch := func(token, id, body string) (int, map[string]any) {
		return call(t, srv, token, "PATCH", "/api/v1/users/"+id, body)
	}
	if code, _ := patch(org, ids["org@example.nl"], `{"active": false}`); code != http.StatusForbidden {
		t.Errorf("organiser: %d", code)
	}
	if code, _ := patch(admin, "nobody", `{"active": false}`); code != http.StatusNotFound {
		t.Errorf("unknown user: %d", code)
	}
	if code, _ := patch(admin, ids["admin@example.nl"], `{"active": false}`); code != http.StatusUnprocessableEntity {
		t.Errorf("self-deactivation: %d", code)
	}
	if code, _ := patch(admin, ids["admin@example.nl"], `{"roles": ["organiser"]}`); code != http.StatusUnprocessableEntity {
		t.Errorf("dropping one's own admin role: %d", code)
	}
	if code, _ := patch(admin, ids["org@example.nl"], `{"roles": ["ambassador"]}`); code != http.StatusUnprocessableEntity {
		t.Errorf("ambassador without an ambassador: %d", code)
	}
	if code, _ := patch(admin, ids["org@example.nl"], `{"roles": ["chief"]}`); code != http.StatusBadRequest {
		t.Errorf("unknown role: %d", code)
	}
	code, u := patch(admin, ids["org@example.nl"], `{"active": false}`)
	if code != http.StatusOK || u["active"] != false {
		t.Fatalf("deactivate: %d %v", code, u)
	}
	if code, _ := call(t, srv, org, "GET", "/api/v1/me", ""); code != http.StatusUnauthorized {
		t.Errorf("a deactivated account's token: %d", code)
	}
	code, u = patch(admin, ids["org@example.nl"], `{"active": true, "roles": ["organiser", "admin"]}`)
	if code != http.StatusOK || u["active"] != true || len(u["roles"].([]any)) != 2 {
		t.Fatalf("reactivate: %d %v", code, u)
	}
	if code, me := call(t, srv, org, "GET", "/api/v1/me", ""); code != http.StatusOK || len(me["roles"].([]any)) != 2 {
		t.Errorf("me after reactivation: %d %v", code, me)
	}
}

func TestTokensListAndRevoke(t *testing.T) {
	t.Parallel()
	srv, accts := newAccountsServer(t, nil)
	eva := bearer(t, accts, "eva@example.nl")
	frank := bearer(t, accts, "frank@example.nl")
	code, made := call(t, srv, eva, "POST", "/api/v1/tokens",
		`{"name": "export", "expiresAt": "`+time.Now().Add(48*time.Hour).UTC().Format(time.RFC3339)+`"}`)
	if code != http.StatusCreated || made["id"] == "" || !strings.HasPrefix(made["token"].(string), "plein_") || made["expiresAt"] == nil {
		t.Fatalf("create: %d %v", code, made)
	}
	for _, bad := range []string{time.Now().Add(-time.Hour).UTC().Format(time.RFC3339), time.Now().Add(400 * 24 * time.Hour).UTC().Format(time.RFC3339)} {
		if code, _ := call(t, srv, eva, "POST", "/api/v1/tokens", `{"name": "x", "expiresAt": "`+bad+`"}`); code != http.StatusUnprocessableEntity {
			t.Errorf("expiresAt %s: %d", bad, code)
		}
	}
	code, list := call(t, srv, eva, "GET", "/api/v1/tokens", "")
	items, _ := list["items"].([]any)
	if code != http.StatusOK || len(items) != 2 {
		t.Fatalf("list: %d %v", code, list)
	}
	first := items[0].(map[string]any)
	if first["name"] != "test" || first["lastUsedAt"] == nil || first["token"] != nil {
		t.Errorf("the token in use: %v", first)
	}
	if code, _ := call(t, srv, frank, "DELETE", "/api/v1/tokens/"+made["id"].(string), ""); code != http.StatusNotFound {
		t.Errorf("revoke another's token: %d", code)
	}
	if code, _ := call(t, srv, eva, "DELETE", "/api/v1/tokens/"+made["id"].(string), ""); code != http.StatusNoContent {
		t.Errorf("revoke: %d", code)
	}
	if code, _ := call(t, srv, made["token"].(string), "GET", "/api/v1/me", ""); code != http.StatusUnauthorized {
		t.Errorf("a revoked token: %d", code)
	}
	if code, _ := call(t, srv, "", "GET", "/api/v1/tokens", ""); code != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", code)
	}
}
