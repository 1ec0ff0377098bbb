package bus

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/inbox"
	"plein.dev/platform/service"
	"plein.dev/platform/sqlite"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
)

// WebhookEvents is what the webhook consumers hand what happened to;
// *app.Webhooks is it.
type WebhookEvents interface {
	// ApplyWebhookEvent queues e for the webhooks subscribed to its type.
	ApplyWebhookEvent(ctx context.Context, tx sqlite.Tx, e domain.WebhookEvent) error
	// ForgetRegistration drops what is queued about an erased person's
	// registration.
	ForgetRegistration(ctx context.Context, tx sqlite.Tx, registrationID string) error
}

// WebhookDurable names the durable consumer of a stream that feeds the
// webhooks, e.g. "notifications-webhooks-events".
func WebhookDurable(stream string) string { return Service + "-webhooks-" + stream }

// WebhookConsumers returns the durable consumers of the events,
// registrations and ambassadors streams that turn what happened into
// webhook messages. Each decides on every verb of the aggregates it
// follows: the verbs with an event type are handled, the others ignored.
// personal opens the personal fields of the registrations' messages.
func WebhookConsumers(w WebhookEvents, personal Personal) []service.Consumer {
	apply := func(read func(context.Context, inbox.Message) (domain.WebhookEvent, bool, error)) inbox.Handler {
		return func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
			e, ok, err := read(ctx, m)
			if err != nil || !ok {
				return err
			}
			e.Cause = m.ID
			return w.ApplyWebhookEvent(ctx, tx, e)
		}
	}
	registration := func(t domain.WebhookType) inbox.Handler { return apply(registrationEvent(t, personal)) }
	event := func(t domain.WebhookType) inbox.Handler { return apply(ignoreContext(eventEvent(t))) }
	return []service.Consumer{
		{
			Stream:  subject.StreamRegistrations,
			Durable: WebhookDurable(subject.StreamRegistrations),
			Start:   service.FromCreation,
			Handle: map[subject.Subject]inbox.Handler{
				subject.RegistrationConfirmed:  registration(domain.HookRegistrationConfirmed),
				subject.RegistrationWaitlisted: registration(domain.HookRegistrationWaitlisted),
				subject.RegistrationPromoted:   registration(domain.HookRegistrationPromoted),
				subject.RegistrationCancelled:  registration(domain.HookRegistrationCancelled),
				subject.RegistrationCheckedIn:  registration(domain.HookRegistrationCheckedIn),
				// An erased person's name and address leave the queue.
				subject.RegistrationErased: func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
					var msg registrationsv1.RegistrationChanged
					if err := hookPayload(m, &msg); err != nil {
						return err
					}
					return w.ForgetRegistration(ctx, tx, msg.GetRegistration().GetId())
				},
			},
			// A registration's event moving is announced once, as
			// event.rescheduled.
			Ignore: []subject.Subject{subject.RegistrationRescheduled},
		},
		{
			Stream:  subject.StreamEvents,
			Durable: WebhookDurable(subject.StreamEvents),
			Start:   service.FromCreation,
			Handle: map[subject.Subject]inbox.Handler{
				subject.EventPublished:   event(domain.HookEventPublished),
				subject.EventRescheduled: event(domain.HookEventRescheduled),
				subject.EventCancelled:   event(domain.HookEventCancelled),
				subject.EventCompleted:   event(domain.HookEventCompleted),
			},
			// Proposals, drafts and edits stay inside Plein until the event
			// is published.
			Ignore: []subject.Subject{subject.EventProposed, subject.EventDeclined, subject.EventDrafted,
				subject.EventUpdated},
		},
		{
			Stream:  subject.StreamAmbassadors,
			Durable: WebhookDurable(subject.StreamAmbassadors),
			Start:   service.FromCreation,
			Handle: map[subject.Subject]inbox.Handler{
				subject.ActivityLogged: apply(ignoreContext(activityEvent(domain.HookActivityLogged, false))),
				// activity.approved: a review that approved the activity (a
				// returned one is not announced).
				subject.ActivityReviewed: apply(ignoreContext(activityEvent(domain.HookActivityApproved, true))),
			},
			// An ambassador's edits and deletions are not announced.
			Ignore: []subject.Subject{subject.ActivityUpdated, subject.ActivityDeleted},
		},
	}
}

// hookPayload reads a message's payload into msg; an unreadable one is an
// error wrapping inbox.ErrPermanent.
func hookPayload(m inbox.Message, msg proto.Message) error {
	if err := proto.Unmarshal(m.Data, msg); err != nil {
		return fmt.Errorf("decode %s: %w: %w", m.Subject, err, inbox.ErrPermanent)
	}
	return nil
}

// ignoreContext adapts a reader that needs no context.
func ignoreContext(read func(inbox.Message) (domain.WebhookEvent, bool, error)) func(context.Context, inbox.Message) (domain.WebhookEvent, bool, error) {
	return func(_ context.Context, m inbox.Message) (domain.WebhookEvent, bool, error) { return read(m) }
}

