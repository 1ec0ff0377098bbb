package store_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

func TestRegistrationRoundTrip(t *testing.T) {
	t.Parallel()
	db := open(t)
	putEvent(t, db, "e1", 5)
	_, err := store.GetRegistration(ctx, db.R, "nope")
	wantNotFound(t, "unknown registration", err)

	r := newRegistration("e1", "Anna@X.nl", domain.StatusConfirmed)
	r.Organisation, r.ConsentVersion, r.ConsentedAt, r.CheckInCode = "Havenbedrijf", "2026-01", &now, "ABCD2345"
	r.KvKNumber = "24268421"
	r.Answers = []domain.Answer{{QuestionID: "diet", Values: []string{"vegetarisch"}}}
	got := insert(t, db, r)
	if got.Seq <= 0 || got.Email != "Anna@X.nl" || got.Organisation != r.Organisation || got.KvKNumber != "24268421" || got.Status != domain.StatusConfirmed ||
		!got.ConfirmedAt.Equal(now) || !got.RegisteredAt.Equal(now) || got.ConsentVersion != "2026-01" ||
		!got.ConsentedAt.Equal(now) || got.CheckInCode != "ABCD2345" || got.Version != 1 ||
		!domain.TokenMatches(got.TokenHash, "tAnna@X.nl") || fmt.Sprint(got.Answers) != fmt.Sprint(r.Answers) ||
		got.CancelledAt != nil || got.CheckedInAt != nil {
		t.Fatalf("read back %+v", got)
	}
	// No answers read back as none.
	if b := insert(t, db, newRegistration("e1", "b@x.nl", domain.StatusConfirmed)); len(b.Answers) != 0 || b.Seq <= got.Seq {
		t.Errorf("second registration: answers %v, seq %d after %d", b.Answers, b.Seq, got.Seq)
	}

	got.Status, got.CancelledAt, got.CheckedInAt = domain.StatusCancelled, &now, &now
	got.CancellationReason, got.CancelledBy, got.Version = "kan niet", domain.CancelledByOrganiser, 2
	write(t, db, func(tx sqlite.Tx) error { return store.SaveStatus(ctx, tx, got) })
	saved, _ := store.GetRegistration(ctx, db.R, r.ID)
	if saved.Status != domain.StatusCancelled || !saved.CancelledAt.Equal(now) || !saved.CheckedInAt.Equal(now) ||
		saved.CancellationReason != "kan niet" || saved.CancelledBy != domain.CancelledByOrganiser || saved.Version != 2 {
		t.Fatalf("after save %+v", saved)
	}
	err = db.InTx(ctx, func(tx sqlite.Tx) error { return store.SaveStatus(ctx, tx, domain.Registration{ID: "nope"}) })
	wantNotFound(t, "save an unknown registration", err)
}

// TestDuplicateEmailPerEvent: one live registration per address (case and
// surrounding space ignored) per event; another event, or after a
// cancellation, the address registers again.
func TestDuplicateEmailPerEvent(t *testing.T) {
	t.Parallel()
	db := open(t)
	putEvent(t, db, "e1", 5)
	putEvent(t, db, "e2", 5)
	first := insert(t, db, newRegistration("e1", "anna@x.nl", domain.StatusConfirmed))
	for _, email := range []string{"anna@x.nl", "ANNA@x.NL", " Anna@x.nl "} {
		err := db.InTx(ctx, func(tx sqlite.Tx) error {
			return store.InsertRegistration(ctx, tx, newRegistration("e1", email, domain.StatusWaitlisted))
		})
		if !errors.Is(err, domain.ErrDuplicate) {
			t.Errorf("%q again: %v, want duplicate", email, err)
		}
	}
	insert(t, db, newRegistration("e2", "anna@x.nl", domain.StatusConfirmed))
	cancel(t, db, first)
	insert(t, db, newRegistration("e1", "Anna@x.nl", domain.StatusConfirmed))
}

