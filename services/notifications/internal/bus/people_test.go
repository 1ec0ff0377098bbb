package bus

import (
	"context"
	"errors"
	"testing"

	"google.golang.org/protobuf/proto"

	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/inbox"
	"plein.dev/platform/shred"
	"plein.dev/platform/sqlite"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
)

// fakePersonal opens with one key, or fails with err.
type fakePersonal struct {
	key shred.Key
	err error
}

func (f fakePersonal) Open(_ context.Context, sealed, context string) ([]byte, error) {
	if f.err != nil {
		return nil, f.err
	}
	return shred.Open(f.key, sealed, context)
}

type recordingProjections struct {
	Projections
	applied []domain.Change
}

func (r *recordingProjections) ApplyRegistration(_ context.Context, _ sqlite.Tx, c domain.Change) error {
	r.applied = append(r.applied, c)
	return nil
}

// The e-mails are made from the personal fields the message carries
// sealed; an erased person's message (the key gone) mails nobody; a key
// that cannot be read now is retried.
func TestRegistrationOpensThePerson(t *testing.T) {
	t.Parallel()
	k, _ := shred.NewKey()
	personal, _ := proto.Marshal(&registrationsv1.Registration{Name: "Anna de Wit", Email: "anna@example.nl", CheckInCode: "ABCD2345"})
	sealed, err := shred.Seal(k, personal, "r1")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := proto.Marshal(&registrationsv1.RegistrationChanged{SealedPersonal: sealed,
		Registration: &registrationsv1.Registration{Id: "r1", EventId: "e1", Status: "confirmed", Version: 1}})
	m := inbox.Message{Subject: string(subject.RegistrationConfirmed), Data: data}

	for _, c := range []struct {
		name    string
		open    Personal
		applied int
		fails   bool
	}{
		{"key on the bus", fakePersonal{key: k}, 1, false},
		{"person erased", fakePersonal{err: shred.ErrShredded}, 0, false},
		{"NATS away", fakePersonal{err: errors.New("no responders")}, 0, true},
	} {
		rec := &recordingProjections{}
		h := registrations(rec, c.open).Handle[subject.RegistrationConfirmed]
		err := h(context.Background(), nil, m)
		if (err != nil) != c.fails || errors.Is(err, inbox.ErrPermanent) || len(rec.applied) != c.applied {
			t.Errorf("%s: err %v, %d applied", c.name, err, len(rec.applied))
			continue
		}
		if c.applied == 1 {
			r := rec.applied[0].Registration
			if r.Name != "Anna de Wit" || r.Email != "anna@example.nl" || r.CheckInCode != "ABCD2345" {
				t.Errorf("%s: %+v", c.name, r)
			}
		}
	}
}
