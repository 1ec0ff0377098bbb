// Package bus is the ambassadors service on NATS: what it publishes (one
// protobuf message per change of a programme, ambassador or activity, on the
// subject.* constants of its stream) and what it consumes of the events and
// registrations services (consume.go).
package bus

import (
	"fmt"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/protoconv"
	"plein.dev/platform/outbox"
	"plein.dev/platform/seal"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	"plein.dev/proto/subject"
)

// Service is the name of this service on the bus: its stream and its
// durable consumers.
const Service = subject.StreamAmbassadors

// message builds the outbox message of a versioned change on subject s; the
// aggregate is the subject's, e.g. "programme:<id>".
func message(s subject.Subject, id string, version int64, m proto.Message) (outbox.Message, error) {
	payload, err := proto.Marshal(m)
	if err != nil {
		return outbox.Message{}, fmt.Errorf("marshal %s of %s: %w", s, id, err)
	}
	return outbox.Message{
		Subject:   string(s),
		Aggregate: s.Aggregate() + ":" + id,
		Version:   version,
		Payload:   payload,
	}, nil
}

// ProgrammeChanged builds the outbox message announcing a change of a
// programme on s: subject.ProgrammeCreated, ProgrammeUpdated or
// ProgrammeClosed.
// Of the contacts it carries only the public ones, with name and role: no
// e-mail address or phone number goes on the bus.
func ProgrammeChanged(s subject.Subject, p domain.Programme, now time.Time) (outbox.Message, error) {
	contacts := domain.PublicContacts(p.Contacts)
	for i := range contacts {
		contacts[i].Email, contacts[i].Phone = "", ""
	}
	p.Contacts = contacts
	return message(s, p.ID, p.Version,
		&ambassadorsv1.ProgrammeChanged{Programme: protoconv.Programme(p), OccurredAt: timestamppb.New(now)})
}

// EmailContext binds an ambassador's sealed address to them
// (platform/seal): it opens in their own messages only.
func EmailContext(ambassadorID string) string { return "ambassador:" + ambassadorID + ":email" }

// onBus is the ambassador as a message carries them: the e-mail address
// never in clear, only sealed with keys (left out without any) for the
// notifications service, which mails them. The name is public profile
// data, shown on the public pages, and stays in clear.
func onBus(a domain.Ambassador, keys *seal.Keyring) (amb *ambassadorsv1.Ambassador, sealedEmail string) {
	if keys != nil && a.Email != "" {
		sealedEmail = keys.Seal(a.Email, EmailContext(a.ID))
	}
	a.Email = ""
	return protoconv.Ambassador(a), sealedEmail
}

// AmbassadorChanged builds the outbox message announcing a change of an
// ambassador on s: subject.AmbassadorAppointed, AmbassadorUpdated or
// AmbassadorTermEnded, the address sealed with keys (onBus).
func AmbassadorChanged(s subject.Subject, a domain.Ambassador, keys *seal.Keyring, now time.Time) (outbox.Message, error) {
	amb, sealed := onBus(a, keys)
	return message(s, a.ID, a.Version,
		&ambassadorsv1.AmbassadorChanged{Ambassador: amb, SealedEmail: sealed, OccurredAt: timestamppb.New(now)})
}

// ActivityChanged builds the outbox message announcing a change of an
// activity on s: subject.ActivityLogged, ActivityUpdated, ActivityReviewed
// or ActivityDeleted.
func ActivityChanged(s subject.Subject, x domain.Activity, now time.Time) (outbox.Message, error) {
	return message(s, x.ID, x.Version,
		&ambassadorsv1.ActivityChanged{Activity: protoconv.Activity(x), OccurredAt: timestamppb.New(now)})
}

// BehindTarget builds the outbox message (subject.AmbassadorBehindTarget)
// asking for a friendly reminder to an ambassador who is behind on targets;
// at most one a month (the aggregate names the month, so consumers keep
// each), unversioned; the address sealed with keys (onBus).
func BehindTarget(a domain.Ambassador, keys *seal.Keyring, programmeName string, today domain.Date, behind []domain.TargetProgress, now time.Time) (outbox.Message, error) {
	amb, sealed := onBus(a, keys)
	m := &ambassadorsv1.BehindTarget{Ambassador: amb, SealedEmail: sealed, OccurredAt: timestamppb.New(now),
		ProgrammeName: programmeName, AsOf: string(today), Targets: protoconv.Progress(behind)}
	payload, err := proto.Marshal(m)
	if err != nil {
		return outbox.Message{}, fmt.Errorf("marshal behind-target of %s: %w", a.ID, err)
	}
	return outbox.Message{
		Subject:   string(subject.AmbassadorBehindTarget),
		Aggregate: "behind-target:" + a.ID + ":" + today.Month(),
		Payload:   payload,
	}, nil
}
