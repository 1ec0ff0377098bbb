package seats

import (
	"log/slog"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"plein.dev/platform/testkit"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

func TestHubKeepsTheNewestCounts(t *testing.T) {
	h := NewHub(slog.Default())
	ch, stop := h.Watch("e1")
	other, stopOther := h.Watch("e2")
	defer stopOther()
	h.Publish(Counts{EventID: "e1", SeatsTaken: 1, Version: 1})
	h.Publish(Counts{EventID: "e1", SeatsTaken: 2, Version: 2})
	h.Publish(Counts{EventID: "e1", SeatsTaken: 1, Version: 1}) // stale, out of order
	if c := <-ch; c.SeatsTaken != 2 {
		t.Fatalf("got %+v, want the newest (2 taken)", c)
	}
	select {
	case c := <-ch:
		t.Fatalf("unexpected %+v", c)
	case c := <-other:
		t.Fatalf("another event's watcher got %+v", c)
	default:
	}
	stop()
	h.Publish(Counts{EventID: "e1", SeatsTaken: 3, Version: 3})
	if len(h.watchers["e1"]) != 0 {
		t.Fatal("watcher still registered after stop")
	}
}

func TestHubFromNATS(t *testing.T) {
	srv := testkit.NATS(t)
	nc, _ := testkit.Conn(t, srv.ClientURL())
	h := NewHub(testkit.Logger(t))
	if _, err := h.Subscribe(nc); err != nil {
		t.Fatal(err)
	}
	ch, stop := h.Watch("e1")
	defer stop()
	data, _ := proto.Marshal(&registrationsv1.SeatsChanged{Version: 7,
		Seats: &registrationsv1.Seats{EventId: "e1", Capacity: 10, SeatsTaken: 4, SeatsFree: 6}})
	if err := nc.Publish(Subject, data); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-ch:
		if c.SeatsTaken != 4 || c.SeatsFree != 6 || c.Capacity != 10 {
			t.Fatalf("got %+v", c)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no counts within 5 s")
	}
}
