package bus_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/notifications/internal/bus"
	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/inbox"
	"plein.dev/platform/service"
	"plein.dev/platform/sqlite"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
)

// hookRecorder records what the webhook consumers hand on.
type hookRecorder struct {
	events    []domain.WebhookEvent
	forgotten []string
}

func (r *hookRecorder) ApplyWebhookEvent(_ context.Context, _ sqlite.Tx, e domain.WebhookEvent) error {
	r.events = append(r.events, e)
	return nil
}

func (r *hookRecorder) ForgetRegistration(_ context.Context, _ sqlite.Tx, id string) error {
	r.forgotten = append(r.forgotten, id)
	return nil
}

func hookConsumer(t *testing.T, consumers []service.Consumer, stream string) service.Consumer {
	t.Helper()
	for _, c := range consumers {
		if c.Stream == stream {
			return c
		}
	}
	t.Fatalf("no webhook consumer of %s", stream)
	return service.Consumer{}
}

// handle passes a message through the consumer's handler of s.
func handle(t *testing.T, c service.Consumer, s subject.Subject, m proto.Message) error {
	t.Helper()
	h, ok := c.Handle[s]
	if !ok {
		t.Fatalf("%s is not handled", s)
	}
	data, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return h(context.Background(), nil, inbox.Message{ID: "msg-" + string(s), Subject: string(s), Data: data})
}

// Every verb of each aggregate followed is handled or ignored on purpose,
// on three durable consumers of their own.
func TestWebhookConsumersDecideEveryVerb(t *testing.T) {
	t.Parallel()
	consumers := bus.WebhookConsumers(&hookRecorder{}, nil)
	if len(consumers) != 3 {
		t.Fatalf("%d consumers, want one per stream", len(consumers))
	}
	for _, c := range consumers {
		if u := c.Undecided(); len(u) > 0 {
			t.Errorf("consumer %s of %s: no decision for %v", c.Durable, c.Stream, u)
		}
		if c.Durable != "notifications-webhooks-"+c.Stream {
			t.Errorf("durable %q of %s", c.Durable, c.Stream)
		}
	}
}

// markSecrets sets every string field of m whose name suggests a secret
// (a token, sealed or not, a code), at any depth, to a marker, and every
// other string field to its name.
func markSecrets(m protoreflect.Message) {
	fields := m.Descriptor().Fields()
	for i := range fields.Len() {
		f := fields.Get(i)
		switch {
		case f.IsList() || f.IsMap():
		case f.Kind() == protoreflect.MessageKind && f.Message().FullName() != "google.protobuf.Timestamp":
			markSecrets(m.Mutable(f).Message())
		case f.Kind() == protoreflect.StringKind:
			name := string(f.Name())
			if strings.Contains(name, "token") || strings.Contains(name, "seal") || strings.Contains(name, "code") {
				m.Set(f, protoreflect.ValueOfString("SECRET-"+name))
			} else {
				m.Set(f, protoreflect.ValueOfString(name))
			}
		case f.Kind() == protoreflect.BytesKind:
			m.Set(f, protoreflect.ValueOfBytes([]byte("SECRET-"+string(f.Name()))))
		}
	}
}

