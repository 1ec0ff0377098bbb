package store_test

import (
	"fmt"
	"testing"
	"time"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/platform/sqlite"
)

// One e-mail per cause: a second e-mail with the same cause is neither
// logged nor queued.
func TestEnqueueOncePerCause(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	e1 := email("e1", "r1", "ev1", t0)
	e1.Kind = domain.KindRescheduled
	if !enqueue(t, db, e1, "cause-1") {
		t.Fatal("first e-mail not queued")
	}
	if enqueue(t, db, email("e1b", "r1", "ev1", t0), "cause-1") {
		t.Fatal("second e-mail with the same cause queued")
	}
	got := all(t, db)
	if len(got) != 1 {
		t.Fatalf("log = %+v", got)
	}
	want := e1
	want.Seq, want.Status = got[0].Seq, domain.StatusPending
	if fmt.Sprintf("%+v", got[0]) != fmt.Sprintf("%+v", want) {
		t.Fatalf("logged\n%+v\nwant\n%+v", got[0], want)
	}
	due, err := store.Due(ctx, db.R, t0, 10)
	if err != nil || len(due) != 1 || due[0].EmailID != "e1" {
		t.Fatalf("queue = %+v, %v", due, err)
	}
}

func TestListFiltersAndPages(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	for i := range 7 {
		id := fmt.Sprintf("e%d", i)
		enqueue(t, db, email(id, fmt.Sprintf("r%d", i%3), fmt.Sprintf("ev%d", i%2), t0), "cause-"+id)
	}
	write(t, db, func(tx sqlite.Tx) error { return store.MarkSent(ctx, tx, "e5", t0) })
	ids := func(es []domain.Email) (out []string) {
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    store.Filter
		want string
	}{
		{"all", store.Filter{Limit: 10}, "[e0 e1 e2 e3 e4 e5 e6]"},
		{"registration", store.Filter{RegistrationID: "r1", Limit: 10}, "[e1 e4]"},
		{"event", store.Filter{EventID: "ev0", Limit: 10}, "[e0 e2 e4 e6]"},
		{"both", store.Filter{RegistrationID: "r0", EventID: "ev0", Limit: 10}, "[e0 e6]"},
		{"none", store.Filter{RegistrationID: "nope", Limit: 10}, "[]"},
		{"limit", store.Filter{Limit: 2}, "[e0 e1]"},
		{"address in another case", store.Filter{To: "E3@Example.NL", Limit: 10}, "[e3]"},
		{"sent", store.Filter{Status: domain.StatusSent, Limit: 10}, "[e5]"},
		{"queued of an event", store.Filter{Status: domain.StatusPending, EventID: "ev1", Limit: 10}, "[e1 e3]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := store.List(ctx, db.R, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if s := fmt.Sprint(ids(got)); s != tc.want {
				t.Errorf("got %s, want %s", s, tc.want)
			}
		})
	}

	// Keyset paging visits every e-mail once.
	var seen []string
	f := store.Filter{EventID: "ev0", Limit: 3}
	for {
		page, err := store.List(ctx, db.R, f)
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, ids(page)...)
		if len(page) < f.Limit {
			break
		}
		f.AfterSeq = page[len(page)-1].Seq
	}
	if s := fmt.Sprint(seen); s != "[e0 e2 e4 e6]" {
		t.Errorf("paged = %s", s)
	}
}

// Erasing a registration forgets its address in the log and drops its
// queued mail; what was sent stays sent, what was pending is failed;
// other registrations keep theirs.
func TestEraseRegistration(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	enqueue(t, db, email("sent", "r1", "ev1", t0), "c1")
	enqueue(t, db, email("pending", "r1", "ev1", t0.Add(time.Second)), "c2")
	enqueue(t, db, email("other", "r2", "ev1", t0.Add(2*time.Second)), "c3")
	write(t, db, func(tx sqlite.Tx) error { return store.MarkSent(ctx, tx, "sent", t0) })
	write(t, db, func(tx sqlite.Tx) error {
		return store.PutAttendee(ctx, tx, domain.Registration{ID: "r1", EventID: "ev1", Status: domain.StatusConfirmed})
	})
	write(t, db, func(tx sqlite.Tx) error { return store.EraseRegistration(ctx, tx, "r1") })
	if _, ok, err := store.Attendee(ctx, db.R, "r1"); err != nil || ok {
		t.Errorf("attendee after erasure: %v, %v", ok, err)
	}

	var got []string
	for _, e := range all(t, db) {
		got = append(got, fmt.Sprintf("%s:%s:%s", e.ID, e.Status, e.To))
	}
	if want := "[sent:sent: pending:failed: other:pending:other@example.nl]"; fmt.Sprint(got) != want {
		t.Fatalf("log after erasure = %v, want %s", got, want)
	}
	due, err := store.Due(ctx, db.R, t0.Add(time.Hour), 10)
	if err != nil || len(due) != 1 || due[0].EmailID != "other" {
		t.Fatalf("queue after erasure = %+v, %v", due, err)
	}
}
