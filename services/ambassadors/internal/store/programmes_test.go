package store_test

import (
	"reflect"
	"testing"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
	"plein.dev/platform/sqlite"
)

func TestProgrammeRoundTrip(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	p := programme("p1", "2025-01-01")
	p.Description = "Ambassadeurs van de maakindustrie"
	p.Targets = []domain.Target{
		{Metric: domain.MetricActivities, Value: 10, Kind: domain.KindCompanyVisit, Scope: domain.ScopeAmbassador, Period: domain.PeriodYear},
		{Metric: domain.MetricMinutes, Value: 600, Theme: "zorg", Scope: domain.ScopeProgramme, Period: domain.PeriodTerm},
	}
	write(t, db, func(tx sqlite.Tx) error { return store.InsertProgramme(ctx, tx, p) })
	got, err := store.GetProgramme(ctx, db.R, "p1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, p) {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, p)
	}
	_, err = store.GetProgramme(ctx, db.R, "nope")
	wantNotFound(t, err)
}

// An update applies only at the version read: a stale version or a
// missing programme is ErrNotFound, and nothing changes.
func TestUpdateProgrammeAtVersion(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	p := programme("p1", "2025-01-01")
	write(t, db, func(tx sqlite.Tx) error { return store.InsertProgramme(ctx, tx, p) })

	p.Name, p.Status, p.Version = "Nieuw", domain.ProgrammeClosed, 2
	write(t, db, func(tx sqlite.Tx) error { return store.UpdateProgramme(ctx, tx, p, 1) })
	stale := p
	stale.Name, stale.Version = "Verloren", 3
	wantNotFound(t, tryWrite(db, func(tx sqlite.Tx) error { return store.UpdateProgramme(ctx, tx, stale, 1) }))
	missing := programme("nope", "2025-01-01")
	wantNotFound(t, tryWrite(db, func(tx sqlite.Tx) error { return store.UpdateProgramme(ctx, tx, missing, 1) }))

	got, err := store.GetProgramme(ctx, db.R, "p1")
	if err != nil || got.Name != "Nieuw" || got.Status != domain.ProgrammeClosed || got.Version != 2 {
		t.Fatalf("after updates: %+v, %v", got, err)
	}
}

// Programmes are listed by start date, then id, after a position; a page
// never repeats or skips a programme.
func TestListProgrammesKeyset(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	owned := func(p domain.Programme, owners ...string) domain.Programme {
		p.Owners = owners
		p.Partners = []domain.Partner{{OrganisationID: "kvk", Role: "kennispartner"}}
		return p
	}
	for _, p := range []domain.Programme{owned(programme("c", "2025-01-01"), "gm0453"), owned(programme("a", "2026-01-01"), "gm0375"),
		owned(programme("b", "2025-01-01"), "gm0375", "gm0453"), programme("d", "2024-06-01")} {
		write(t, db, func(tx sqlite.Tx) error { return store.InsertProgramme(ctx, tx, p) })
	}
	ids := func(ps []domain.Programme) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	first, err := store.ListProgrammes(ctx, db.R, store.ProgrammeFilter{Limit: 3})
	if err != nil || !reflect.DeepEqual(ids(first), []string{"d", "b", "c"}) {
		t.Fatalf("first page = %v, %v", ids(first), err)
	}
	rest, err := store.ListProgrammes(ctx, db.R, store.ProgrammeFilter{AfterStart: "2025-01-01", AfterID: "b", Limit: 3})
	if err != nil || !reflect.DeepEqual(ids(rest), []string{"c", "a"}) {
		t.Fatalf("after (2025-01-01, b) = %v, %v", ids(rest), err)
	}
	// Owned by one of the organisations asked for.
	for _, tc := range []struct {
		owners []string
		want   []string
	}{
		{[]string{"gm0375"}, []string{"b", "a"}},
		{[]string{"gm0599"}, []string{"d"}},
		{[]string{"gm0453", "x"}, []string{"b", "c"}},
		{[]string{"x"}, nil},
		{[]string{}, nil},
	} {
		got, err := store.ListProgrammes(ctx, db.R, store.ProgrammeFilter{Owners: tc.owners, Limit: 10})
		if err != nil || !reflect.DeepEqual(ids(got), tc.want) {
			t.Errorf("owned by %v = %v, %v; want %v", tc.owners, ids(got), err, tc.want)
		}
	}
	b, err := store.GetProgramme(ctx, db.R, "b")
	if err != nil || !reflect.DeepEqual(b.Owners, []string{"gm0375", "gm0453"}) ||
		!reflect.DeepEqual(b.Partners, []domain.Partner{{OrganisationID: "kvk", Role: "kennispartner"}}) {
		t.Errorf("b's organisations read back as %v %v, %v", b.Owners, b.Partners, err)
	}
}
