package store_test

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/platform/sqlite"
)

func TestEventReadsBackWhole(t *testing.T) {
	t.Parallel()
	db := open(t)
	room := venueWithRoom(t, db, "v1", "r1")
	opens, closes := at(1, 9), at(2, 17)
	e := domain.Event{ID: "e1", Title: "Smart Industry ontbijt", Description: "Met koffie", ProgrammeID: "p1",
		Themes: []string{"innovatie", "onderwijs"}, RoomID: room.ID, Location: "Zaal boven",
		StartsAt: at(3, 8), EndsAt: at(3, 10), Capacity: 25, RegistrationOpensAt: &opens, RegistrationClosesAt: &closes,
		Visibility: domain.VisibilityInviteOnly, Status: domain.StatusPublished, HostAmbassadorIDs: []string{"a1"},
		Recurrence: "FREQ=WEEKLY;COUNT=2", SeriesID: "s1", InviteCode: "ABCDEFGHJK",
		Accessibility: domain.Accessibility{WheelchairAccessible: true, Languages: []string{"nl", "en"}, Notes: "lift"},
		Sequence:      2, ProposedByAmbassadorID: "a1", CreatedAt: at(1, 0), UpdatedAt: at(1, 1), Version: 3}
	insert(t, db, e)
	got, err := store.GetEvent(bg, db.R, "e1")
	must(t, err)
	if !reflect.DeepEqual(got, e) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, e)
	}

	// Optional fields stay empty.
	bare := event("e2", at(4, 9))
	insert(t, db, bare)
	got, err = store.GetEvent(bg, db.R, "e2")
	must(t, err)
	if got.RoomID != "" || got.RegistrationOpensAt != nil || len(got.Themes) != 0 || got.InviteCode != "" {
		t.Errorf("bare event read back as %+v", got)
	}
}

func TestUpdateEventChecksVersion(t *testing.T) {
	t.Parallel()
	db := open(t)
	e := event("e1", at(3, 9))
	insert(t, db, e)
	changed := e
	changed.Title, changed.Status, changed.CancellationReason, changed.Version = "Afgelast", domain.StatusCancelled, "ziek", 2
	must(t, write(db, func(tx sqlite.Tx) error { return store.UpdateEvent(bg, tx, changed, 1) }))
	got, _ := store.GetEvent(bg, db.R, "e1")
	if got.Title != "Afgelast" || got.Status != domain.StatusCancelled || got.CancellationReason != "ziek" || got.Version != 2 {
		t.Errorf("after the update %+v", got)
	}
	// Someone else changed it first: the stored version is no longer 1.
	stale := e
	stale.Version = 2
	if err := write(db, func(tx sqlite.Tx) error { return store.UpdateEvent(bg, tx, stale, 1) }); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("update at a stale version: %v", err)
	}
	if err := write(db, func(tx sqlite.Tx) error { return store.UpdateEvent(bg, tx, event("nope", at(3, 9)), 0) }); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("update of an unknown event: %v", err)
	}
	if _, err := store.GetEvent(bg, db.R, "nope"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("get an unknown event: %v", err)
	}
	if err := write(db, func(tx sqlite.Tx) error { return store.InsertEvent(bg, tx, e) }); !errors.Is(err, domain.ErrDuplicate) {
		t.Errorf("insert an event id twice: %v", err)
	}
}

// TestListEventsPages: events come by (startsAt, id); After starts a page
// after a position, so paging lists every event once even when events are
// added before the position meanwhile.
func TestListEventsPages(t *testing.T) {
	t.Parallel()
	db := open(t)
	insert(t, db, event("c", at(2, 9)), event("a", at(2, 9)), event("d", at(1, 9)), event("b", at(3, 9)), event("e", at(2, 9)))
	var got []string
	var after *store.EventKey
	for page := 0; page < 10; page++ {
		evs, err := store.ListEvents(bg, db.R, store.EventQuery{After: after, Limit: 2})
		must(t, err)
		got = append(got, ids(evs)...)
		if len(evs) < 2 {
			break
		}
		last := evs[len(evs)-1]
		after = &store.EventKey{StartsAt: last.StartsAt, ID: last.ID}
		if page == 0 {
			insert(t, db, event("0", at(1, 8))) // before the position: on no later page
		}
	}
	if want := []string{"d", "a", "c", "e", "b"}; !slices.Equal(got, want) {
		t.Errorf("pages %v, want %v", got, want)
	}
}

