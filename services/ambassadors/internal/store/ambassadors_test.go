package store_test

import (
	"reflect"
	"testing"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/sqlite"
)

// withProgrammes stores active programmes with the given ids.
func withProgrammes(t *testing.T, db *sqlite.DB, ids ...string) {
	t.Helper()
	for _, id := range ids {
		write(t, db, func(tx sqlite.Tx) error { return store.InsertProgramme(ctx, tx, programme(id, "2025-01-01")) })
	}
}

func TestAmbassadorRoundTrip(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	withProgrammes(t, db, "p1")
	a := ambassador("a1", "p1", "Anouk", "anouk@example.nl")
	a.Organisation, a.Sector, a.Bio = "RDM Makerspace", "maakindustrie", "Ondernemer"
	a.LeaderboardOptOut, a.TermEndedAnnounced = true, true
	write(t, db, func(tx sqlite.Tx) error { return store.InsertAmbassador(ctx, tx, a) })
	got, err := store.GetAmbassador(ctx, db.R, "a1")
	if err != nil {
		t.Fatal(err)
	}
	// Read with the status and owners of its programme; Status itself is
	// derived.
	a.ProgrammeStatus, a.ProgrammeOwners = domain.ProgrammeActive, []string{"gm0599"}
	if !reflect.DeepEqual(got, a) {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, a)
	}
	_, err = store.GetAmbassador(ctx, db.R, "nope")
	wantNotFound(t, err)
}

// One appointment per e-mail address (ignoring case) per programme; the
// same person may be appointed in another programme.
func TestAmbassadorEmailUniquePerProgramme(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	withProgrammes(t, db, "p1", "p2")
	write(t, db, func(tx sqlite.Tx) error {
		return store.InsertAmbassador(ctx, tx, ambassador("a1", "p1", "Anouk", "anouk@example.nl"))
	})
	err := tryWrite(db, func(tx sqlite.Tx) error {
		return store.InsertAmbassador(ctx, tx, ambassador("a2", "p1", "Anouk", "ANOUK@example.nl"))
	})
	wantTaken(t, err, "email")
	write(t, db, func(tx sqlite.Tx) error {
		return store.InsertAmbassador(ctx, tx, ambassador("a3", "p2", "Anouk", "anouk@example.nl"))
	})
	b := ambassador("b1", "p1", "Bram", "bram@example.nl")
	write(t, db, func(tx sqlite.Tx) error { return store.InsertAmbassador(ctx, tx, b) })
	b.Email, b.Version = "Anouk@example.nl", 2
	wantTaken(t, tryWrite(db, func(tx sqlite.Tx) error { return store.UpdateAmbassador(ctx, tx, b, 1) }), "email")
}

func TestUpdateAmbassadorAtVersion(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	withProgrammes(t, db, "p1")
	a := ambassador("a1", "p1", "Anouk", "anouk@example.nl")
	write(t, db, func(tx sqlite.Tx) error { return store.InsertAmbassador(ctx, tx, a) })
	a.TermEndsOn, a.LeaderboardOptOut, a.Version = "2026-06-30", true, 2
	write(t, db, func(tx sqlite.Tx) error { return store.UpdateAmbassador(ctx, tx, a, 1) })
	a.Name, a.Version = "Verloren", 3
	wantNotFound(t, tryWrite(db, func(tx sqlite.Tx) error { return store.UpdateAmbassador(ctx, tx, a, 1) }))
	got, err := store.GetAmbassador(ctx, db.R, "a1")
	if err != nil || got.TermEndsOn != "2026-06-30" || !got.LeaderboardOptOut || got.Name != "Anouk" || got.Version != 2 {
		t.Fatalf("after updates: %+v, %v", got, err)
	}
}

// A programme's ambassadors by name, then id, after a position.
func TestListAmbassadorsKeyset(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	withProgrammes(t, db, "p1", "p2")
	for _, a := range []domain.Ambassador{ambassador("z", "p1", "Anouk", "a@example.nl"),
		ambassador("y", "p1", "Bram", "b@example.nl"), ambassador("x", "p1", "Anouk", "c@example.nl"),
		ambassador("w", "p2", "Anouk", "a@example.nl")} {
		write(t, db, func(tx sqlite.Tx) error { return store.InsertAmbassador(ctx, tx, a) })
	}
	ids := func(as []domain.Ambassador) []string {
		var out []string
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	page, err := store.ListAmbassadors(ctx, db.R, "p1", "", "", 2)
	if err != nil || !reflect.DeepEqual(ids(page), []string{"x", "z"}) {
		t.Fatalf("first page = %v, %v", ids(page), err)
	}
	page, err = store.ListAmbassadors(ctx, db.R, "p1", "Anouk", "z", 2)
	if err != nil || !reflect.DeepEqual(ids(page), []string{"y"}) {
		t.Fatalf("after (Anouk, z) = %v, %v", ids(page), err)
	}
	all, err := store.ProgrammeAmbassadors(ctx, db.R, "p1")
	if err != nil || !reflect.DeepEqual(ids(all), []string{"x", "z", "y"}) {
		t.Fatalf("programme ambassadors = %v, %v", ids(all), err)
	}
}
