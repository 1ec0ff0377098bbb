package httpapi

import (
	"context"
	"net/http"
	"testing"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
)

// A person sets the language of their e-mails and, as an organiser, the
// daily digest on their own account; GET /api/v1/me shows them.
func TestUpdateMe(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, accts := newAccountsServer(t, nil)
	u, err := accts.Create(ctx, accounts.NewUser{Email: "org@example.nl", Name: "Org", Password: "a long enough password",
		Roles: []string{identity.RoleOrganiser}})
	if err != nil {
		t.Fatal(err)
	}
	token, err := accts.CreateToken(ctx, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	if code, me := call(t, srv, token, "GET", "/api/v1/me", ""); code != http.StatusOK || me["digest"] != false || me["language"] != "nl" {
		t.Fatalf("me before: %d %v", code, me)
	}
	if code, _ := call(t, srv, "", "PATCH", "/api/v1/me", `{"digest": true}`); code != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", code)
	}
	code, p := call(t, srv, token, "PATCH", "/api/v1/me", `{"language": "de"}`)
	if code != http.StatusBadRequest || p["invalidParams"] == nil {
		t.Errorf("language de: %d %v", code, p)
	}
	if code, _ := call(t, srv, token, "PATCH", "/api/v1/me", `{"roles": ["admin"]}`); code != http.StatusBadRequest {
		t.Errorf("roles through /me: %d, want 400 (unknown field)", code)
	}
	if code, me := call(t, srv, token, "PATCH", "/api/v1/me", `{"digest": true, "language": "en"}`); code != http.StatusOK ||
		me["digest"] != true || me["language"] != "en" {
		t.Errorf("patch: %d %v", code, me)
	}
	if code, me := call(t, srv, token, "PATCH", "/api/v1/me", `{"language": "nl"}`); code != http.StatusOK ||
		me["digest"] != true || me["language"] != "nl" {
		t.Errorf("patch language only: %d %v", code, me)
	}
	if code, me := call(t, srv, token, "GET", "/api/v1/me", ""); code != http.StatusOK || me["digest"] != true ||
		len(me["roles"].([]any)) != 1 {
		t.Errorf("me after: %d %v", code, me)
	}
}
