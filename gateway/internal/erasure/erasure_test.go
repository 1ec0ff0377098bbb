package erasure_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/internal/erasure"
	"plein.dev/gateway/migrations"
	"plein.dev/platform/inbox"
	"plein.dev/platform/seal"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	opsv1 "plein.dev/proto/gen/plein/ops/v1"
	"plein.dev/proto/subject"
)

// An erasure erases the account of the address at once (never the
// caller's), asks the services with the address sealed, and completes
// once each of them answered (an answer delivered twice counts once).
func TestErasureCompletesWithEveryAnswer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	db := testkit.DB(t, migrations.FS)
	accts, err := accounts.New(db, func() time.Time { return now }, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	entry, _ := seal.NewKey("k1")
	keys, _ := seal.Parse(entry)
	accts.AnnounceWith(keys)
	admin, err := accts.Create(ctx, accounts.NewUser{Email: "beheer@plein.nl", Name: "Beheer", Password: "correct horse battery", Roles: []string{"admin"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := accts.Create(ctx, accounts.NewUser{Email: "anna@example.nl", Name: "Anna de Wit", Password: "correct horse battery", Roles: []string{"organiser"}}); err != nil {
		t.Fatal(err)
	}
	s := erasure.New(db, accts, keys, func() time.Time { return now }, testkit.Logger(t))

	if _, err := s.Request(ctx, "beheer@plein.nl", admin.ID); !errors.Is(err, accounts.ErrEraseSelf) {
		t.Fatalf("erasing one's own account: %v", err)
	}
	id, err := s.Request(ctx, " Anna@Example.nl", admin.ID)
	if err != nil {
		t.Fatal(err)
	}
	var users []string
	if err := db.R.Select(&users, `SELECT email || name FROM users ORDER BY email`); err != nil {
		t.Fatal(err)
	}
	if len(users) != 2 || users[0] != "" {
		t.Errorf("accounts after the erasure %q: the erased one keeps no address or name", users)
	}
	var payloads [][]byte
	if err := db.R.Select(&payloads, `SELECT payload FROM outbox WHERE subject = ?`, string(subject.ErasureRequested)); err != nil {
		t.Fatal(err)
	}
	if len(payloads) != 1 || bytes.Contains(bytes.ToLower(payloads[0]), []byte("anna@example.nl")) {
		t.Fatalf("requests %q: want one, the address sealed", payloads)
	}

	st, err := s.Get(ctx, id)
	if err != nil || st.Status != "pending" || len(st.Services) != 5 || st.Services[0].Service != "gateway" ||
		st.Services[0].CompletedAt == nil || st.Services[0].Erased != 1 || st.Services[1].CompletedAt != nil {
		t.Fatalf("before the answers %+v, %v", st, err)
	}
	answer := func(service string, erased int32) {
		t.Helper()
		data, _ := proto.Marshal(&opsv1.ErasureCompleted{ErasureId: id, Service: service, Erased: erased, CompletedAt: timestamppb.New(now)})
		if err := db.InTx(ctx, func(tx sqlite.Tx) error {
			return s.Apply(ctx, tx, inbox.Message{Subject: string(subject.ErasureCompleted(service)), Data: data})
		}); err != nil {
			t.Fatal(err)
		}
	}
	answer("registrations", 3)
	answer("registrations", 3)
	answer("notifications", 3)
	if st, _ := s.Get(ctx, id); st.Status != "pending" {
		t.Fatalf("completed without the ambassadors' answer: %+v", st)
	}
	answer("ambassadors", 0)
	if st, _ := s.Get(ctx, id); st.Status != "pending" {
		t.Fatalf("completed without the events' answer: %+v", st)
	}
	answer("events", 1)
	st, err = s.Get(ctx, id)
	if err != nil || st.Status != "completed" || st.Services[1].Erased != 3 || st.Services[3].CompletedAt == nil ||
		st.Services[4].Service != "events" || st.Services[4].Erased != 1 {
		t.Fatalf("after the answers %+v, %v", st, err)
	}
	if _, err := s.Get(ctx, "nope"); !errors.Is(err, erasure.ErrNotFound) {
		t.Errorf("unknown erasure: %v", err)
	}
}