func registrationEvent(t domain.WebhookType, personal Personal) func(context.Context, inbox.Message) (domain.WebhookEvent, bool, error) {
	return func(ctx context.Context, m inbox.Message) (domain.WebhookEvent, bool, error) {
		var msg registrationsv1.RegistrationChanged
		if err := hookPayload(m, &msg); err != nil {
			return domain.WebhookEvent{}, false, err
		}
		r, err := openPersonal(ctx, personal, m.Subject, &msg)
		if err != nil {
			return domain.WebhookEvent{}, false, err
		}
		if r.GetId() == "" {
			return domain.WebhookEvent{}, false, fmt.Errorf("%s without registration: %w", m.Subject, inbox.ErrPermanent)
		}
		data := domain.RegistrationData{ID: r.GetId(), EventID: r.GetEventId(), EventTitle: msg.GetEventTitle(),
			EventStartsAt: hookTime(msg.GetEventStartsAt()), Status: r.GetStatus(), Name: r.GetName(), Email: r.GetEmail(),
			Organisation: r.GetOrganisation(), WaitlistPosition: int(r.GetWaitlistPosition()),
			RegisteredAt: hookTime(r.GetRegisteredAt()), CheckedInAt: hookTime(r.GetCheckedInAt()),
			CancelledAt: hookTime(r.GetCancelledAt()), CancelledBy: r.GetCancelledBy(),
			CancellationReason: r.GetCancellationReason()}
		return domain.WebhookEvent{Type: t, OccurredAt: hookOccurred(msg.GetOccurredAt()),
			OrderKey: domain.WebhookOrderKey("registration", r.GetId()), Data: data}, true, nil
	}
}

func eventEvent(t domain.WebhookType) func(inbox.Message) (domain.WebhookEvent, bool, error) {
	return func(m inbox.Message) (domain.WebhookEvent, bool, error) {
		var msg eventsv1.EventChanged
		if err := hookPayload(m, &msg); err != nil {
			return domain.WebhookEvent{}, false, err
		}
		e := msg.GetEvent()
		if e.GetId() == "" {
			return domain.WebhookEvent{}, false, fmt.Errorf("%s without event: %w", m.Subject, inbox.ErrPermanent)
		}
		data := domain.EventData{ID: e.GetId(), Title: e.GetTitle(), Description: e.GetDescription(),
			ProgrammeID: e.GetProgrammeId(), Themes: hookList(e.GetThemes()), RoomID: e.GetRoomId(), Location: e.GetLocation(),
			StartsAt: hookTime(e.GetStartsAt()), EndsAt: hookTime(e.GetEndsAt()), Capacity: int(e.GetCapacity()),
			Visibility: e.GetVisibility(), Status: e.GetStatus(), SeatsTaken: int(e.GetSeatsTaken()),
			WaitlistLength: int(e.GetWaitlistLength()), HostAmbassadorIDs: hookList(e.GetHostAmbassadorIds()),
			SeriesID: e.GetSeriesId(), CancellationReason: e.GetCancellationReason()}
		if t == domain.HookEventRescheduled {
			data.PreviousStartsAt, data.PreviousEndsAt = hookTime(msg.GetPreviousStartsAt()), hookTime(msg.GetPreviousEndsAt())
			data.PreviousRoomID, data.PreviousLocation = msg.GetPreviousRoomId(), msg.GetPreviousLocation()
		}
		return domain.WebhookEvent{Type: t, OccurredAt: hookOccurred(msg.GetOccurredAt()),
			OrderKey: domain.WebhookOrderKey("event", e.GetId()), Data: data}, true, nil
	}
}

// activityEvent reads an ActivityChanged; approvedOnly skips (ok false) an
// activity whose review did not approve it.
func activityEvent(t domain.WebhookType, approvedOnly bool) func(inbox.Message) (domain.WebhookEvent, bool, error) {
	return func(m inbox.Message) (domain.WebhookEvent, bool, error) {
		var msg ambassadorsv1.ActivityChanged
		if err := hookPayload(m, &msg); err != nil {
			return domain.WebhookEvent{}, false, err
		}
		a := msg.GetActivity()
		if a.GetId() == "" {
			return domain.WebhookEvent{}, false, fmt.Errorf("%s without activity: %w", m.Subject, inbox.ErrPermanent)
		}
		if approvedOnly && a.GetReviewStatus() != "approved" {
			return domain.WebhookEvent{}, false, nil
		}
		data := domain.ActivityData{ID: a.GetId(), AmbassadorID: a.GetAmbassadorId(), Kind: a.GetKind(),
			OccurredOn: a.GetOccurredOn(), DurationMinutes: int(a.GetDurationMinutes()), Summary: a.GetSummary(),
			EntrepreneursReached: int(a.GetEntrepreneursReached()), Organisations: hookList(a.GetOrganisations()),
			Themes: hookList(a.GetThemes()), EventID: a.GetEventId(), ReviewStatus: a.GetReviewStatus(),
			Attendance: int(a.GetAttendance()), CreditedAutomatically: a.GetCreditedAutomatically()}
		return domain.WebhookEvent{Type: t, OccurredAt: hookOccurred(msg.GetOccurredAt()),
			OrderKey: domain.WebhookOrderKey("activity", a.GetId()), Data: data}, true, nil
	}
}

// hookTime is ts as a time, nil when unset.
func hookTime(ts *timestamppb.Timestamp) *time.Time {
	if ts == nil {
		return nil
	}
	t := ts.AsTime()
	return &t
}

// hookOccurred is ts as a time, zero when unset.
func hookOccurred(ts *timestamppb.Timestamp) time.Time {
	if ts == nil {
		return time.Time{}
	}
	return ts.AsTime()
}

// hookList is s, or an empty list (JSON [] rather than null).
func hookList(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