// TestWaitlistOrder: positions count the waitlisted registrations of the
// event in arrival order, 1 for the next to be promoted; leaving the list
// moves those behind up.
func TestWaitlistOrder(t *testing.T) {
	t.Parallel()
	db := open(t)
	putEvent(t, db, "e1", 1)
	putEvent(t, db, "other", 1)
	insert(t, db, newRegistration("e1", "confirmed@x.nl", domain.StatusConfirmed))
	var waiting []domain.Registration
	for i := range 4 {
		insert(t, db, newRegistration("other", fmt.Sprintf("o%d@x.nl", i), domain.StatusWaitlisted))
		w := insert(t, db, newRegistration("e1", fmt.Sprintf("w%d@x.nl", i), domain.StatusWaitlisted))
		if w.WaitlistPosition != i+1 {
			t.Fatalf("waitlisted %d at position %d", i, w.WaitlistPosition)
		}
		waiting = append(waiting, w)
	}
	cancel(t, db, waiting[1])
	next, err := store.NextWaitlisted(ctx, db.R, "e1", 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{waiting[0].ID, waiting[2].ID, waiting[3].ID}
	if !slices.Equal(ids(next), want) {
		t.Fatalf("next waitlisted %v, want %v", ids(next), want)
	}
	for i, r := range next {
		if r.WaitlistPosition != i+1 {
			t.Errorf("%s at %d, want %d", r.ID, r.WaitlistPosition, i+1)
		}
	}
	if two, _ := store.NextWaitlisted(ctx, db.R, "e1", 2); !slices.Equal(ids(two), want[:2]) {
		t.Errorf("next two %v", ids(two))
	}
	if c, _ := store.GetRegistration(ctx, db.R, waiting[1].ID); c.WaitlistPosition != 0 {
		t.Errorf("cancelled at position %d", c.WaitlistPosition)
	}
}

// TestListPagesAndFilters: arrival order, AfterSeq and Limit page through
// without gaps or repeats; each filter narrows.
func TestListPagesAndFilters(t *testing.T) {
	t.Parallel()
	db := open(t)
	putEvent(t, db, "e1", 50)
	putEvent(t, db, "e2", 50)
	var all []string
	for i := range 7 {
		all = append(all, insert(t, db, newRegistration("e1", fmt.Sprintf("p%d@x.nl", i), domain.StatusConfirmed)).ID)
		insert(t, db, newRegistration("e2", fmt.Sprintf("p%d@x.nl", i), domain.StatusConfirmed))
	}
	var paged []string
	var after int64
	for pages := 0; ; pages++ {
		if pages > 4 {
			t.Fatal("paging does not end")
		}
		page, err := store.ListRegistrations(ctx, db.R, store.ListFilter{EventID: "e1", AfterSeq: after, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		paged = append(paged, ids(page)...)
		after = page[len(page)-1].Seq
	}
	if !slices.Equal(paged, all) {
		t.Fatalf("paged %v, want %v", paged, all)
	}

	e1, _ := store.ListRegistrations(ctx, db.R, store.ListFilter{EventID: "e1", Limit: 100})
	anna := newRegistration("e1", "anna.devries@x.nl", domain.StatusWaitlisted)
	anna.Name, anna.Organisation = "Anna de Vries", "Havenbedrijf"
	anna = insert(t, db, anna)
	odd := newRegistration("e1", "odd@x.nl", domain.StatusWaitlisted)
	odd.Name = `Chantal 100%_\`
	odd = insert(t, db, odd)
	checked := e1[2]
	checked.CheckedInAt = &now
	write(t, db, func(tx sqlite.Tx) error { return store.SaveStatus(ctx, tx, checked) })
	cancel(t, db, e1[3])
	yes, no := true, false
	for _, tc := range []struct {
		f    store.ListFilter
		want []string
	}{
		{store.ListFilter{Query: "de vries"}, []string{anna.ID}},
		{store.ListFilter{Query: "HAVEN"}, []string{anna.ID}},
		{store.ListFilter{Query: "ANNA.DEVRIES@"}, []string{anna.ID}},
		{store.ListFilter{Query: "%"}, []string{odd.ID}},
		{store.ListFilter{Query: "_"}, []string{odd.ID}},
		{store.ListFilter{Query: `\`}, []string{odd.ID}},
		{store.ListFilter{Status: domain.StatusWaitlisted}, []string{anna.ID, odd.ID}},
		{store.ListFilter{Status: domain.StatusCancelled}, []string{e1[3].ID}},
		{store.ListFilter{CheckedIn: &yes}, []string{checked.ID}},
		{store.ListFilter{CheckedIn: &no, Status: domain.StatusConfirmed}, []string{e1[0].ID, e1[1].ID, e1[4].ID, e1[5].ID, e1[6].ID}},
		{store.ListFilter{Email: " P1@X.nl"}, []string{e1[1].ID}},
	} {
		tc.f.EventID, tc.f.Limit = "e1", 100
		got, err := store.ListRegistrations(ctx, db.R, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(got), tc.want) {
			t.Errorf("filter %+v: %v, want %v", tc.f, ids(got), tc.want)
		}
	}
	// An address across events.
	if got, _ := store.ListRegistrations(ctx, db.R, store.ListFilter{Email: "p1@x.nl", Limit: 100}); len(got) != 2 {
		t.Errorf("p1 across events: %v", ids(got))
	}
}

// TestListNumbersTheWaitlist: a list of one event numbers its waiting list
// page by page as the single read does, whatever the page size or filter.
func TestListNumbersTheWaitlist(t *testing.T) {
	t.Parallel()
	db := open(t)
	putEvent(t, db, "e1", 2)
	putEvent(t, db, "other", 1)
	var all []domain.Registration
	for i := range 9 {
		status := domain.StatusWaitlisted
		if i%4 == 0 {
			status = domain.StatusConfirmed
		}
		insert(t, db, newRegistration("other", fmt.Sprintf("o%d@x.nl", i), domain.StatusWaitlisted))
		all = append(all, insert(t, db, newRegistration("e1", fmt.Sprintf("w%d@x.nl", i), status)))
	}
	cancel(t, db, all[2])
	want := map[string]int{}
	for _, r := range all {
		got, err := store.GetRegistration(ctx, db.R, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		want[r.ID] = got.WaitlistPosition
	}
	for _, f := range []store.ListFilter{
		{EventID: "e1", Limit: 2},
		{EventID: "e1", Limit: 3, Query: "w"},
		{EventID: "e1", Limit: 1, Status: domain.StatusWaitlisted},
		{EventID: "e1", Limit: 100, Query: "5"},
	} {
		seen := 0
		for {
			regs, err := store.ListRegistrations(ctx, db.R, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(regs) == 0 {
				break
			}
			for _, r := range regs {
				if r.WaitlistPosition != want[r.ID] {
					t.Errorf("filter %+v: %s at %d, want %d", f, r.ID, r.WaitlistPosition, want[r.ID])
				}
				seen++
			}
			f.AfterSeq = regs[len(regs)-1].Seq
		}
		if seen == 0 {
			t.Errorf("filter %+v listed nothing", f)
		}
	}
}
