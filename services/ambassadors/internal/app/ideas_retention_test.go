package app_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/platform/testkit"
)

// TestIdeaRetentionSweepsMoreThanABatch: a sweep over more expired ideas
// than one transaction takes (200) anonymises every one of them, once, and
// forgets each submitter's key once; an idea submitted since keeps its
// submitter, and a sweep after it changes nothing.
func TestIdeaRetentionSweepsMoreThanABatch(t *testing.T) {
	t.Parallel()
	clock := now
	db := newFixture(t).db
	var mu sync.Mutex
	shredded := map[string]int{}
	a := app.New(db, testkit.Logger(t), func() time.Time { return clock }).ShredKeysWith(func(_ context.Context, keyID string) error {
		mu.Lock()
		defer mu.Unlock()
		shredded[keyID]++
		return nil
	})
	f := fixture{db: db, app: a}
	p := f.programme(t)
	for i := range 230 {
		f.idea(t, p.ID, fmt.Sprintf("p%d@bakkerij.nl", i))
		clock = clock.Add(time.Minute)
	}
	clock = clock.Add(40 * 24 * time.Hour)
	kept := f.idea(t, p.ID, "els@kapper.nl")
	clock = clock.Add(time.Hour)
	sweep := func() {
		t.Helper()
		if err := a.IdeaRetention(30 * 24 * time.Hour).Sweep(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	sweep()
	var anonymised []struct {
		At int64 `db:"anonymised_at"`
		N  int   `db:"n"`
	}
	if err := db.R.Select(&anonymised, `SELECT coalesce(anonymised_at, 0) AS anonymised_at, count(*) AS n FROM ideas WHERE email = '' GROUP BY 1`); err != nil {
		t.Fatal(err)
	}
	if len(anonymised) != 1 || anonymised[0].N != 230 || anonymised[0].At != clock.Unix() {
		t.Errorf("ideas anonymised, by when: %+v; want all 230 by the sweep at %d", anonymised, clock.Unix())
	}
	if r := f.ideaRow(t, kept.ID); r.Email == "" || r.Anonymised != nil {
		t.Errorf("the idea submitted since: %+v, want it kept", r)
	}
	count := func() (keys, twice int) {
		mu.Lock()
		defer mu.Unlock()
		for _, n := range shredded {
			if n != 1 {
				twice++
			}
		}
		return len(shredded), twice
	}
	if n, twice := count(); n != 230 || twice != 0 || f.keys(t) != 1 {
		t.Errorf("%d keys shredded (%d more than once), %d left; want 230, none, 1", n, twice, f.keys(t))
	}
	clock = clock.Add(time.Hour)
	sweep()
	var again int
	if err := db.R.Get(&again, `SELECT count(*) FROM ideas WHERE anonymised_at = ?`, clock.Unix()); err != nil || again != 0 {
		t.Errorf("a second sweep anonymised %d ideas (%v)", again, err)
	}
	if n, twice := count(); n != 230 || twice != 0 {
		t.Errorf("after a second sweep %d keys shredded, %d more than once", n, twice)
	}
}
