package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"plein.dev/platform/identity"
	"plein.dev/platform/page"
	"plein.dev/platform/rule"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/migrations"
)

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// The callers: the gRPC interceptors put the identity in the context.
var (
	anon  = context.Background()
	org   = identity.NewContext(context.Background(), identity.Identity{UserID: "o1", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"default"}})
	admin = identity.NewContext(context.Background(), identity.Identity{UserID: "a1", Roles: []string{identity.RoleAdmin}})
	amb   = identity.NewContext(context.Background(), identity.Identity{UserID: "m1", Roles: []string{identity.RoleAmbassador}})
)

func setup(t testing.TB) (*app.App, *sqlite.DB) {
	t.Helper()
	db := testkit.DB(t, migrations.FS)
	return app.New(db, testkit.Logger(t), func() time.Time { return now }), db
}

// publish puts a published public event with capacity seats in the
// projection, as its message from the events service would.
func publish(t testing.TB, a *app.App, db *sqlite.DB, id string, capacity int) domain.Event {
	t.Helper()
	ev := domain.Event{ID: id, Title: "Ontbijtsessie " + id, StartsAt: now.Add(48 * time.Hour),
		EndsAt: now.Add(50 * time.Hour), Capacity: capacity, Status: domain.EventPublished,
		Visibility: domain.VisibilityPublic, Version: 1}
	applyEvent(t, a, db, ev, "")
	return ev
}

// applyEvent applies an event message as the consumer does: in a
// transaction of its own.
func applyEvent(t testing.TB, a *app.App, db *sqlite.DB, ev domain.Event, reason string) {
	t.Helper()
	err := db.InTx(context.Background(), func(tx sqlite.Tx) error { return a.ApplyEvent(context.Background(), tx, ev, reason) })
	if err != nil {
		t.Fatal(err)
	}
}

func outboxSubjects(t *testing.T, db *sqlite.DB) map[string]int {
	t.Helper()
	var subjects []string
	if err := db.R.Select(&subjects, `SELECT subject FROM outbox ORDER BY seq`); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, s := range subjects {
		out[s]++
	}
	return out
}

func mustRegister(t *testing.T, a *app.App, eventID, email string) (domain.Registration, string) {
	t.Helper()
	r, tok, err := a.Register(anon, app.RegisterRequest{EventID: eventID, Name: "N " + email, Email: email})
	if err != nil {
		t.Fatalf("register %s: %v", email, err)
	}
	return r, tok
}

func mustGet(t *testing.T, a *app.App, id string) domain.Registration {
	t.Helper()
	r, err := a.Get(org, id, "")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// list returns every registration of the query, in arrival order.
func list(t *testing.T, a *app.App, q app.RegistrationQuery) []domain.Registration {
	t.Helper()
	regs, next, err := a.List(org, q, page.Request[app.RegistrationCursor]{Size: 10_000})
	if err != nil || next != "" {
		t.Fatalf("list %+v: %v (next %q)", q, err, next)
	}
	return regs
}

func seats(t *testing.T, a *app.App, eventID string) domain.Seats {
	t.Helper()
	s, err := a.Seats(org, eventID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// ruleError returns the rule error err carries, or fails.
func ruleError(t *testing.T, err error) *rule.Error {
	t.Helper()
	var re *rule.Error
	if !errors.As(err, &re) {
		t.Fatalf("%v, want a rule error", err)
	}
	return re
}

func ruleField(t *testing.T, err error) string {
	t.Helper()
	return ruleError(t, err).Field()
}
