package httpapi

import (
	"fmt"
	"slices"
	"testing"

	"plein.dev/platform/identity"
)

func TestOrganisations(t *testing.T) {
	t.Parallel()
	srv, accts := newAccountsServer(t, nil)
	admin := bearer(t, accts, "admin@example.nl", identity.RoleAdmin)
	org := bearer(t, accts, "org@example.nl", identity.RoleOrganiser)
	amb := bearer(t, accts, "amb@example.nl", identity.RoleAmbassador)

	// Before a second organisation exists, a new organiser joins the
	// default one.
	if code, me := call(t, srv, org, "GET", "/api/v1/me", ""); code != 200 || fmt.Sprint(me["organisationIds"]) != "[default]" {
		t.Fatalf("organiser's organisations: %d %v", code, me["organisationIds"])
	}

	for _, tc := range []struct {
		name, token, body string
		want              int
	}{
		{"anonymous", "", `{"name": "Velsen", "kind": "municipality"}`, 401},
		{"organiser", org, `{"name": "Velsen", "kind": "municipality"}`, 403},
		{"unknown kind", admin, `{"name": "Velsen", "kind": "city"}`, 400},
		{"not a CBS code", admin, `{"name": "Velsen", "kind": "municipality", "code": "0453"}`, 400},
		{"no name", admin, `{"kind": "region"}`, 400},
		{"a municipality", admin, `{"name": "Velsen", "kind": "municipality", "code": "gm0453"}`, 201},
		{"same name", admin, `{"name": "velsen", "kind": "other"}`, 409},
		{"same code", admin, `{"name": "Beverwijk", "kind": "municipality", "code": "GM0375"}`, 201},
		{"same code again", admin, `{"name": "Heemskerk", "kind": "municipality", "code": "GM0375"}`, 409},
		{"a free code for the KvK", admin, `{"name": "KvK", "kind": "kvk", "code": "kvk-nh"}`, 201},
	} {
		if code, body := call(t, srv, tc.token, "POST", "/api/v1/organisations", tc.body); code != tc.want {
			t.Errorf("%s: %d, want %d\n%v", tc.name, code, tc.want, body)
		}
	}

	code, list := call(t, srv, org, "GET", "/api/v1/organisations", "")
	if code != 200 {
		t.Fatalf("organiser lists: %d %v", code, list)
	}
	var names []string
	velsen := ""
	for _, it := range list["items"].([]any) {
		o := it.(map[string]any)
		names = append(names, o["name"].(string))
		if o["name"] == "Velsen" {
			velsen = o["id"].(string)
			if o["code"] != "GM0453" {
				t.Errorf("Velsen's code = %v, want GM0453", o["code"])
			}
		}
	}
	if want := []string{"Beverwijk", "KvK", "Standaardorganisatie", "Velsen"}; !slices.Equal(names, want) {
		t.Errorf("organisations = %v, want %v", names, want)
	}
	if code, _ := call(t, srv, amb, "GET", "/api/v1/organisations", ""); code != 403 {
		t.Errorf("ambassador lists: %d, want 403", code)
	}

	// Now that there are several, a new organiser has none unless given.
	code, created := call(t, srv, admin, "POST", "/api/v1/users",
		`{"email": "o2@example.nl", "name": "O2", "password": "a long enough password", "roles": ["organiser"]}`)
	if code != 201 || fmt.Sprint(created["user"].(map[string]any)["organisationIds"]) != "[]" {
		t.Errorf("organiser made after a second organisation: %d %v", code, created)
	}
	id := created["user"].(map[string]any)["id"].(string)
	if code, u := call(t, srv, admin, "PATCH", "/api/v1/users/"+id, `{"organisationIds": ["`+velsen+`", "default"]}`); code != 200 ||
		fmt.Sprint(u["organisationIds"]) != "["+velsen+" default]" {
		t.Errorf("set organisations: %d %v", code, u)
	}
	if code, _ := call(t, srv, admin, "PATCH", "/api/v1/users/"+id, `{"organisationIds": ["nowhere"]}`); code != 422 {
		t.Errorf("unknown organisation: %d, want 422", code)
	}

	// An organiser invites into their own organisations only, and by
	// default into all of them.
	if code, _ := call(t, srv, org, "POST", "/api/v1/invitations",
		`{"email": "x@example.nl", "name": "X", "roles": ["organiser"], "organisationIds": ["`+velsen+`"]}`); code != 422 {
		t.Errorf("organiser invites into another organisation: %d, want 422", code)
	}
	code, inv := call(t, srv, org, "POST", "/api/v1/invitations", `{"email": "y@example.nl", "name": "Y", "roles": ["organiser"]}`)
	if code != 201 || fmt.Sprint(inv["user"].(map[string]any)["organisationIds"]) != "[default]" {
		t.Errorf("organiser invites: %d %v", code, inv)
	}
}