func TestListEventsFilters(t *testing.T) {
	t.Parallel()
	db := open(t)
	venueWithRoom(t, db, "v1", "r1")
	venueWithRoom(t, db, "v2", "r2")
	with := func(e domain.Event, edit func(*domain.Event)) domain.Event { edit(&e); return e }
	all := []domain.Event{
		with(event("pub", at(1, 9)), func(e *domain.Event) {
			e.Status, e.ProgrammeID, e.Themes, e.RoomID = domain.StatusPublished, "p1", []string{"innovatie"}, "r1"
			e.Title, e.Description = "Circulaire haven", "Hergebruik van materialen"
		}),
		with(event("done", at(2, 9)), func(e *domain.Event) { e.Status, e.SeriesID, e.RoomID = domain.StatusCompleted, "s1", "r2" }),
		with(event("invite", at(3, 9)), func(e *domain.Event) {
			e.Status, e.Visibility = domain.StatusPublished, domain.VisibilityInviteOnly
		}),
		with(event("draft", at(4, 9)), func(e *domain.Event) { e.SeriesID, e.Themes = "s1", []string{"onderwijs"} }),
		with(event("mine", at(5, 9)), func(e *domain.Event) { e.Status, e.ProposedByAmbassadorID = domain.StatusProposed, "a1" }),
		with(event("theirs", at(6, 9)), func(e *domain.Event) { e.Status, e.ProposedByAmbassadorID = domain.StatusProposed, "a2" }),
	}
	insert(t, db, all...)
	from, to := at(2, 0), at(4, 0)
	cases := []struct {
		name string
		q    store.EventQuery
		want []string
	}{
		{"all", store.EventQuery{}, []string{"pub", "done", "invite", "draft", "mine", "theirs"}},
		{"from and to", store.EventQuery{From: &from, To: &to}, []string{"done", "invite"}},
		{"programme", store.EventQuery{ProgrammeID: "p1"}, []string{"pub"}},
		{"theme", store.EventQuery{Theme: "onderwijs"}, []string{"draft"}},
		{"text", store.EventQuery{Text: "hergebruik"}, []string{"pub"}},
		{"text without words", store.EventQuery{Text: "*** --"}, []string{}},
		{"status", store.EventQuery{Status: domain.StatusProposed}, []string{"mine", "theirs"}},
		{"series", store.EventQuery{SeriesID: "s1"}, []string{"done", "draft"}},
		{"venue", store.EventQuery{VenueID: "v2"}, []string{"done"}},
		{"listed", store.EventQuery{Listed: true}, []string{"pub", "done"}},
		{"listed with own proposals", store.EventQuery{Listed: true, ProposedBy: "a1"}, []string{"pub", "done", "mine"}},
		{"limit", store.EventQuery{Limit: 2}, []string{"pub", "done"}},
	}
	for _, c := range cases {
		if c.q.Limit == 0 {
			c.q.Limit = 100
		}
		got, err := store.ListEvents(bg, db.R, c.q)
		must(t, err)
		if !slices.Equal(ids(got), c.want) {
			t.Errorf("%s: %v, want %v", c.name, ids(got), c.want)
		}
	}
	// Listed is the domain's rule of what the public finds, in SQL.
	listed, err := store.ListEvents(bg, db.R, store.EventQuery{Listed: true, Limit: 100})
	must(t, err)
	for _, e := range all {
		if e.ListedForPublic() != slices.Contains(ids(listed), e.ID) {
			t.Errorf("event %s: listed %v, the domain says %v", e.ID, !e.ListedForPublic(), e.ListedForPublic())
		}
	}
}

// TestListEventsPublicFeed: Public and Statuses narrow in SQL, and
// with the public feed's they keep exactly what the domain puts in it.
func TestListEventsPublicFeed(t *testing.T) {
	t.Parallel()
	db := open(t)
	var all []domain.Event
	day := 1
	for _, v := range []domain.Visibility{domain.VisibilityPublic, domain.VisibilityInviteOnly, domain.VisibilityInternal} {
		for _, st := range []domain.Status{domain.StatusProposed, domain.StatusDeclined, domain.StatusDraft,
			domain.StatusPublished, domain.StatusCancelled, domain.StatusCompleted} {
			e := event(string(v)+"/"+string(st), at(day, 9))
			e.Visibility, e.Status = v, st
			all = append(all, e)
			day++
		}
	}
	insert(t, db, all...)
	feed, err := store.ListEvents(bg, db.R, store.EventQuery{Public: true,
		Statuses: domain.PublicFeedStatuses, Limit: 100})
	must(t, err)
	if want := []string{"public/published", "public/cancelled", "public/completed"}; !slices.Equal(ids(feed), want) {
		t.Errorf("public feed %v, want %v", ids(feed), want)
	}
	for _, e := range all {
		if e.InPublicFeed() != slices.Contains(ids(feed), e.ID) {
			t.Errorf("event %s: in the feed %v, the domain says %v", e.ID, !e.InPublicFeed(), e.InPublicFeed())
		}
	}
	drafts, err := store.ListEvents(bg, db.R, store.EventQuery{Statuses: []domain.Status{domain.StatusDraft}, Limit: 100})
	must(t, err)
	if want := []string{"public/draft", "invite-only/draft", "internal/draft"}; !slices.Equal(ids(drafts), want) {
		t.Errorf("drafts %v, want %v", ids(drafts), want)
	}
}

