package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/migrations"
	"plein.dev/platform/rule"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

// The store's contract, against a real SQLite file per test: what each
// function promises its callers in app (round trips, keyset order,
// optimistic versions, driver errors as domain errors).

var (
	ctx     = context.Background()
	created = time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)
)

func newDB(t *testing.T) *sqlite.DB {
	t.Helper()
	return testkit.DB(t, migrations.FS)
}

// write runs fn in a write transaction and fails the test on an error.
func write(t *testing.T, db *sqlite.DB, fn func(tx sqlite.Tx) error) {
	t.Helper()
	if err := db.InTx(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

// tryWrite runs fn in a write transaction and returns its error.
func tryWrite(db *sqlite.DB, fn func(tx sqlite.Tx) error) error {
	return db.InTx(ctx, fn)
}

func wantNotFound(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func wantTaken(t *testing.T, err error, field string) {
	t.Helper()
	var re *rule.Error
	if !errors.As(err, &re) || re.Kind != rule.Taken || re.Field() != field {
		t.Fatalf("err = %v, want %s taken", err, field)
	}
}

func programme(id string, startsOn domain.Date) domain.Programme {
	return domain.Programme{ID: id, Name: "Programma " + id, Municipality: "Rotterdam", Description: "",
		Themes: []string{"innovatie", "zorg"}, StartsOn: startsOn, EndsOn: "2027-12-31",
		Status: domain.ProgrammeActive, Owners: []string{"gm0599"}, CreatedAt: created, UpdatedAt: created, Version: 1}
}

func ambassador(id, programmeID, name, email string) domain.Ambassador {
	return domain.Ambassador{ID: id, ProgrammeID: programmeID, Name: name, Email: email,
		AppointedOn: "2025-01-01", TermEndsOn: "2025-12-31", CreatedAt: created, UpdatedAt: created, Version: 1}
}

func activity(id, ambassadorID, programmeID string, on domain.Date) domain.Activity {
	return domain.Activity{ID: id, AmbassadorID: ambassadorID, ProgrammeID: programmeID, Kind: domain.KindCompanyVisit,
		OccurredOn: on, DurationMinutes: 60, Summary: "Bezoek", Organisations: []string{}, Themes: []string{},
		ReviewStatus: domain.ReviewPending, CreatedAt: created, UpdatedAt: created, Version: 1}
}
