package erasure_test

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"

	"google.golang.org/protobuf/proto"

	"plein.dev/platform/erasure"
	"plein.dev/platform/inbox"
	"plein.dev/platform/seal"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	accountsv1 "plein.dev/proto/gen/plein/accounts/v1"
	opsv1 "plein.dev/proto/gen/plein/ops/v1"
	"plein.dev/proto/subject"
)

var migrations = fstest.MapFS{"0001_erasures.sql": {Data: []byte(`-- +goose Up
CREATE TABLE erasures (
    erasure_id   TEXT PRIMARY KEY,
    erased       INTEGER NOT NULL,
    erased_at    INTEGER NOT NULL,
    confirmed_at INTEGER
) WITHOUT ROWID;
-- +goose Down
DROP TABLE erasures;
`)}}

func ring(t *testing.T, id string) *seal.Keyring {
	t.Helper()
	entry, _ := seal.NewKey(id)
	k, err := seal.Parse(entry)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// A request erases the address it seals once, however often it is
// delivered, and is answered with how many records went.
func TestEraserErasesOnceAndAnswers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testkit.DB(t, migrations)
	keys := ring(t, "k1")
	var calls []string
	e := erasure.New("registrations", db, keys, func(_ context.Context, _ sqlite.Tx, address string) (int, error) {
		calls = append(calls, address)
		return 3, nil
	})
	c := e.Consumer()
	if c.Stream != subject.StreamAccounts || len(c.Undecided()) != 0 {
		t.Fatalf("consumer %+v, undecided %v", c, c.Undecided())
	}
	req, _ := proto.Marshal(&accountsv1.ErasureRequested{ErasureId: "e1", SealedEmail: keys.Seal("anna@example.nl", erasure.Context("e1"))})
	handle := c.Handle[subject.ErasureRequested]
	for range 2 {
		if err := db.InTx(ctx, func(tx sqlite.Tx) error {
			return handle(ctx, tx, inbox.Message{Subject: string(subject.ErasureRequested), Data: req})
		}); err != nil {
			t.Fatal(err)
		}
	}
	if len(calls) != 1 || calls[0] != "anna@example.nl" {
		t.Fatalf("erased %v, want the address once", calls)
	}
	for range 2 {
		if err := e.Confirm(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var rows []struct {
		Subject string `db:"subject"`
		Payload []byte `db:"payload"`
	}
	if err := db.R.Select(&rows, `SELECT subject, payload FROM outbox`); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Subject != "plein.registrations.erasure.completed" {
		t.Fatalf("answers %v, want one", rows)
	}
	var done opsv1.ErasureCompleted
	if err := proto.Unmarshal(rows[0].Payload, &done); err != nil || done.GetErasureId() != "e1" ||
		done.GetService() != "registrations" || done.GetErased() != 3 {
		t.Errorf("answer %v, %v", &done, err)
	}
}

// A request sealed with a key this service lacks cannot be applied, ever.
func TestEraserRefusesWhatDoesNotOpen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testkit.DB(t, migrations)
	e := erasure.New("ambassadors", db, ring(t, "mine"), func(context.Context, sqlite.Tx, string) (int, error) { return 0, nil })
	req, _ := proto.Marshal(&accountsv1.ErasureRequested{ErasureId: "e1",
		SealedEmail: ring(t, "theirs").Seal("anna@example.nl", erasure.Context("e1"))})
	err := db.InTx(ctx, func(tx sqlite.Tx) error {
		return e.Consumer().Handle[subject.ErasureRequested](ctx, tx, inbox.Message{Subject: string(subject.ErasureRequested), Data: req})
	})
	if !errors.Is(err, inbox.ErrPermanent) {
		t.Errorf("err %v, want permanent", err)
	}
}
