package service

import (
	"context"
	"slices"
	"testing"

	"plein.dev/platform/inbox"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

func noop(context.Context, sqlite.Tx, inbox.Message) error { return nil }

func TestUndecided(t *testing.T) {
	t.Parallel()
	full := Consumer{Stream: subject.StreamRegistrations, Durable: "x", Start: FromFirstMessage,
		Handle: map[subject.Subject]inbox.Handler{subject.SeatsChanged: noop}}
	if u := full.Undecided(); len(u) != 0 {
		t.Errorf("seats has one verb, all decided; got undecided %v", u)
	}
	if err := full.check(); err != nil {
		t.Errorf("check: %v", err)
	}

	// Following the registration aggregate without deciding on rescheduled
	// is what once dropped the rescheduled e-mail.
	partial := Consumer{Stream: subject.StreamRegistrations, Durable: "y",
		Handle: map[subject.Subject]inbox.Handler{subject.RegistrationConfirmed: noop},
		Ignore: []subject.Subject{subject.RegistrationWaitlisted, subject.RegistrationPromoted,
			subject.RegistrationCancelled, subject.RegistrationCheckedIn, subject.RegistrationErased}}
	if u := partial.Undecided(); !slices.Equal(u, []subject.Subject{subject.RegistrationRescheduled}) {
		t.Errorf("undecided = %v, want only rescheduled", u)
	}
	if partial.check() == nil {
		t.Error("check passed a consumer with an undecided verb")
	}

	typo := Consumer{Stream: subject.StreamEvents, Durable: "z",
		Handle: map[subject.Subject]inbox.Handler{"plein.events.event.publishd": noop}}
	if u := typo.Undecided(); !slices.Contains(u, "plein.events.event.publishd") {
		t.Errorf("a subject nobody publishes is not reported: %v", u)
	}
	unstarted := full
	unstarted.Start = 0
	if unstarted.check() == nil {
		t.Error("check passed a consumer that does not say where it starts")
	}
	if (Consumer{Stream: subject.StreamEvents}).check() == nil {
		t.Error("a consumer handling nothing passed")
	}
}

func TestConsumerDispatch(t *testing.T) {
	t.Parallel()
	var got []string
	c := Consumer{Stream: subject.StreamEvents, Durable: "d", Handle: map[subject.Subject]inbox.Handler{
		subject.EventCompleted: func(_ context.Context, _ sqlite.Tx, m inbox.Message) error {
			got = append(got, m.Subject)
			return nil
		}}}
	h := c.handler()
	if err := h(context.Background(), nil, inbox.Message{Subject: string(subject.EventCompleted)}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("handler not called: %v", got)
	}
	if err := h(context.Background(), nil, inbox.Message{Subject: string(subject.EventUpdated)}); err == nil {
		t.Error("a subject without a handler was accepted")
	}
	if spec := c.spec(3, 0, nil); !slices.Equal(spec.FilterSubjects, []string{string(subject.EventCompleted)}) || spec.Replicas != 3 {
		t.Errorf("spec = %+v", spec)
	}
}