func body(t *testing.T, e domain.WebhookEvent) string {
	t.Helper()
	b, err := e.Body()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWebhookRegistrationMessages(t *testing.T) {
	t.Parallel()
	rec := &hookRecorder{}
	c := hookConsumer(t, bus.WebhookConsumers(rec, nil), subject.StreamRegistrations)
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	msg := &registrationsv1.RegistrationChanged{OccurredAt: timestamppb.New(at)}
	markSecrets(msg.ProtoReflect())
	msg.Registration.Id, msg.Registration.Status = "r1", "confirmed"
	// The personal fields in clear, as in a message of before they were
	// sealed (people_test.go opens sealed ones).
	msg.SealedPersonal = ""

	for s, want := range map[subject.Subject]domain.WebhookType{
		subject.RegistrationConfirmed:  domain.HookRegistrationConfirmed,
		subject.RegistrationWaitlisted: domain.HookRegistrationWaitlisted,
		subject.RegistrationPromoted:   domain.HookRegistrationPromoted,
		subject.RegistrationCancelled:  domain.HookRegistrationCancelled,
		subject.RegistrationCheckedIn:  domain.HookRegistrationCheckedIn,
	} {
		rec.events = nil
		if err := handle(t, c, s, msg); err != nil {
			t.Fatal(err)
		}
		if len(rec.events) != 1 {
			t.Fatalf("%s: %d events", s, len(rec.events))
		}
		e := rec.events[0]
		if e.Type != want || e.Cause != "msg-"+string(s) || e.OrderKey != "registration:r1" || !e.OccurredAt.Equal(at) {
			t.Errorf("%s: %+v", s, e)
		}
		b := body(t, e)
		if strings.Contains(b, "SECRET") {
			t.Errorf("%s: the body holds a secret: %s", s, b)
		}
		for _, field := range []string{`"id":"r1"`, `"eventId":"event_id"`, `"name":"name"`, `"email":"email"`,
			`"eventTitle":"event_title"`, `"status":"confirmed"`} {
			if !strings.Contains(b, field) {
				t.Errorf("%s: body lacks %s: %s", s, field, b)
			}
		}
	}
	if err := handle(t, c, subject.RegistrationErased, msg); err != nil || len(rec.forgotten) != 1 || rec.forgotten[0] != "r1" {
		t.Errorf("erased: %v, forgotten %v", err, rec.forgotten)
	}

	err := c.Handle[subject.RegistrationConfirmed](context.Background(), nil,
		inbox.Message{Subject: string(subject.RegistrationConfirmed), Data: []byte{0xff, 0xff}})
	if !errors.Is(err, inbox.ErrPermanent) {
		t.Errorf("undecodable: %v, want permanent", err)
	}
	if err := handle(t, c, subject.RegistrationConfirmed, &registrationsv1.RegistrationChanged{}); !errors.Is(err, inbox.ErrPermanent) {
		t.Errorf("without registration: %v, want permanent", err)
	}
}

func TestWebhookEventMessages(t *testing.T) {
	t.Parallel()
	rec := &hookRecorder{}
	c := hookConsumer(t, bus.WebhookConsumers(rec, nil), subject.StreamEvents)
	starts := time.Date(2026, 6, 4, 17, 0, 0, 0, time.UTC)
	msg := &eventsv1.EventChanged{PreviousStartsAt: timestamppb.New(starts.Add(-time.Hour))}
	markSecrets(msg.ProtoReflect())
	msg.Event.Id, msg.Event.StartsAt, msg.Event.Capacity = "e1", timestamppb.New(starts), 40

	if err := handle(t, c, subject.EventRescheduled, msg); err != nil {
		t.Fatal(err)
	}
	if err := handle(t, c, subject.EventCancelled, msg); err != nil {
		t.Fatal(err)
	}
	if len(rec.events) != 2 || rec.events[0].Type != domain.HookEventRescheduled || rec.events[1].Type != domain.HookEventCancelled {
		t.Fatalf("events %+v", rec.events)
	}
	moved, cancelled := body(t, rec.events[0]), body(t, rec.events[1])
	for _, b := range []string{moved, cancelled} {
		if strings.Contains(b, "SECRET") || strings.Contains(b, "invite") {
			t.Errorf("the body holds the invite code: %s", b)
		}
		if !strings.Contains(b, `"id":"e1"`) || !strings.Contains(b, `"startsAt":"2026-06-04T17:00:00Z"`) ||
			!strings.Contains(b, `"capacity":40`) || !strings.Contains(b, `"themes":[]`) {
			t.Errorf("body: %s", b)
		}
	}
	if !strings.Contains(moved, `"previousStartsAt":"2026-06-04T16:00:00Z"`) || strings.Contains(cancelled, "previous") {
		t.Errorf("previous time only when rescheduled:\n%s\n%s", moved, cancelled)
	}
	if rec.events[0].OrderKey != "event:e1" {
		t.Errorf("order key %q", rec.events[0].OrderKey)
	}
}

// activity.approved is a review that approved; a returned activity is
// not announced.
func TestWebhookActivityMessages(t *testing.T) {
	t.Parallel()
	rec := &hookRecorder{}
	c := hookConsumer(t, bus.WebhookConsumers(rec, nil), subject.StreamAmbassadors)
	activity := func(review string) *ambassadorsv1.ActivityChanged {
		return &ambassadorsv1.ActivityChanged{Activity: &ambassadorsv1.Activity{Id: "a1", AmbassadorId: "amb1",
			Kind: "workshop", OccurredOn: "2026-04-30", Summary: "Workshop", ReviewStatus: review}}
	}
	for _, step := range []struct {
		s      subject.Subject
		review string
	}{{subject.ActivityLogged, "pending"}, {subject.ActivityReviewed, "returned"}, {subject.ActivityReviewed, "approved"}} {
		if err := handle(t, c, step.s, activity(step.review)); err != nil {
			t.Fatal(err)
		}
	}
	if len(rec.events) != 2 || rec.events[0].Type != domain.HookActivityLogged || rec.events[1].Type != domain.HookActivityApproved {
		t.Fatalf("events %+v", rec.events)
	}
	if b := body(t, rec.events[1]); !strings.Contains(b, `"reviewStatus":"approved"`) || !strings.Contains(b, `"ambassadorId":"amb1"`) ||
		!strings.Contains(b, `"organisations":[]`) {
		t.Errorf("body %s", b)
	}
}
