package httpapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
)

func TestListUsersPages(t *testing.T) {
	t.Parallel()
	srv, accts := newTestServer(t, &recordingBackend{})
	admin := bearer(t, accts, "Beheer@example.nl", identity.RoleAdmin)
	for _, email := range []string{"carla@example.nl", "Anna@example.nl", "bas@example.nl"} {
		bearer(t, accts, email)
	}
	list := func(query url.Values) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, "/api/v1/users?"+query.Encode(), nil)
		r.Header.Set("Authorization", "Bearer "+admin)
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w
	}

	var got []string
	token, pages := "", 0
	for {
		w := list(url.Values{"pageSize": {"2"}, "pageToken": {token}})
		if w.Code != http.StatusOK {
			t.Fatalf("page %d: %d %s", pages, w.Code, w.Body)
		}
		var resp struct {
			Items         []accounts.User `json:"items"`
			NextPageToken string          `json:"nextPageToken"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
			t.Fatal(err)
		}
		for _, u := range resp.Items {
			got = append(got, u.Email)
		}
		pages++
		if token = resp.NextPageToken; token == "" {
			break
		}
	}
	want := []string{"Anna@example.nl", "bas@example.nl", "Beheer@example.nl", "carla@example.nl"}
	if !slices.Equal(got, want) || pages != 2 {
		t.Errorf("listed %v in %d pages, want %v in 2", got, pages, want)
	}

	for _, bad := range []url.Values{{"pageSize": {"201"}}, {"pageSize": {"-1"}}, {"pageSize": {"two"}}, {"pageToken": {"!!"}}} {
		if w := list(bad); w.Code != http.StatusBadRequest {
			t.Errorf("%v: %d, want 400", bad, w.Code)
		}
	}
}