// TestListFiltersFollowChanges: the theme rows follow a change of themes
// and of start time; a listing from a date finds an event that began
// before it and still runs, however long (one stored before
// domain.MaxDuration existed too).
func TestListFiltersFollowChanges(t *testing.T) {
	t.Parallel()
	db := open(t)
	e := event("e1", at(3, 9))
	e.Themes = []string{"innovatie", "onderwijs"}
	long := event("long", at(1, 9))
	long.EndsAt = at(1, 9).Add(domain.MaxDuration + 7*24*time.Hour)
	insert(t, db, e, long)
	themed := func(theme string, from *time.Time) []string {
		t.Helper()
		got, err := store.ListEvents(bg, db.R, store.EventQuery{Theme: theme, From: from, Limit: 10})
		must(t, err)
		return ids(got)
	}
	if got := themed("onderwijs", nil); !slices.Equal(got, []string{"e1"}) {
		t.Errorf("theme onderwijs: %v", got)
	}
	changed := e
	changed.Themes, changed.StartsAt, changed.EndsAt, changed.Version = []string{"logistiek"}, at(5, 9), at(5, 10), 2
	must(t, write(db, func(tx sqlite.Tx) error { return store.UpdateEvent(bg, tx, changed, 1) }))
	if got := themed("onderwijs", nil); len(got) != 0 {
		t.Errorf("a theme removed still lists %v", got)
	}
	from := at(4, 0)
	if got := themed("logistiek", &from); !slices.Equal(got, []string{"e1"}) {
		t.Errorf("theme logistiek from the 4th after the move to the 5th: %v", got)
	}
	late := at(1, 9).Add(domain.MaxDuration + 24*time.Hour)
	got, err := store.ListEvents(bg, db.R, store.EventQuery{From: &late, Limit: 10})
	must(t, err)
	if !slices.Equal(ids(got), []string{"long"}) {
		t.Errorf("from %s: %v, want the long event still running", late, ids(got))
	}
}

func TestEndedEvents(t *testing.T) {
	t.Parallel()
	db := open(t)
	now := at(10, 12)
	with := func(id string, end time.Time, s domain.Status) domain.Event {
		e := event(id, end.Add(-time.Hour))
		e.Status = s
		return e
	}
	insert(t, db,
		with("late", at(10, 11), domain.StatusPublished),
		with("early", at(9, 11), domain.StatusPublished),
		with("just", now, domain.StatusPublished),
		with("running", at(10, 13), domain.StatusPublished),
		with("draft", at(9, 11), domain.StatusDraft),
		with("cancelled", at(9, 11), domain.StatusCancelled),
	)
	got, err := store.EndedEvents(bg, db.R, now, 10)
	must(t, err)
	if want := []string{"early", "late", "just"}; !slices.Equal(got, want) {
		t.Errorf("ended %v, want %v (published, by end)", got, want)
	}
	if got, _ := store.EndedEvents(bg, db.R, now, 1); len(got) != 1 {
		t.Errorf("limit 1 gave %v", got)
	}
}

