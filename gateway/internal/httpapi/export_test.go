package httpapi

import (
	"context"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/migrations"
	"plein.dev/platform/grpcserver"
	"plein.dev/platform/identity"
	"plein.dev/platform/testkit"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// The services' parts of an export, each checking that the caller is an
// administrator; notifications fails while mailsDown is set.
type (
	exportRegistrations struct {
		registrationsv1.UnimplementedRegistrationsServiceServer
	}
	exportMails struct {
		notificationsv1.UnimplementedNotificationsServiceServer
		down *atomic.Bool
	}
	exportAmbassadors struct {
		ambassadorsv1.UnimplementedAmbassadorsServiceServer
	}
	exportEvents struct {
		eventsv1.UnimplementedEventsServiceServer
		down *atomic.Bool
	}
)

func (e exportEvents) ExportPerson(ctx context.Context, req *eventsv1.ExportPersonRequest) (*eventsv1.ExportPersonResponse, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return nil, err
	}
	if e.down.Load() {
		return nil, status.Error(codes.Unavailable, "down")
	}
	return &eventsv1.ExportPersonResponse{Contacts: []*eventsv1.EventContactOf{{EventId: "e1", EventTitle: "Havendag",
		Contact: &eventsv1.EventContact{Name: "Anna", Role: "contact", Email: req.GetEmail()}}}}, nil
}

func (exportRegistrations) ExportPerson(ctx context.Context, req *registrationsv1.ExportPersonRequest) (*registrationsv1.ExportPersonResponse, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return nil, err
	}
	return &registrationsv1.ExportPersonResponse{Items: []*registrationsv1.Registration{{Id: "r1", Email: req.GetEmail()}}}, nil
}

func (m exportMails) ExportPerson(ctx context.Context, _ *notificationsv1.ExportPersonRequest) (*notificationsv1.ExportPersonResponse, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return nil, err
	}
	if m.down.Load() {
		return nil, status.Error(codes.Unavailable, "down")
	}
	return &notificationsv1.ExportPersonResponse{Emails: []*notificationsv1.Email{{Id: "m1"}, {Id: "m2"}}}, nil
}

func (exportAmbassadors) ExportPerson(ctx context.Context, _ *ambassadorsv1.ExportPersonRequest) (*ambassadorsv1.ExportPersonResponse, error) {
	if err := identity.Require(ctx, identity.RoleAdmin); err != nil {
		return nil, err
	}
	return &ambassadorsv1.ExportPersonResponse{Ambassadors: []*ambassadorsv1.Ambassador{{Id: "a1"}},
		Activities: []*ambassadorsv1.Activity{{Id: "x1"}}, Ideas: []*ambassadorsv1.Idea{{Id: "i1"}, {Id: "i2"}},
		Contacts: []*ambassadorsv1.ProgrammeContactOf{{ProgrammeId: "p1", ProgrammeName: "Havens"}}}, nil
}

// The export gathers every service's part and the account into one
// document, for administrators only; when a part fails, the whole export
// fails with that part's status rather than leave it out.
func TestExportPerson(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var mailsDown, eventsDown atomic.Bool
	srv, _ := grpcserver.New(testkit.Logger(t))
	registrationsv1.RegisterRegistrationsServiceServer(srv, exportRegistrations{})
	notificationsv1.RegisterNotificationsServiceServer(srv, exportMails{down: &mailsDown})
	ambassadorsv1.RegisterAmbassadorsServiceServer(srv, exportAmbassadors{})
	eventsv1.RegisterEventsServiceServer(srv, exportEvents{down: &eventsDown})
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	conn := dialForwarding(t, lis.Addr().String())

	accts, err := accounts.New(testkit.DB(t, migrations.FS), time.Now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	api, err := New(ctx, Options{Accounts: accts, Log: testkit.Logger(t),
		Backends: Backends{Events: conn, Registrations: conn, Ambassadors: conn, Notifications: conn}})
	if err != nil {
		t.Fatal(err)
	}
	admin := bearer(t, accts, "admin@example.nl", identity.RoleAdmin)
	organiser := bearer(t, accts, "anna@example.nl", identity.RoleOrganiser)

	code, doc := call(t, api, admin, "GET", "/api/v1/people/export?email=Anna@Example.nl", "")
	if code != http.StatusOK {
		t.Fatalf("export: %d %v", code, doc)
	}
	account, _ := doc["account"].(map[string]any)
	if doc["email"] != "Anna@Example.nl" || account["email"] != "anna@example.nl" ||
		len(doc["registrations"].([]any)) != 1 || len(doc["emails"].([]any)) != 2 ||
		len(doc["ambassadors"].([]any)) != 1 || len(doc["activities"].([]any)) != 1 {
		t.Errorf("export %v", doc)
	}
	ideas, _ := doc["ideas"].([]any)
	programmeContacts, _ := doc["programmeContacts"].([]any)
	eventContacts, _ := doc["eventContacts"].([]any)
	if len(ideas) != 2 || len(programmeContacts) != 1 || len(eventContacts) != 1 {
		t.Fatalf("ideas %v, programme contacts %v, event contacts %v", doc["ideas"], doc["programmeContacts"], doc["eventContacts"])
	}
	if ec := eventContacts[0].(map[string]any); ec["eventTitle"] != "Havendag" || ec["contact"].(map[string]any)["email"] != "Anna@Example.nl" {
		t.Errorf("event contact %v", ec)
	}
	if pc := programmeContacts[0].(map[string]any); pc["programmeName"] != "Havens" {
		t.Errorf("programme contact %v", pc)
	}
	if code, doc := call(t, api, admin, "GET", "/api/v1/people/export?email=nobody@example.nl", ""); code != http.StatusOK || doc["account"] != nil {
		t.Errorf("an address without an account: %d %v", code, doc["account"])
	}
	if code, _ := call(t, api, organiser, "GET", "/api/v1/people/export?email=anna@example.nl", ""); code != http.StatusForbidden {
		t.Errorf("an organiser's export: %d, want 403", code)
	}
	if code, _ := call(t, api, admin, "GET", "/api/v1/people/export", ""); code != http.StatusBadRequest {
		t.Errorf("an export without address: %d, want 400", code)
	}
	mailsDown.Store(true)
	if code, doc := call(t, api, admin, "GET", "/api/v1/people/export?email=anna@example.nl", ""); code != http.StatusServiceUnavailable || doc["registrations"] != nil {
		t.Errorf("an export with notifications down: %d %v, want 503 and no partial document", code, doc)
	}
	mailsDown.Store(false)
	eventsDown.Store(true)
	if code, doc := call(t, api, admin, "GET", "/api/v1/people/export?email=anna@example.nl", ""); code != http.StatusServiceUnavailable || doc["registrations"] != nil {
		t.Errorf("an export with events down: %d %v, want 503 and no partial document", code, doc)
	}
}
