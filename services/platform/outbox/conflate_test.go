package outbox_test

import (
	"context"
	"testing"
	"time"

	"plein.dev/platform/messaging"
	"plein.dev/platform/outbox"
	"plein.dev/platform/testkit"
)

// Of the unpublished messages of a conflated subject, only the newest of
// each aggregate reaches the stream, in its own place among the others;
// the older ones leave the outbox unpublished. Messages of other subjects
// (and of the same subject through a relay that does not conflate it) are
// all published.
func TestConflatedSubjectPublishesNewestOfEachAggregate(t *testing.T) {
	t.Parallel()
	const (
		seats = "plein.events.seats.x"
		other = "plein.events.other.x"
	)
	for _, tc := range []struct {
		name string
		opts []outbox.Option
		want string
	}{
		{"conflated", []outbox.Option{outbox.WithConflated(seats)}, "[o1 o2 a3 o3 b2]"},
		{"not conflated", nil, "[a1 o1 a2 b1 o2 a3 o3 b2]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			srv := testkit.NATS(t)
			_, js := testkit.Conn(t, srv.ClientURL())
			if _, err := messaging.EnsureStream(ctx, js, "events", 1); err != nil {
				t.Fatal(err)
			}
			db := testkit.DB(t, nil)
			relay := outbox.NewRelay(db, js, testkit.Logger(t), tc.opts...)
			m := func(subject, aggregate string, version int64, payload string) outbox.Message {
				return outbox.Message{Subject: subject, Aggregate: aggregate, Version: version, Payload: []byte(payload)}
			}
			// Two transactions, as two commits of a busy service.
			add(t, db, m(seats, "event:a", 1, "a1"), m(other, "event:a", 1, "o1"), m(seats, "event:a", 2, "a2"),
				m(seats, "event:b", 1, "b1"))
			add(t, db, m(other, "event:b", 1, "o2"), m(seats, "event:a", 3, "a3"), m(other, "event:a", 2, "o3"),
				m(seats, "event:b", 2, "b2"))
			if err := relay.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			if got := payloads(t, js); got != tc.want {
				t.Errorf("stream holds %s, want %s", got, tc.want)
			}
			if n := pending(t, relay); n != 0 {
				t.Errorf("%d messages left in the outbox", n)
			}
		})
	}
}