// TestListEventsVenueRooms: a venue's events are walked per room and
// merged; pages in (starts_at, id) order across the rooms, with and
// without the public's filter, hold exactly the venue's events.
func TestListEventsVenueRooms(t *testing.T) {
	t.Parallel()
	db := open(t)
	venueWithRoom(t, db, "v1", "r1")
	venueWithRoom(t, db, "v2", "r9")
	must(t, write(db, func(tx sqlite.Tx) error {
		for _, id := range []string{"r2", "r3"} {
			if err := store.InsertRoom(bg, tx, domain.Room{ID: id, VenueID: "v1", Name: id, Capacity: 30}); err != nil {
				return err
			}
		}
		return nil
	}))
	var all []domain.Event
	rooms := []string{"r1", "r2", "r3", "r9", ""}
	for i := range 40 {
		// Two events start at each hour, in different rooms: ties go by id.
		e := event(fmt.Sprintf("e%02d", 39-i), at(1+i/8, 9+i%8/2))
		e.RoomID = rooms[i%len(rooms)]
		if i%3 == 0 {
			e.Status = domain.StatusPublished
		}
		all = append(all, e)
	}
	insert(t, db, all...)
	from := at(2, 0)
	for _, c := range []struct {
		name string
		q    store.EventQuery
		keep func(domain.Event) bool
	}{
		{"venue", store.EventQuery{VenueID: "v1"}, func(domain.Event) bool { return true }},
		{"venue from", store.EventQuery{VenueID: "v1", From: &from}, func(e domain.Event) bool { return e.EndsAt.After(from) }},
		{"venue listed", store.EventQuery{VenueID: "v1", Listed: true}, func(e domain.Event) bool { return e.ListedForPublic() }},
	} {
		var want []string
		sorted := slices.Clone(all)
		slices.SortFunc(sorted, func(a, b domain.Event) int {
			return cmp.Or(a.StartsAt.Compare(b.StartsAt), strings.Compare(a.ID, b.ID))
		})
		for _, e := range sorted {
			if e.RoomID != "" && e.RoomID != "r9" && c.keep(e) {
				want = append(want, e.ID)
			}
		}
		var got []string
		q := c.q
		q.Limit = 3
		for range 20 {
			page, err := store.ListEvents(bg, db.R, q)
			must(t, err)
			got = append(got, ids(page)...)
			if len(page) < q.Limit {
				break
			}
			last := page[len(page)-1]
			q.After = &store.EventKey{StartsAt: last.StartsAt, ID: last.ID}
		}
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s: pages %v, want %v", c.name, got, want)
		}
	}
	none, err := store.ListEvents(bg, db.R, store.EventQuery{VenueID: "nowhere", Limit: 10})
	must(t, err)
	if len(none) != 0 {
		t.Errorf("a venue that does not exist lists %v", ids(none))
	}
}

// TestListEventsCommonWord: a word in more events than are sorted
// (more than a thousand) is listed by walking the order's index; the pages
// hold exactly the matching events, in order, as for a rare word.
func TestListEventsCommonWord(t *testing.T) {
	t.Parallel()
	db := open(t)
	var all []domain.Event
	for i := range 2400 {
		e := event(fmt.Sprintf("e%04d", i), at(1+i/200, 8+i%200/20))
		e.Title = "Lezing"
		switch i % 3 {
		case 0:
			e.Title = "Masterclass export" // 800 of them: common
		case 1:
			if i%60 == 1 {
				e.Title = "Spreekuur subsidies" // 40: rare
			}
		}
		if i%2 == 0 {
			e.Status = domain.StatusPublished
		}
		all = append(all, e)
	}
	for i := range 400 {
		e := event(fmt.Sprintf("x%04d", i), at(20, 8))
		e.Title, e.Status = "Masterclass energie", domain.StatusCompleted
		all = append(all, e)
	}
	insert(t, db, all...)
	from := at(6, 0)
	for _, c := range []struct {
		name string
		q    store.EventQuery
		keep func(domain.Event) bool
	}{
		{"common", store.EventQuery{Text: "masterclass"}, func(domain.Event) bool { return true }},
		{"common listed from", store.EventQuery{Text: "MASTER", Listed: true, From: &from},
			func(e domain.Event) bool { return e.ListedForPublic() && e.EndsAt.After(from) }},
		{"rare", store.EventQuery{Text: "spreekuur"}, func(domain.Event) bool { return true }},
	} {
		var want []string
		for _, e := range all { // inserted in (starts_at, id) order
			if c.keep(e) && strings.Contains(strings.ToLower(e.Title), strings.ToLower(strings.Fields(c.q.Text)[0][:5])) {
				want = append(want, e.ID)
			}
		}
		var got []string
		q := c.q
		q.Limit = 200
		for range 20 {
			page, err := store.ListEvents(bg, db.R, q)
			must(t, err)
			got = append(got, ids(page)...)
			if len(page) < q.Limit {
				break
			}
			last := page[len(page)-1]
			q.After = &store.EventKey{StartsAt: last.StartsAt, ID: last.ID}
		}
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s: %d events listed, want %d (first %v, want %v)", c.name, len(got), len(want),
				got[:min(3, len(got))], want[:min(3, len(want))])
		}
	}
}
