// Package bus defines what the ambassadors service publishes: one protobuf
// message per change of a programme, ambassador or activity, on
// plein.ambassadors.<aggregate>.<verb>.
package bus

import (
	"fmt"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/protoconv"
	"plein.dev/platform/outbox"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// Service is the name of this service on the bus: its stream and its
// durable consumers.
const Service = "ambassadors"

// The verbs of the subjects this service publishes.
const (
	VerbCreated   = "created"   // programme
	VerbUpdated   = "updated"   // programme, ambassador, activity
	VerbClosed    = "closed"    // programme
	VerbAppointed = "appointed" // ambassador
	VerbLogged    = "logged"    // activity
	VerbDeleted   = "deleted"   // activity
	VerbReviewed  = "reviewed"  // activity
	// VerbTermEnded: the ambassador is alumni now (term passed or
	// programme closed).
	VerbTermEnded = "term-ended" // ambassador
	// VerbBehindTarget carries a BehindTarget, not an AmbassadorChanged.
	VerbBehindTarget = "behind-target" // ambassador
)

// Subject returns the subject of a change of an aggregate kind, e.g.
// Subject("programme", "created") is "plein.ambassadors.programme.created".
func Subject(aggregate, verb string) string {
	return "plein." + Service + "." + aggregate + "." + verb
}

func message(aggregate, id, verb string, version int64, m proto.Message) (outbox.Message, error) {
	payload, err := proto.Marshal(m)
	if err != nil {
		return outbox.Message{}, fmt.Errorf("marshal %s %s %s: %w", aggregate, id, verb, err)
	}
	return outbox.Message{
		Subject:   Subject(aggregate, verb),
		Aggregate: aggregate + ":" + id,
		Version:   version,
		Payload:   payload,
	}, nil
}

// ProgrammeChanged builds the outbox message announcing a change of a
// programme (verb created, updated or closed).
func ProgrammeChanged(verb string, p domain.Programme, now time.Time) (outbox.Message, error) {
	return message("programme", p.ID, verb, p.Version,
		&ambassadorsv1.ProgrammeChanged{Programme: protoconv.Programme(p), OccurredAt: timestamppb.New(now)})
}

// AmbassadorChanged builds the outbox message announcing a change of an
// ambassador (verb appointed or updated). It carries the e-mail address:
// the bus is internal and the notifications service may need it.
func AmbassadorChanged(verb string, a domain.Ambassador, now time.Time) (outbox.Message, error) {
	return message("ambassador", a.ID, verb, a.Version,
		&ambassadorsv1.AmbassadorChanged{Ambassador: protoconv.Ambassador(a), OccurredAt: timestamppb.New(now)})
}

// ActivityChanged builds the outbox message announcing a change of an
// activity (verb logged, updated or deleted).
func ActivityChanged(verb string, x domain.Activity, now time.Time) (outbox.Message, error) {
	return message("activity", x.ID, verb, x.Version,
		&ambassadorsv1.ActivityChanged{Activity: protoconv.Activity(x), OccurredAt: timestamppb.New(now)})
}

// BehindTarget builds the outbox message asking for a friendly reminder to
// an ambassador who is behind on targets; at most one a month (the
// aggregate names the month, so consumers keep each).
func BehindTarget(a domain.Ambassador, programmeName string, today domain.Date, behind []domain.TargetProgress, now time.Time) (outbox.Message, error) {
	m := &ambassadorsv1.BehindTarget{Ambassador: protoconv.Ambassador(a), OccurredAt: timestamppb.New(now),
		ProgrammeName: programmeName, AsOf: string(today), Targets: protoconv.Progress(behind)}
	payload, err := proto.Marshal(m)
	if err != nil {
		return outbox.Message{}, fmt.Errorf("marshal behind-target %s: %w", a.ID, err)
	}
	return outbox.Message{
		Subject:   Subject("ambassador", VerbBehindTarget),
		Aggregate: "behind-target:" + a.ID + ":" + today.Month(),
		Payload:   payload,
	}, nil
}
