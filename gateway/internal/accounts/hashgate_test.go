package accounts

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"plein.dev/gateway/migrations"
	"plein.dev/platform/testkit"
)

// TestHashGateBoundsConcurrency: however many hash at once, no more than
// the gate's slots run together; the others wait their turn.
func TestHashGateBoundsConcurrency(t *testing.T) {
	t.Parallel()
	g := newHashGate(2, 5*time.Second)
	var running, most atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			err := g.run(func() {
				n := running.Add(1)
				for {
					m := most.Load()
					if n <= m || most.CompareAndSwap(m, n) {
						break
					}
				}
				time.Sleep(5 * time.Millisecond)
				running.Add(-1)
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if m := most.Load(); m != 2 {
		t.Fatalf("at most %d hashes ran at once, want 2", m)
	}
}

// TestSignInBusy: when every slot stays taken past the wait, a sign-in —
// for a known account or an unknown address alike — is refused with
// ErrBusy instead of hashing. Not parallel: it swaps the process's gate.
func TestSignInBusy(t *testing.T) {
	s, err := New(testkit.DB(t, migrations.FS), time.Now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := s.Create(ctx, NewUser{Email: "anna@example.nl", Name: "Anna", Password: "a long enough password"}); err != nil {
		t.Fatal(err)
	}
	saved := argonGate
	t.Cleanup(func() { argonGate = saved })
	argonGate = newHashGate(1, 50*time.Millisecond)
	argonGate.slots <- struct{}{} // a hash that does not end
	for _, email := range []string{"anna@example.nl", "nobody@example.nl"} {
		start := time.Now()
		_, _, err := s.SignIn(ctx, email, "a long enough password")
		if !errors.Is(err, ErrBusy) {
			t.Errorf("%s: %v, want ErrBusy", email, err)
		}
		if took := time.Since(start); took < 50*time.Millisecond {
			t.Errorf("%s: refused after %v, before the wait", email, took)
		}
	}
	<-argonGate.slots
	if _, _, err := s.SignIn(ctx, "anna@example.nl", "a long enough password"); err != nil {
		t.Fatalf("with a slot free: %v", err)
	}
}
