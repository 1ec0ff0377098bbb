package bus

import (
	"fmt"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/protoconv"
	"plein.dev/platform/outbox"
	"plein.dev/platform/shred"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	"plein.dev/proto/subject"
)

// IdeaChanged builds the outbox message announcing an idea submitted
// (subject.IdeaSubmitted) or triaged (subject.IdeaUpdated). The idea of
// field 1 carries no name, address, organisation or KvK number (a sole
// trader's trade name is often their own name): those travel in
// sealed_personal, encrypted with the submitter's key k (platform/shred)
// bound to the idea id; without a key (an anonymised idea) they are left
// out.
func IdeaChanged(s subject.Subject, i domain.Idea, previous domain.IdeaStatus, k shred.Key, now time.Time) (outbox.Message, error) {
	idea := protoconv.Idea(i)
	personal := &ambassadorsv1.Idea{Name: idea.GetName(), Email: idea.GetEmail(), KvkNumber: idea.GetKvkNumber(),
		Organisation: idea.GetOrganisation()}
	idea.Name, idea.Email, idea.KvkNumber, idea.Organisation = "", "", "", ""
	sealed := ""
	if k.ID != "" {
		plain, err := proto.Marshal(personal)
		if err != nil {
			return outbox.Message{}, fmt.Errorf("marshal personal data of idea %s: %w", i.ID, err)
		}
		if sealed, err = shred.Seal(k, plain, i.ID); err != nil {
			return outbox.Message{}, err
		}
	}
	return message(s, i.ID, i.Version, &ambassadorsv1.IdeaChanged{Idea: idea, OccurredAt: timestamppb.New(now),
		PreviousStatus: string(previous), SealedPersonal: sealed})
}
