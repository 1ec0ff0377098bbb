package bus

import (
	"context"
	"errors"
	"testing"

	"google.golang.org/protobuf/proto"

	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/inbox"
	"plein.dev/platform/service"
	"plein.dev/platform/shred"
	"plein.dev/platform/sqlite"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	"plein.dev/proto/subject"
)

type recordingIdeas struct{ applied []domain.Idea }

func (r *recordingIdeas) ApplyIdea(_ context.Context, _ sqlite.Tx, i domain.Idea, _ bool) error {
	r.applied = append(r.applied, i)
	return nil
}

// The ideas' consumer decides on both verbs, mails from its creation, and
// makes the e-mail from the name and address sealed with the submitter's
// key; an erased submitter (the key gone) is mailed nothing, a key that
// cannot be read now is retried.
func TestIdeaConsumers(t *testing.T) {
	t.Parallel()
	cs := IdeaConsumers(nil, nil)
	if len(cs) != 1 || len(cs[0].Undecided()) > 0 || cs[0].Start != service.FromCreation || cs[0].Stream != subject.StreamAmbassadors {
		t.Fatalf("consumers %+v", cs)
	}
	k, _ := shred.NewKey()
	personal, _ := proto.Marshal(&ambassadorsv1.Idea{Name: "Sanne", Email: "sanne@bakkerij.nl"})
	sealed, err := shred.Seal(k, personal, "i1")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := proto.Marshal(&ambassadorsv1.IdeaChanged{SealedPersonal: sealed,
		Idea: &ambassadorsv1.Idea{Id: "i1", ProgrammeId: "p1", Status: "new", Version: 1, Language: "en"}})
	m := inbox.Message{Subject: string(subject.IdeaSubmitted), Data: data}
	for _, c := range []struct {
		name    string
		open    Personal
		applied int
		fails   bool
	}{
		{"key on the bus", fakePersonal{key: k}, 1, false},
		{"submitter erased", fakePersonal{err: shred.ErrShredded}, 0, false},
		{"NATS away", fakePersonal{err: errors.New("no responders")}, 0, true},
	} {
		rec := &recordingIdeas{}
		err := IdeaConsumers(rec, c.open)[0].Handle[subject.IdeaSubmitted](context.Background(), nil, m)
		if (err != nil) != c.fails || errors.Is(err, inbox.ErrPermanent) || len(rec.applied) != c.applied {
			t.Errorf("%s: err %v, %d applied", c.name, err, len(rec.applied))
			continue
		}
		if c.applied == 1 {
			if i := rec.applied[0]; i.Email != "sanne@bakkerij.nl" || i.Name != "Sanne" || i.Language != "en" || i.Version != 1 {
				t.Errorf("%s: %+v", c.name, i)
			}
		}
	}
}
