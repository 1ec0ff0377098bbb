package httpapi

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/migrations"
	"plein.dev/platform/identity"
	"plein.dev/platform/testkit"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// outOfScope answers every call as the ambassadors service answers an
// organiser asking about an ambassador of another organisation's
// programme: NotFound.
type outOfScope struct{ recordingBackend }

func (b *outOfScope) Invoke(ctx context.Context, method string, req, reply any, opts ...grpc.CallOption) error {
	_ = b.recordingBackend.Invoke(ctx, method, req, reply, opts...)
	return status.Error(codes.NotFound, "ambassador amb1, of a programme of other organisations: not found")
}

// An organiser may link an invited account only to an ambassador the
// ambassadors service finds in their scope: else 404 and no account (the
// account would act as that ambassador). An administrator links any.
func TestInvitationOfAnAmbassadorOutOfScope(t *testing.T) {
	t.Parallel()
	accts, err := accounts.New(testkit.DB(t, migrations.FS), time.Now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	backend := &outOfScope{}
	srv, err := New(context.Background(), Options{Accounts: accts, Log: testkit.Logger(t),
		Backends: Backends{Events: backend, Registrations: backend, Ambassadors: backend, Notifications: backend},
		Links:    accounts.Links{BaseURL: "https://plein.example"}})
	if err != nil {
		t.Fatal(err)
	}
	admin := bearer(t, accts, "admin@example.nl", identity.RoleAdmin)
	org := bearer(t, accts, "org@example.nl", identity.RoleOrganiser)
	body := `{"email": "anouk@example.nl", "name": "Anouk", "roles": ["ambassador"], "ambassadorId": "amb1"}`

	if code, p := call(t, srv, org, "POST", "/api/v1/invitations", body); code != http.StatusNotFound {
		t.Fatalf("organiser invites another organisation's ambassador: %d %v", code, p)
	}
	if calls := backend.take(); !slices.Equal(calls, []string{ambassadorsv1.AmbassadorsService_GetAmbassadorProgress_FullMethodName}) {
		t.Errorf("calls to the services %v, want the ambassador's progress asked once", calls)
	}
	users, err := accts.List(context.Background(), "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 2 {
		t.Errorf("%d accounts after the refused invitation, want the 2 there were", len(users))
	}
	if code, p := call(t, srv, admin, "POST", "/api/v1/invitations", body); code != http.StatusCreated {
		t.Errorf("administrator invites: %d %v", code, p)
	}
	if calls := backend.take(); len(calls) != 0 {
		t.Errorf("an administrator's invitation asked the services %v", calls)
	}
}
