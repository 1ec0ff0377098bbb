package app_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/bus"
	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/store"
	"plein.dev/events/migrations"
	"plein.dev/platform/inbox"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"

	"google.golang.org/protobuf/proto"
)

func ams(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, domain.Amsterdam)
}

func series(t *testing.T, s *app.Service, seriesID string) []domain.Event {
	t.Helper()
	evs, err := s.ListEvents(context.Background(), store.ListFilter{SeriesID: seriesID, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func TestSeriesAcrossDST(t *testing.T) {
	s, db, room := setup(t)
	ctx := context.Background()
	// Weekly on Thursdays 09:00-10:30 from 19 March 2026, over the last
	// Sunday of March (29th).
	first, err := s.CreateEvent(ctx, domain.Event{Title: "Ambassadeursoverleg", RoomID: room.ID,
		StartsAt: ams(2026, 3, 19, 9, 0).UTC(), EndsAt: ams(2026, 3, 19, 10, 30).UTC(),
		Recurrence: "FREQ=WEEKLY;COUNT=4", Visibility: domain.VisibilityInviteOnly}, false)
	if err != nil {
		t.Fatal(err)
	}
	if first.SeriesID == "" || first.Recurrence == "" {
		t.Fatalf("first occurrence %+v lacks its series", first)
	}
	evs := series(t, s, first.SeriesID)
	if len(evs) != 4 {
		t.Fatalf("%d occurrences, want 4", len(evs))
	}
	codes := map[string]bool{}
	for i, e := range evs {
		local := e.StartsAt.In(domain.Amsterdam)
		if local.Hour() != 9 || local.Minute() != 0 || local.Weekday() != time.Thursday {
			t.Errorf("occurrence %d at %s", i, local)
		}
		if e.EndsAt.Sub(e.StartsAt) != 90*time.Minute {
			t.Errorf("occurrence %d lasts %s", i, e.EndsAt.Sub(e.StartsAt))
		}
		if len(e.InviteCode) != 10 || codes[e.InviteCode] {
			t.Errorf("occurrence %d invite code %q", i, e.InviteCode)
		}
		codes[e.InviteCode] = true
	}
	if got := evs[0].StartsAt.UTC().Hour(); got != 8 {
		t.Errorf("before DST 09:00 is %d:00 UTC, want 8", got)
	}
	if got := evs[2].StartsAt.UTC().Hour(); got != 7 {
		t.Errorf("after DST 09:00 is %d:00 UTC, want 7", got)
	}
	if n := len(subjects(t, db)); n != 4 {
		t.Errorf("%d outbox messages, want one per occurrence", n)
	}

	// One occurrence moves, another is cancelled; the rest stay.
	start, end := evs[1].StartsAt.Add(2*time.Hour), evs[1].EndsAt.Add(2*time.Hour)
	if _, err := s.UpdateEvent(ctx, evs[1].ID, app.Change{StartsAt: &start, EndsAt: &end}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Cancel(ctx, evs[2].ID, "vakantie"); err != nil {
		t.Fatal(err)
	}
	after := series(t, s, first.SeriesID)
	for i, e := range after {
		want := evs[i]
		switch i {
		case 1:
			if !e.StartsAt.Equal(start) || e.Sequence != 1 {
				t.Errorf("moved occurrence %s seq %d", e.StartsAt, e.Sequence)
			}
		case 2:
			if e.Status != domain.StatusCancelled {
				t.Errorf("cancelled occurrence is %s", e.Status)
			}
		default:
			if !e.StartsAt.Equal(want.StartsAt) || e.Status != domain.StatusDraft || e.Version != 1 {
				t.Errorf("untouched occurrence %d changed: %+v", i, e)
			}
		}
	}
}

func TestSeriesConflictRefusesWholeSeries(t *testing.T) {
	s, db, room := setup(t)
	ctx := context.Background()
	// Two existing bookings on the 2nd and 4th Monday of December 2026.
	for _, d := range []int{14, 28} {
		if _, err := s.CreateEvent(ctx, domain.Event{Title: fmt.Sprintf("Bestaand %d", d), RoomID: room.ID,
			StartsAt: ams(2026, 12, d, 10, 0).UTC(), EndsAt: ams(2026, 12, d, 11, 0).UTC()}, false); err != nil {
			t.Fatal(err)
		}
	}
	before := len(subjects(t, db))
	_, err := s.CreateEvent(ctx, domain.Event{Title: "Wekelijks", RoomID: room.ID,
		StartsAt: ams(2026, 12, 7, 9, 0).UTC(), EndsAt: ams(2026, 12, 7, 10, 0).UTC(),
		Recurrence: "FREQ=WEEKLY;BYDAY=MO;COUNT=4"}, false) // 7, 14, 21, 28 Dec
	var sc *domain.SeriesConflictError
	if !errors.As(err, &sc) || !sc.RoomTaken() {
		t.Fatalf("err = %v, want a series conflict", err)
	}
	if got := strings.Join(sc.Dates(), ","); got != "2026-12-14,2026-12-28" {
		t.Errorf("conflict dates %s", got)
	}
	if !strings.Contains(sc.Error(), "Bestaand 14") {
		t.Errorf("message %q does not name the other event", sc.Error())
	}
	if n := len(subjects(t, db)); n != before {
		t.Errorf("a refused series left %d outbox messages", n-before)
	}
	evs, _ := s.ListEvents(ctx, store.ListFilter{Limit: 100})
	if len(evs) != 2 {
		t.Errorf("%d events after a refused series, want the 2 that were there", len(evs))
	}

	// Occurrences that collide with each other are conflicts too.
	_, err = s.CreateEvent(ctx, domain.Event{Title: "Te vaak", RoomID: room.ID,
		StartsAt: ams(2027, 1, 4, 9, 0).UTC(), EndsAt: ams(2027, 1, 4, 11, 0).UTC(),
		Recurrence: "FREQ=HOURLY;COUNT=2"}, false)
	if !errors.As(err, &sc) {
		t.Fatalf("self-colliding series: %v", err)
	}

	// An invalid rule is refused before anything is booked.
	_, err = s.CreateEvent(ctx, domain.Event{Title: "Fout", RoomID: room.ID,
		StartsAt: ams(2027, 1, 4, 9, 0).UTC(), EndsAt: ams(2027, 1, 4, 11, 0).UTC(),
		Recurrence: "FREQ=FORTNIGHTLY"}, false)
	var re *domain.RecurrenceError
	if !errors.As(err, &re) {
		t.Fatalf("invalid rule: %v", err)
	}
}

func TestSeriesRespectsBookableHours(t *testing.T) {
	s, _, room := setup(t)
	ctx := context.Background()
	hours := []domain.BookableHours{{Weekday: 1, Opens: "09:00", Closes: "17:00"}}
	blackouts := []domain.Blackout{{StartsAt: ams(2026, 12, 14, 0, 0), EndsAt: ams(2026, 12, 15, 0, 0), Reason: "onderhoud"}}
	if _, err := s.UpdateRoom(ctx, room.ID, app.RoomChange{BookableHours: &hours, Blackouts: &blackouts}); err != nil {
		t.Fatal(err)
	}
	_, err := s.CreateEvent(ctx, domain.Event{Title: "Maandag", RoomID: room.ID,
		StartsAt: ams(2026, 12, 7, 9, 0).UTC(), EndsAt: ams(2026, 12, 7, 10, 0).UTC(),
		Recurrence: "FREQ=DAILY;COUNT=8"}, false)
	var sc *domain.SeriesConflictError
	if !errors.As(err, &sc) || sc.RoomTaken() {
		t.Fatalf("err = %v, want a series refused for the room's hours", err)
	}
	// Tue 8 ... Sun 13 are closed, Mon 14 is blacked out.
	if got := strings.Join(sc.Dates(), ","); got != "2026-12-08,2026-12-09,2026-12-10,2026-12-11,2026-12-12,2026-12-13,2026-12-14" {
		t.Errorf("dates %s", got)
	}
	// A single event outside the hours is refused with the reason.
	_, err = s.CreateEvent(ctx, domain.Event{Title: "Avond", RoomID: room.ID,
		StartsAt: ams(2026, 12, 7, 18, 0).UTC(), EndsAt: ams(2026, 12, 7, 19, 0).UTC()}, false)
	var ve *domain.ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.Reason, "Mon 09:00–17:00") {
		t.Fatalf("evening booking: %v", err)
	}
}

// TestConcurrentDoubleBooking books one slot from two connections (two
// processes' worth: separate database handles on one file) at the same
// moment, many times; exactly one must win each time. Without the check
// inside the write transaction both would.
func TestConcurrentDoubleBooking(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	ctx := context.Background()
	open := func() *app.Service {
		db, err := sqlite.Open(ctx, path, migrations.FS, testkit.Logger(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		return app.New(db, testkit.Logger(t), func() time.Time { return now })
	}
	a, b := open(), open()
	v, err := a.CreateVenue(ctx, domain.Venue{Name: "Ondernemersplein"})
	if err != nil {
		t.Fatal(err)
	}
	room, err := a.CreateRoom(ctx, domain.Room{VenueID: v.ID, Name: "Zaal", Capacity: 20, SetupMinutes: 10})
	if err != nil {
		t.Fatal(err)
	}
	for round := range 25 {
		start := at(1, 8, 0).Add(time.Duration(round) * 24 * time.Hour)
		var wg sync.WaitGroup
		ready := make(chan struct{})
		errs := make([]error, 4)
		for i := range errs {
			svc := a
			if i%2 == 1 {
				svc = b
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-ready
				// Overlapping, not identical, slots: each collides with all others.
				s := start.Add(time.Duration(i) * 5 * time.Minute)
				_, errs[i] = svc.CreateEvent(ctx, domain.Event{Title: fmt.Sprintf("organiser %d", i), RoomID: room.ID,
					StartsAt: s, EndsAt: s.Add(time.Hour)}, false)
			}()
		}
		close(ready)
		wg.Wait()
		won := 0
		for _, err := range errs {
			var rc *domain.RoomConflictError
			switch {
			case err == nil:
				won++
			case errors.As(err, &rc):
			default:
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d bookings won, want exactly 1", round, won)
		}
	}
}

func TestInviteCodeFollowsVisibility(t *testing.T) {
	s, _, _ := setup(t)
	ctx := context.Background()
	e, err := s.CreateEvent(ctx, domain.Event{Title: "Besloten", Location: "Stadhuis", Capacity: 10,
		Visibility: domain.VisibilityInviteOnly, StartsAt: at(8, 9, 0), EndsAt: at(8, 10, 0),
		Accessibility: domain.Accessibility{WheelchairAccessible: true, Languages: []string{"nl", "en"}}}, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.InviteCode) != 10 || strings.ContainsAny(e.InviteCode, "01IO") {
		t.Fatalf("invite code %q", e.InviteCode)
	}
	got, _ := s.GetEvent(ctx, e.ID)
	if got.InviteCode != e.InviteCode || !got.Accessibility.WheelchairAccessible || len(got.Accessibility.Languages) != 2 {
		t.Fatalf("stored %+v", got)
	}
	public := string(domain.VisibilityPublic)
	pub, err := s.UpdateEvent(ctx, e.ID, app.Change{Visibility: &public})
	if err != nil || pub.InviteCode != "" {
		t.Fatalf("public event keeps code %q (%v)", pub.InviteCode, err)
	}
	plain, err := s.CreateEvent(ctx, domain.Event{Title: "Open", Location: "x", Capacity: 5,
		StartsAt: at(8, 9, 0), EndsAt: at(8, 10, 0)}, true)
	if err != nil || plain.InviteCode != "" {
		t.Fatalf("public event has code %q (%v)", plain.InviteCode, err)
	}
}

func TestTransitionNamesCurrentStatus(t *testing.T) {
	s, _, _ := setup(t)
	ctx := context.Background()
	e, err := s.CreateEvent(ctx, domain.Event{Title: "x", Location: "x", Capacity: 5,
		StartsAt: at(8, 9, 0), EndsAt: at(8, 10, 0)}, true)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Complete(ctx, e.ID)
	var te *domain.TransitionError
	if !errors.As(err, &te) || te.Current != domain.StatusDraft || !strings.Contains(err.Error(), "draft") {
		t.Fatalf("complete a draft: %v", err)
	}
}

func TestSearchAndFilters(t *testing.T) {
	s, _, _ := setup(t)
	ctx := context.Background()
	mk := func(title, desc string, day int) domain.Event {
		e, err := s.CreateEvent(ctx, domain.Event{Title: title, Description: desc, Location: "x", Capacity: 5,
			StartsAt: at(day, 9, 0), EndsAt: at(day, 10, 0)}, true)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	a := mk("Circulaire economie in de haven", "Ondernemers over hergebruik van materialen.", 1)
	b := mk("Smart Industry ontbijt", "Digitalisering van de maakindustrie; circulair ontwerpen.", 2)
	mk("Onderwijs en arbeidsmarkt", "Stages en leerbanen.", 3)
	cases := []struct {
		q    string
		want []string
	}{
		{"circulair", []string{a.ID, b.ID}},
		{"CIRCULAIRE haven", []string{a.ID}},
		{"maakindustrie", []string{b.ID}},
		{"leerbaan", nil},
		{`"; DROP TABLE events; --`, nil},
		{"***", nil},
	}
	for _, tc := range cases {
		t.Run(tc.q, func(t *testing.T) {
			got, err := s.ListEvents(ctx, store.ListFilter{Query: tc.q, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, e := range got {
				ids = append(ids, e.ID)
			}
			if strings.Join(ids, ",") != strings.Join(tc.want, ",") {
				t.Errorf("q=%q found %v, want %v", tc.q, ids, tc.want)
			}
		})
	}
	// The index follows changes of the title.
	title := "Havenlogistiek"
	if _, err := s.UpdateEvent(ctx, a.ID, app.Change{Title: &title}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.ListEvents(ctx, store.ListFilter{Query: "havenlogistiek", Limit: 10})
	if len(got) != 1 || got[0].ID != a.ID {
		t.Errorf("after rename: %v", got)
	}
}

// feed applies an ambassadors-service message as the consumer would.
func feed(t *testing.T, db *sqlite.DB, subject string, m proto.Message) {
	t.Helper()
	data, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	err = db.InTx(context.Background(), func(tx *sqlx.Tx) error {
		return bus.ApplyDirectory(context.Background(), tx, inbox.Message{Subject: subject, Data: data})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestProgrammeProjectionValidates(t *testing.T) {
	s, db, _ := setup(t)
	ctx := context.Background()
	feed(t, db, "plein.ambassadors.programme.created", &ambassadorsv1.ProgrammeChanged{Programme: &ambassadorsv1.Programme{
		Id: "p1", Name: "Smart Industry", Themes: []string{"innovatie", "onderwijs"}, Status: "active", Version: 1}})
	feed(t, db, "plein.ambassadors.ambassador.appointed", &ambassadorsv1.AmbassadorChanged{Ambassador: &ambassadorsv1.Ambassador{
		Id: "a1", ProgrammeId: "p1", Name: "Anna", Status: "active", Version: 1}})
	feed(t, db, "plein.ambassadors.ambassador.appointed", &ambassadorsv1.AmbassadorChanged{Ambassador: &ambassadorsv1.Ambassador{
		Id: "a2", ProgrammeId: "p2", Name: "Bram", Status: "active", Version: 1}})
	// An older version never overwrites a newer one.
	feed(t, db, "plein.ambassadors.programme.updated", &ambassadorsv1.ProgrammeChanged{Programme: &ambassadorsv1.Programme{
		Id: "p1", Name: "Oud", Themes: nil, Status: "active", Version: 0}})

	base := domain.Event{Title: "x", Location: "x", Capacity: 5, StartsAt: at(8, 9, 0), EndsAt: at(8, 10, 0)}
	cases := []struct {
		name      string
		edit      func(*domain.Event)
		wantField string
	}{
		{"known programme, theme and host", func(e *domain.Event) {
			e.ProgrammeID, e.Themes, e.HostAmbassadorIDs = "p1", []string{"innovatie"}, []string{"a1"}
		}, ""},
		{"unknown programme", func(e *domain.Event) { e.ProgrammeID = "nope" }, "programmeId"},
		{"theme not in programme", func(e *domain.Event) { e.ProgrammeID, e.Themes = "p1", []string{"sport"} }, "themes"},
		{"unknown host", func(e *domain.Event) { e.HostAmbassadorIDs = []string{"ghost"} }, "hostAmbassadorIds"},
		{"host of another programme", func(e *domain.Event) { e.ProgrammeID, e.HostAmbassadorIDs = "p1", []string{"a2"} }, "hostAmbassadorIds"},
		{"free themes without a programme", func(e *domain.Event) { e.Themes = []string{"wat dan ook"} }, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := base
			tc.edit(&e)
			_, err := s.CreateEvent(ctx, e, true)
			var ve *domain.ValidationError
			switch {
			case tc.wantField == "" && err != nil:
				t.Fatal(err)
			case tc.wantField != "" && (!errors.As(err, &ve) || ve.Field != tc.wantField):
				t.Fatalf("err = %v, want a violation of %s", err, tc.wantField)
			}
		})
	}
}

func TestProposalFlow(t *testing.T) {
	s, db, room := setup(t)
	ctx := context.Background()
	p, err := s.Propose(ctx, domain.Event{Title: "Workshop", RoomID: room.ID,
		StartsAt: at(10, 9, 0), EndsAt: at(10, 11, 0)}, "amb-1", false)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != domain.StatusProposed || p.ProposedByAmbassadorID != "amb-1" || p.Capacity != room.Capacity {
		t.Fatalf("proposal %+v", p)
	}
	// The requested room is not held: an organiser may book it meanwhile.
	other, err := s.CreateEvent(ctx, domain.Event{Title: "Eerder geboekt", RoomID: room.ID,
		StartsAt: at(10, 10, 0), EndsAt: at(10, 12, 0)}, false)
	if err != nil {
		t.Fatalf("a proposal blocked the room: %v", err)
	}
	var rc *domain.RoomConflictError
	if _, err := s.Approve(ctx, p.ID, true); !errors.As(err, &rc) || rc.EventID != other.ID {
		t.Fatalf("approve into a taken room: %v", err)
	}
	if _, err := s.Cancel(ctx, other.ID, "plaats maken"); err != nil {
		t.Fatal(err)
	}
	ok, err := s.Approve(ctx, p.ID, true)
	if err != nil || ok.Status != domain.StatusPublished {
		t.Fatalf("approve: %v %s", err, ok.Status)
	}
	p2, err := s.Propose(ctx, domain.Event{Title: "Nog een", Location: "x", Capacity: 3,
		StartsAt: at(11, 9, 0), EndsAt: at(11, 11, 0)}, "amb-1", true)
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Decline(ctx, p2.ID, "dubbel met de workshop")
	if err != nil || d.Status != domain.StatusDeclined || d.DeclineReason != "dubbel met de workshop" {
		t.Fatalf("decline: %v %+v", err, d)
	}
	if _, err := s.Approve(ctx, p2.ID, false); !errors.Is(err, domain.ErrTransition) {
		t.Fatalf("approve a declined proposal: %v", err)
	}
	got := subjects(t, db)
	want := "plein.events.event.proposed,plein.events.event.drafted,plein.events.event.cancelled,plein.events.event.published,plein.events.event.proposed,plein.events.event.declined"
	if strings.Join(got, ",") != want {
		t.Errorf("outbox %v", got)
	}
}

func TestFreeSlotsAndOccupancy(t *testing.T) {
	s, _, room := setup(t)
	ctx := context.Background()
	hours := []domain.BookableHours{{Weekday: 1, Opens: "09:00", Closes: "17:00"}}
	if _, err := s.UpdateRoom(ctx, room.ID, app.RoomChange{BookableHours: &hours}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateEvent(ctx, domain.Event{Title: "Ochtend", RoomID: room.ID,
		StartsAt: ams(2026, 12, 7, 9, 0).UTC(), EndsAt: ams(2026, 12, 7, 12, 0).UTC()}, false); err != nil {
		t.Fatal(err)
	}
	slots, err := s.FreeSlots(ctx, room.ID, ams(2026, 12, 7, 0, 0), ams(2026, 12, 8, 0, 0), 2*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if len(slots) != 1 || !slots[0].Start.Equal(ams(2026, 12, 7, 12, 15)) || !slots[0].End.Equal(ams(2026, 12, 7, 17, 0)) {
		t.Fatalf("free slots %v", slots)
	}
	occ, err := s.RoomOccupancy(ctx, room.ID, "2026-12")
	if err != nil {
		t.Fatal(err)
	}
	if occ.Booked != 3*time.Hour || occ.Bookable != 4*8*time.Hour {
		t.Errorf("occupancy %+v", occ)
	}
	if _, err := s.RoomOccupancy(ctx, room.ID, "december"); err == nil {
		t.Error("a malformed month passed")
	}
}

func TestSeriesWideTransitions(t *testing.T) {
	s, db, room := setup(t)
	ctx := context.Background()
	first, err := s.CreateEvent(ctx, domain.Event{Title: "Spreekuur", RoomID: room.ID,
		StartsAt: ams(2026, 10, 15, 9, 0).UTC(), EndsAt: ams(2026, 10, 15, 10, 0).UTC(),
		Recurrence: "FREQ=WEEKLY;COUNT=4"}, false) // 15, 22, 29 Oct (after the last Sunday), 5 Nov
	if err != nil {
		t.Fatal(err)
	}
	evs := series(t, s, first.SeriesID)
	if got := evs[2].StartsAt.In(domain.Amsterdam); got.Hour() != 9 {
		t.Errorf("after the October change the meeting starts at %s", got)
	}
	if _, err := s.PublishSeries(ctx, evs[1].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CancelSeries(ctx, evs[2].ID, "zaal verbouwd"); err != nil {
		t.Fatal(err)
	}
	want := []domain.Status{domain.StatusDraft, domain.StatusPublished, domain.StatusCancelled, domain.StatusCancelled}
	for i, e := range series(t, s, first.SeriesID) {
		if e.Status != want[i] {
			t.Errorf("occurrence %d is %s, want %s", i, e.Status, want[i])
		}
	}
	// 4 drafted, 3 published, 2 cancelled.
	if n := len(subjects(t, db)); n != 9 {
		t.Errorf("%d outbox messages, want 9", n)
	}
	if _, err := s.PublishSeries(ctx, evs[3].ID); !errors.Is(err, domain.ErrTransition) {
		t.Errorf("publish a cancelled series: %v", err)
	}
}
