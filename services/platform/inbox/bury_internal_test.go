package inbox

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jmoiron/sqlx"

	"plein.dev/platform/testkit"
)

// TestBuryingAgainCountsOnce: a message given up twice — redelivered
// because its termination after the first commit was lost — stays one
// dead letter, with its attempts added up, and is counted once.
func TestBuryingAgainCountsOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testkit.DB(t, fstest.MapFS{"0001_none.sql": {Data: []byte("-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 1;\n")}})
	d := DeadLetter{Consumer: "c1", Stream: "events", StreamSeq: 7, Subject: "plein.events.event.updated",
		MsgID: "m1", Attempts: 3}
	for range 2 {
		err := db.InTx(ctx, func(tx *sqlx.Tx) error { return bury(ctx, tx, d, errors.New("cannot apply"), time.Now()) })
		if err != nil {
			t.Fatal(err)
		}
	}
	counts, err := Counts(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) != 1 || counts[0].Total != 1 || counts[0].Waiting != 1 {
		t.Fatalf("counts %+v, want one dead letter counted once", counts)
	}
	letters, err := DeadLetters(ctx, db, 10)
	if err != nil || len(letters) != 1 || letters[0].Attempts != 6 {
		t.Fatalf("dead letters %+v (%v), want one with 6 attempts", letters, err)
	}
}
