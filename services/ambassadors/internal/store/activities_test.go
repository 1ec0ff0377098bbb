package store_test

import (
	"reflect"
	"testing"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/sqlite"
)

// withAmbassadors stores programme p1 with ambassadors a1 and a2.
func withAmbassadors(t *testing.T, db *sqlite.DB) {
	t.Helper()
	withProgrammes(t, db, "p1")
	for _, a := range []domain.Ambassador{ambassador("a1", "p1", "Anouk", "anouk@example.nl"),
		ambassador("a2", "p1", "Bram", "bram@example.nl")} {
		write(t, db, func(tx sqlite.Tx) error { return store.InsertAmbassador(ctx, tx, a) })
	}
}

func insertActivities(t *testing.T, db *sqlite.DB, xs ...domain.Activity) {
	t.Helper()
	for _, x := range xs {
		write(t, db, func(tx sqlite.Tx) error { return store.InsertActivity(ctx, tx, x) })
	}
}

func activityIDs(xs []domain.Activity) []string {
	var out []string
	for _, x := range xs {
		out = append(out, x.ID)
	}
	return out
}

func TestActivityRoundTrip(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	withAmbassadors(t, db)
	x := activity("x1", "a1", "p1", "2025-06-01")
	x.Kind, x.EventID, x.Credited, x.Attendance, x.EntrepreneursReached = domain.KindEventHosted, "e1", true, 37, 37
	x.Organisations, x.Themes = []string{"RDM", "Gemeente Rotterdam"}, []string{"innovatie"}
	x.ReviewStatus, x.ReviewComment = domain.ReviewReturned, "Welk bedrijf?"
	insertActivities(t, db, x)
	got, err := store.GetActivity(ctx, db.R, "x1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, x) {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, x)
	}
	_, err = store.GetActivity(ctx, db.R, "nope")
	wantNotFound(t, err)
}

// An ambassador has one activity per event; activities without an event
// are not limited.
func TestActivityOncePerEvent(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	withAmbassadors(t, db)
	onEvent := func(id, ambassadorID string) domain.Activity {
		x := activity(id, ambassadorID, "p1", "2025-06-01")
		x.EventID = "e1"
		return x
	}
	insertActivities(t, db, onEvent("x1", "a1"), onEvent("x2", "a2"),
		activity("x3", "a1", "p1", "2025-06-01"), activity("x4", "a1", "p1", "2025-06-01"))
	err := tryWrite(db, func(tx sqlite.Tx) error { return store.InsertActivity(ctx, tx, onEvent("x5", "a1")) })
	wantTaken(t, err, "eventId")
	moved := activity("x3", "a1", "p1", "2025-06-01")
	moved.EventID, moved.Version = "e1", 2
	wantTaken(t, tryWrite(db, func(tx sqlite.Tx) error { return store.UpdateActivity(ctx, tx, moved, 1) }), "eventId")
	onE1, err := store.EventActivities(ctx, db.R, "e1")
	if err != nil || !reflect.DeepEqual(activityIDs(onE1), []string{"x1", "x2"}) {
		t.Fatalf("activities of e1 = %v, %v", activityIDs(onE1), err)
	}
}

// Updates and deletes apply only at the version read.
func TestActivityChangesAtVersion(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	withAmbassadors(t, db)
	x := activity("x1", "a1", "p1", "2025-06-01")
	insertActivities(t, db, x)
	x.Summary, x.ReviewStatus, x.Attendance, x.Version = "Anders", domain.ReviewApproved, 12, 2
	write(t, db, func(tx sqlite.Tx) error { return store.UpdateActivity(ctx, tx, x, 1) })
	stale := x
	stale.Summary = "Verloren"
	wantNotFound(t, tryWrite(db, func(tx sqlite.Tx) error { return store.UpdateActivity(ctx, tx, stale, 1) }))
	wantNotFound(t, tryWrite(db, func(tx sqlite.Tx) error { return store.DeleteActivity(ctx, tx, "x1", 1) }))
	got, err := store.GetActivity(ctx, db.R, "x1")
	if err != nil || got.Summary != "Anders" || got.ReviewStatus != domain.ReviewApproved || got.Attendance != 12 {
		t.Fatalf("after updates: %+v, %v", got, err)
	}
	write(t, db, func(tx sqlite.Tx) error { return store.DeleteActivity(ctx, tx, "x1", 2) })
	_, err = store.GetActivity(ctx, db.R, "x1")
	wantNotFound(t, err)
}

// An ambassador's activities latest first by date, then id, before a
// position; a programme's within a period (both days included).
func TestListActivities(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	withAmbassadors(t, db)
	insertActivities(t, db, activity("b", "a1", "p1", "2025-03-01"), activity("c", "a1", "p1", "2025-06-01"),
		activity("a", "a1", "p1", "2025-06-01"), activity("d", "a1", "p1", "2025-01-15"),
		activity("e", "a2", "p1", "2025-06-30"))

	first, err := store.ListActivities(ctx, db.R, "a1", "", "", 2)
	if err != nil || !reflect.DeepEqual(activityIDs(first), []string{"c", "a"}) {
		t.Fatalf("first page = %v, %v", activityIDs(first), err)
	}
	next, err := store.ListActivities(ctx, db.R, "a1", "2025-06-01", "a", 2)
	if err != nil || !reflect.DeepEqual(activityIDs(next), []string{"b", "d"}) {
		t.Fatalf("before (2025-06-01, a) = %v, %v", activityIDs(next), err)
	}
	all, err := store.AmbassadorActivities(ctx, db.R, "a1")
	if err != nil || !reflect.DeepEqual(activityIDs(all), []string{"d", "b", "a", "c"}) {
		t.Fatalf("ambassador activities = %v, %v", activityIDs(all), err)
	}
	period, err := store.ProgrammeActivities(ctx, db.R, "p1", "2025-03-01", "2025-06-30")
	if err != nil || !reflect.DeepEqual(activityIDs(period), []string{"b", "a", "c", "e"}) {
		t.Fatalf("programme activities 2025-03-01..2025-06-30 = %v, %v", activityIDs(period), err)
	}
}
