package notifications_test

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/testkit"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
)

// Every message type the webhook consumers follow, delivered three times
// under other message ids and once more under the same one, is posted to
// the receiver once.
func TestEveryWebhookOnceUnderDuplicates(t *testing.T) {
	t.Parallel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	c, _ := runWebhooks(t, srv.ClientURL(), t.TempDir(), true)
	rc := newSignedReceiver(t)
	types := []string{"registration.confirmed", "registration.waitlisted", "registration.promoted", "registration.cancelled",
		"registration.checked-in", "event.published", "event.rescheduled", "event.cancelled", "event.completed",
		"activity.logged", "activity.approved"}
	w, err := c.CreateWebhook(adminCtx(t), &notificationsv1.CreateWebhookRequest{Url: rc.URL + "/plein", Events: types})
	if err != nil {
		t.Fatal(err)
	}
	secret, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(w.GetSecret(), "whsec_"))
	rc.mu.Lock()
	rc.secret = secret
	rc.mu.Unlock()

	const copies = 3
	send := func(stream string, verb subject.Subject, aggregate string, version int64, payload proto.Message) {
		t.Helper()
		for i := range copies {
			testkit.Publish(t, js, stream, string(verb), fmt.Sprintf("%s-%d-%d", aggregate, version, i), aggregate, version, payload)
		}
		testkit.Publish(t, js, stream, string(verb), fmt.Sprintf("%s-%d-0", aggregate, version), aggregate, version, payload)
	}
	starts := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
	reg := func(verb subject.Subject, id, status string, version int32) {
		send(subject.StreamRegistrations, verb, "registration:"+id, int64(version), &registrationsv1.RegistrationChanged{
			Registration: &registrationsv1.Registration{Id: id, EventId: "e1", Name: "Naam " + id, Email: id + "@example.nl",
				Status: status, Version: version},
			OccurredAt: timestamppb.Now(), EventTitle: "Ontbijtsessie", EventStartsAt: timestamppb.New(starts)})
	}
	event := func(verb subject.Subject, id, status string, version int32) {
		send(subject.StreamEvents, verb, "event:"+id, int64(version), &eventsv1.EventChanged{
			Event: &eventsv1.Event{Id: id, Title: "Ontbijtsessie", Status: status, Visibility: "public", Capacity: 20,
				StartsAt: timestamppb.New(starts), EndsAt: timestamppb.New(starts.Add(time.Hour)), Version: version}})
	}
	activity := func(verb subject.Subject, review string, version int32) {
		send(subject.StreamAmbassadors, verb, "activity:act1", int64(version), &ambassadorsv1.ActivityChanged{
			Activity: &ambassadorsv1.Activity{Id: "act1", AmbassadorId: "a1", Kind: "company-visit", OccurredOn: "2026-11-30",
				DurationMinutes: 60, Summary: "Bezoek", ReviewStatus: review, Version: version}})
	}
	reg(subject.RegistrationConfirmed, "r1", "confirmed", 1)
	reg(subject.RegistrationWaitlisted, "r2", "waitlisted", 1)
	reg(subject.RegistrationCancelled, "r1", "cancelled", 2)
	reg(subject.RegistrationPromoted, "r2", "confirmed", 2)
	reg(subject.RegistrationCheckedIn, "r2", "confirmed", 3)
	event(subject.EventPublished, "e1", "published", 1)
	event(subject.EventRescheduled, "e1", "published", 2)
	event(subject.EventCancelled, "e1", "cancelled", 3)
	event(subject.EventCompleted, "e2", "completed", 1)
	activity(subject.ActivityLogged, "pending", 1)
	activity(subject.ActivityReviewed, "approved", 2)

	for _, s := range []string{subject.StreamRegistrations, subject.StreamEvents, subject.StreamAmbassadors} {
		testkit.Consumed(t, js, s, "notifications-webhooks-"+s)
	}
	posted := func() []string {
		var got []string
		for _, r := range rc.requests() {
			got = append(got, fmt.Sprint(r.body["type"]))
		}
		sort.Strings(got)
		return got
	}
	awaitHook(t, 10*time.Second, "every type posted", func() bool { return len(posted()) >= len(types) })
	time.Sleep(500 * time.Millisecond) // room for a duplicate post
	want := append([]string(nil), types...)
	sort.Strings(want)
	if got := posted(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("posted\n%v\nwant each once\n%v", got, want)
	}
}
