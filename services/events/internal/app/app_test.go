package app_test

import (
	"context"
	"testing"
	"time"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/domain"
	"plein.dev/events/migrations"
	"plein.dev/platform/identity"
	"plein.dev/platform/page"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	"plein.dev/platform/zone"
)

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// Callers: the use cases read the identity from the context.
var (
	org  = identity.NewContext(context.Background(), identity.Identity{UserID: "u1", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"default"}})
	amb  = identity.NewContext(context.Background(), identity.Identity{UserID: "u2", Roles: []string{identity.RoleAmbassador}, AmbassadorID: "amb-1"})
	anon = context.Background()
)

func newApp(t *testing.T, db *sqlite.DB) *app.App {
	t.Helper()
	return app.New(db, testkit.Logger(t), func() time.Time { return now })
}

// setup returns the use cases on a new database with one venue and one
// room (40 seats, 15 minutes set-up).
func setup(t *testing.T) (*app.App, *sqlite.DB, domain.Room) {
	t.Helper()
	db := testkit.DB(t, migrations.FS)
	s := newApp(t, db)
	v, err := s.CreateVenue(org, domain.Venue{Name: "Ondernemersplein", City: "Rotterdam"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.CreateRoom(org, domain.Room{VenueID: v.ID, Name: "Zaal 1", Capacity: 40, SetupMinutes: 15})
	if err != nil {
		t.Fatal(err)
	}
	return s, db, r
}

func at(day, h, m int) time.Time { return time.Date(2026, 12, day, h, m, 0, 0, time.UTC) }

func ams(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, zone.Amsterdam)
}

// subjects lists the subjects of the outbox in order.
func subjects(t *testing.T, db *sqlite.DB) []string {
	t.Helper()
	var out []string
	if err := db.R.Select(&out, `SELECT subject FROM outbox ORDER BY seq`); err != nil {
		t.Fatal(err)
	}
	return out
}

var firstPage = page.Request[app.EventCursor]{First: true, Size: 500}

// list returns every event an organiser finds with f.
func list(t *testing.T, s *app.App, f app.EventFilter) []domain.Event {
	t.Helper()
	evs, next, err := s.ListEvents(org, f, firstPage)
	if err != nil || next != "" {
		t.Fatalf("list %+v: %v (next %q)", f, err, next)
	}
	return evs
}

func series(t *testing.T, s *app.App, seriesID string) []domain.Event {
	t.Helper()
	return list(t, s, app.EventFilter{SeriesID: seriesID})
}
