package notifications_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/notifications/internal/bus"
	"plein.dev/platform/identity"
	"plein.dev/platform/messaging"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// message is one message of a producer.
type message struct {
	subject, aggregate string
	version            int64
	payload            proto.Message
}

// traffic is one message of every kind this service mails about, in the
// order the producers publish them.
func traffic() []message {
	starts := time.Date(2026, 6, 4, 17, 0, 0, 0, time.UTC)
	ev := func(reg *registrationsv1.Registration) *registrationsv1.RegistrationChanged {
		return &registrationsv1.RegistrationChanged{Registration: reg, EventTitle: "Kennissessie",
			EventStartsAt: timestamppb.New(starts), EventEndsAt: timestamppb.New(starts.Add(time.Hour)),
			EventLocation: "Stadhuis", CalendarSequence: int32(reg.GetVersion())}
	}
	reg := func(id, status string, version int32, cancelledBy string) *registrationsv1.Registration {
		return &registrationsv1.Registration{Id: id, EventId: "ev", Name: "Naam " + id, Email: id + "@example.nl",
			Status: status, Version: version, CancelledBy: cancelledBy, RegisteredAt: timestamppb.New(starts.Add(-72 * time.Hour))}
	}
	r := func(verb string, m *registrationsv1.RegistrationChanged) message {
		return message{"plein.registrations.registration." + verb, "registration:" + m.GetRegistration().GetId(),
			int64(m.GetRegistration().GetVersion()), m}
	}
	moved := ev(reg("r2", "confirmed", 3, ""))
	moved.EventStartsAt, moved.PreviousStartsAt = timestamppb.New(starts.Add(time.Hour)), timestamppb.New(starts)
	amb := &ambassadorsv1.Ambassador{Id: "a1", ProgrammeId: "p1", Name: "Eva", Email: "eva@example.nl",
		TermEndsOn: "2026-03-01", Status: "active"}
	alumni := proto.CloneOf(amb)
	alumni.Status, alumni.Version = "alumni", 2
	amb.Version = 1
	return []message{
		r("confirmed", ev(reg("r1", "confirmed", 1, ""))),
		r("waitlisted", ev(reg("r2", "waitlisted", 1, ""))),
		r("cancelled", ev(reg("r1", "cancelled", 2, "attendee"))),
		r("promoted", ev(reg("r2", "confirmed", 2, ""))),
		r("confirmed", ev(reg("r3", "confirmed", 1, ""))),
		r("rescheduled", moved),
		r("cancelled", ev(reg("r3", "cancelled", 2, "event"))),
		{"plein.ambassadors.programme.created", "programme:p1", 1,
			&ambassadorsv1.ProgrammeChanged{Programme: &ambassadorsv1.Programme{Id: "p1", Name: "Smart Industry", Version: 1}}},
		{"plein.ambassadors.ambassador.appointed", "ambassador:a1", 1, &ambassadorsv1.AmbassadorChanged{Ambassador: amb}},
		{"plein.ambassadors.ambassador.behind-target", "behind-target:a1:2026-02", 0,
			&ambassadorsv1.BehindTarget{Ambassador: amb, ProgrammeName: "Smart Industry", AsOf: "2026-02-27",
				Targets: []*ambassadorsv1.TargetProgress{{Target: &ambassadorsv1.Target{Metric: "activities", Value: 10},
					Approved: 1, ExpectedByNow: 3}}}},
		{"plein.ambassadors.ambassador.term-ended", "ambassador:a1", 2, &ambassadorsv1.AmbassadorChanged{Ambassador: alumni}},
	}
}

// wantMails are the e-mails traffic calls for: one per cause and person.
const wantMails = "[a1 ambassador-behind-target a1 ambassador-term-ended r1 registration-cancelled r1 registration-confirmed " +
	"r2 event-rescheduled r2 registration-promoted r2 registration-waitlisted r3 registration-cancelled r3 registration-confirmed]"

// publishAll publishes traffic, each message under copies message ids,
// and the first of them once more (which JetStream drops itself).
func publishAll(t *testing.T, js jetstream.JetStream, round string, copies int) {
	t.Helper()
	for i, m := range traffic() {
		for c := range copies {
			publish(t, js, fmt.Sprintf("%s-%d-%d", round, i, c), m.subject, m.aggregate, m.version, m.payload)
		}
		publish(t, js, fmt.Sprintf("%s-%d-0", round, i), m.subject, m.aggregate, m.version, m.payload)
	}
}

// mails lists the log as "<registration or ambassador> <kind>", sorted,
// once nothing is queued.
func mails(t *testing.T, c notificationsv1.NotificationsServiceClient) string {
	t.Helper()
	var got []string
	waitFor(t, "nothing queued", func() bool {
		resp, err := c.ListEmails(as(t, identity.RoleAdmin), &notificationsv1.ListEmailsRequest{PageSize: 100})
		if err != nil {
			return false
		}
		got = got[:0]
		for _, e := range resp.GetItems() {
			if e.GetStatus() != "sent" {
				return false
			}
			who := e.GetRegistrationId()
			if who == "" {
				who = "a1"
			}
			got = append(got, who+" "+e.GetKind())
		}
		return true
	})
	sort.Strings(got)
	return fmt.Sprint(got)
}

// Every message delivered two or three times, and again after a restart:
// each cause mails each person once.
func TestEveryCauseOnceUnderDuplicates(t *testing.T) {
	t.Parallel()
	js := env(t)
	dataDir := t.TempDir()
	client, stop := run(t, js, dataDir, "")
	publishAll(t, js, "first", 3)
	settled(t, js, "registrations")
	settled(t, js, "ambassadors")
	drained(t, js, "ambassadors", bus.DurableAmbassadorMails)
	if got := mails(t, client); got != wantMails {
		t.Fatalf("e-mails\n%s\nwant\n%s", got, wantMails)
	}
	files := len(emlFiles(t, filepath.Join(dataDir, "mail")))
	if files != 9 {
		t.Fatalf("%d .eml files, want 9", files)
	}

	stop()
	client, _ = run(t, js, dataDir, "")
	publishAll(t, js, "again", 2)
	settled(t, js, "registrations")
	settled(t, js, "ambassadors")
	drained(t, js, "ambassadors", bus.DurableAmbassadorMails)
	// The delivery loop had every chance to send anything new.
	time.Sleep(300 * time.Millisecond)
	if got := mails(t, client); got != wantMails {
		t.Fatalf("after a restart: e-mails\n%s\nwant\n%s", got, wantMails)
	}
	if n := len(emlFiles(t, filepath.Join(dataDir, "mail"))); n != files {
		t.Fatalf("%d .eml files after a restart, want %d", n, files)
	}
}

// drained waits until durable, a consumer of stream, has nothing left to
// deliver or to have acknowledged: the ambassadors' own e-mails come from
// a consumer of their own, which settled does not wait for.
func drained(t *testing.T, js jetstream.JetStream, stream, durable string) {
	t.Helper()
	waitFor(t, durable+" drained", func() bool {
		c, err := js.Consumer(context.Background(), messaging.StreamName(stream), durable)
		if err != nil {
			return false
		}
		info, err := c.Info(context.Background())
		return err == nil && info.NumPending == 0 && info.NumAckPending == 0
	})
}
