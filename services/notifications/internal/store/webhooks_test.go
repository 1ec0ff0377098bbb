package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"plein.dev/notifications/internal/domain"
	"plein.dev/notifications/internal/store"
	"plein.dev/notifications/migrations"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
)

// The webhook store's contract, against a real SQLite file per test.

var hookT0 = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)

func hookDB(t *testing.T) *sqlite.DB {
	t.Helper()
	return testkit.DB(t, migrations.FS)
}

func inTx(t *testing.T, db *sqlite.DB, fn func(tx sqlite.Tx) error) {
	t.Helper()
	if err := db.InTx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func addWebhook(t *testing.T, db *sqlite.DB, id string, events ...domain.WebhookType) domain.Webhook {
	t.Helper()
	w := domain.Webhook{ID: id, URL: "https://" + id + ".example/hook", Events: events, Description: "d " + id,
		Secret: []byte("0123456789abcdef0123456789abcdef"), CreatedAt: hookT0}
	inTx(t, db, func(tx sqlite.Tx) error {
		var err error
		w, err = store.InsertWebhook(context.Background(), tx, w)
		return err
	})
	return w
}

// queueMsg queues a message for a webhook and reports whether it did.
func queueMsg(t *testing.T, db *sqlite.DB, id, webhookID, key, cause string) bool {
	t.Helper()
	var queued bool
	inTx(t, db, func(tx sqlite.Tx) error {
		var err error
		queued, err = store.QueueWebhookMessage(context.Background(), tx, domain.WebhookDelivery{ID: id,
			WebhookID: webhookID, Type: domain.HookRegistrationConfirmed, OrderKey: key, Body: []byte(`{"n":"` + id + `"}`),
			CreatedAt: hookT0}, cause)
		return err
	})
	return queued
}

func due(t *testing.T, db *sqlite.DB, now time.Time) []string {
	t.Helper()
	ds, err := store.DueWebhookDeliveries(context.Background(), db.R, now, 100)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	return ids
}

func record(t *testing.T, db *sqlite.DB, a domain.WebhookAttempt) bool {
	t.Helper()
	var ok bool
	inTx(t, db, func(tx sqlite.Tx) error {
		var err error
		ok, err = store.RecordWebhookAttempt(context.Background(), tx, a, a.At)
		return err
	})
	return ok
}

func TestWebhooksListedWithTheirEventTypes(t *testing.T) {
	t.Parallel()
	db := hookDB(t)
	ctx := context.Background()
	a := addWebhook(t, db, "a", domain.HookEventPublished, domain.HookRegistrationConfirmed)
	addWebhook(t, db, "b", domain.HookRegistrationConfirmed)
	addWebhook(t, db, "c", domain.HookActivityApproved)

	all, err := store.ListWebhooks(ctx, db.R, 0, 10)
	if err != nil || len(all) != 3 {
		t.Fatalf("list: %v %v", all, err)
	}
	got := all[0]
	if got.ID != "a" || got.URL != a.URL || got.Description != "d a" || !got.CreatedAt.Equal(hookT0) ||
		got.Secret != nil ||
		!slices.Equal(got.Events, []domain.WebhookType{domain.HookEventPublished, domain.HookRegistrationConfirmed}) {
		t.Errorf("first = %+v", got)
	}
	rest, err := store.ListWebhooks(ctx, db.R, all[0].Seq, 10)
	if err != nil || len(rest) != 2 || rest[0].ID != "b" {
		t.Errorf("after the first: %v %v", rest, err)
	}
	subs, err := store.Subscribers(ctx, db.R, domain.HookRegistrationConfirmed)
	slices.Sort(subs)
	if err != nil || !slices.Equal(subs, []string{"a", "b"}) {
		t.Errorf("subscribers of registration.confirmed: %v %v", subs, err)
	}
	if subs, _ := store.Subscribers(ctx, db.R, domain.HookEventCompleted); len(subs) != 0 {
		t.Errorf("subscribers of event.completed: %v", subs)
	}
}

// Deleting a webhook takes its subscriptions, queue and log with it.
func TestDeleteWebhook(t *testing.T) {
	t.Parallel()
	db := hookDB(t)
	ctx := context.Background()
	addWebhook(t, db, "a", domain.HookRegistrationConfirmed)
	addWebhook(t, db, "b", domain.HookRegistrationConfirmed)
	queueMsg(t, db, "m1", "a", "registration:r1", "c1")
	queueMsg(t, db, "m2", "b", "registration:r1", "c1")
	queueMsg(t, db, "m3", "a", "registration:r2", "c2")
	record(t, db, domain.WebhookAttempt{WebhookID: "a", MessageID: "m3", Type: domain.HookRegistrationConfirmed,
		Attempt: 1, At: hookT0, StatusCode: 200, Outcome: domain.AttemptSucceeded})

	inTx(t, db, func(tx sqlite.Tx) error { return store.DeleteWebhook(ctx, tx, "a") })
	if ids := due(t, db, hookT0); !slices.Equal(ids, []string{"m2"}) {
		t.Errorf("due after deleting a: %v", ids)
	}
	if ok, _ := store.WebhookExists(ctx, db.R, "a"); ok {
		t.Error("a still exists")
	}
	if subs, _ := store.Subscribers(ctx, db.R, domain.HookRegistrationConfirmed); !slices.Equal(subs, []string{"b"}) {
		t.Errorf("subscribers: %v", subs)
	}
	if as, _ := store.ListWebhookAttempts(ctx, db.R, "a", 0, 10); len(as) != 0 {
		t.Errorf("a's log survived: %v", as)
	}
	err := db.InTx(ctx, func(tx sqlite.Tx) error { return store.DeleteWebhook(ctx, tx, "a") })
	if !errors.Is(err, domain.ErrWebhookNotFound) {
		t.Errorf("second delete: %v", err)
	}
	// An attempt finishing after the deletion is not recorded.
	if record(t, db, domain.WebhookAttempt{WebhookID: "a", MessageID: "m1", Type: domain.HookRegistrationConfirmed,
		Attempt: 1, At: hookT0, Outcome: domain.AttemptSucceeded}) {
		t.Error("an attempt of a deleted webhook was recorded")
	}
}

// One message per webhook and cause, whatever arrives twice.
func TestQueueWebhookMessageOncePerCause(t *testing.T) {
	t.Parallel()
	db := hookDB(t)
	addWebhook(t, db, "a", domain.HookRegistrationConfirmed)
	if !queueMsg(t, db, "m1", "a", "registration:r1", "c1") {
		t.Fatal("first not queued")
	}
	if queueMsg(t, db, "m2", "a", "registration:r1", "c1") {
		t.Error("the same cause was queued twice")
	}
	if ids := due(t, db, hookT0); !slices.Equal(ids, []string{"m1"}) {
		t.Errorf("due: %v", ids)
	}
}

// Only the earliest queued message of a webhook and key may be sent; the
// next waits until it is settled, whatever its own due time.
func TestDueKeepsTheOrderPerKey(t *testing.T) {
	t.Parallel()
	db := hookDB(t)
	ctx := context.Background()
	addWebhook(t, db, "a", domain.HookRegistrationConfirmed)
	addWebhook(t, db, "b", domain.HookRegistrationConfirmed)
	queueMsg(t, db, "a-r1-1", "a", "registration:r1", "c1")
	queueMsg(t, db, "b-r1-1", "b", "registration:r1", "c1")
	queueMsg(t, db, "a-r1-2", "a", "registration:r1", "c2")
	queueMsg(t, db, "a-r2-1", "a", "registration:r2", "c3")
	if ids := due(t, db, hookT0); !slices.Equal(ids, []string{"a-r1-1", "b-r1-1", "a-r2-1"}) {
		t.Fatalf("due: %v", ids)
	}
	if ds, _ := store.DueWebhookDeliveries(ctx, db.R, hookT0, 1); len(ds) != 1 || ds[0].URL != "https://a.example/hook" ||
		len(ds[0].Secret) != 32 || string(ds[0].Body) != `{"n":"a-r1-1"}` || !ds[0].FirstAttemptAt.IsZero() {
		t.Errorf("the first due: %+v", ds)
	}

	// a-r1-1 fails and is retried later: a-r1-2 still waits.
	retryAt := hookT0.Add(time.Minute)
	if !record(t, db, domain.WebhookAttempt{WebhookID: "a", MessageID: "a-r1-1", Type: domain.HookRegistrationConfirmed,
		Attempt: 1, At: hookT0, StatusCode: 500, Duration: 12 * time.Millisecond, Error: "HTTP 500",
		Outcome: domain.AttemptRetrying, NextRetryAt: retryAt}) {
		t.Fatal("retry not recorded")
	}
	if ids := due(t, db, hookT0.Add(time.Second)); !slices.Equal(ids, []string{"b-r1-1", "a-r2-1"}) {
		t.Errorf("due while a-r1-1 waits: %v", ids)
	}
	if at, ok, err := store.NextWebhookDue(ctx, db.R); err != nil || !ok || !at.Equal(hookT0) {
		t.Errorf("next due: %v %v %v", at, ok, err)
	}
	ds, _ := store.DueWebhookDeliveries(ctx, db.R, retryAt, 10)
	if len(ds) != 3 || ds[2].ID != "a-r1-1" || ds[2].Attempts != 1 || !ds[2].FirstAttemptAt.Equal(hookT0) {
		t.Errorf("due once the retry is (the retry last): %+v", ds)
	}

	// It succeeds: a-r1-2 is next.
	record(t, db, domain.WebhookAttempt{WebhookID: "a", MessageID: "a-r1-1", Type: domain.HookRegistrationConfirmed,
		Attempt: 2, At: retryAt, StatusCode: 200, Outcome: domain.AttemptSucceeded})
	record(t, db, domain.WebhookAttempt{WebhookID: "b", MessageID: "b-r1-1", Type: domain.HookRegistrationConfirmed,
		Attempt: 1, At: retryAt, StatusCode: 410, Error: "HTTP 410", Outcome: domain.AttemptFailed})
	if ids := due(t, db, retryAt); !slices.Equal(ids, []string{"a-r1-2", "a-r2-1"}) {
		t.Errorf("due after a-r1-1 succeeded: %v", ids)
	}

	as, err := store.ListWebhookAttempts(ctx, db.R, "a", 0, 10)
	if err != nil || len(as) != 2 {
		t.Fatalf("a's log: %v %v", as, err)
	}
	if as[0].Outcome != domain.AttemptSucceeded || as[0].Attempt != 2 || !as[0].NextRetryAt.IsZero() {
		t.Errorf("newest: %+v", as[0])
	}
	if old := as[1]; old.Outcome != domain.AttemptRetrying || old.StatusCode != 500 || old.Error != "HTTP 500" ||
		old.Duration != 12*time.Millisecond || !old.NextRetryAt.Equal(retryAt) || old.MessageID != "a-r1-1" ||
		old.Type != domain.HookRegistrationConfirmed || !old.At.Equal(hookT0) {
		t.Errorf("oldest: %+v", old)
	}
	if older, _ := store.ListWebhookAttempts(ctx, db.R, "a", as[0].Seq, 10); len(older) != 1 || older[0].Seq != as[1].Seq {
		t.Errorf("before the newest: %v", older)
	}
}

func TestForgetAndPrune(t *testing.T) {
	t.Parallel()
	db := hookDB(t)
	ctx := context.Background()
	addWebhook(t, db, "a", domain.HookRegistrationConfirmed)
	queueMsg(t, db, "m1", "a", "registration:r1", "c1")
	queueMsg(t, db, "m2", "a", "registration:r2", "c2")
	inTx(t, db, func(tx sqlite.Tx) error { return store.ForgetWebhookMessages(ctx, tx, "registration:r1") })
	if ids := due(t, db, hookT0); !slices.Equal(ids, []string{"m2"}) {
		t.Errorf("due after forgetting r1: %v", ids)
	}

	record(t, db, domain.WebhookAttempt{WebhookID: "a", MessageID: "m2", Type: domain.HookRegistrationConfirmed,
		Attempt: 1, At: hookT0, StatusCode: 200, Outcome: domain.AttemptSucceeded})
	inTx(t, db, func(tx sqlite.Tx) error { return store.PruneWebhookAttempts(ctx, tx, hookT0) })
	if as, _ := store.ListWebhookAttempts(ctx, db.R, "a", 0, 10); len(as) != 1 {
		t.Errorf("an attempt at the limit was pruned: %v", as)
	}
	inTx(t, db, func(tx sqlite.Tx) error { return store.PruneWebhookAttempts(ctx, tx, hookT0.Add(time.Millisecond)) })
	if as, _ := store.ListWebhookAttempts(ctx, db.R, "a", 0, 10); len(as) != 0 {
		t.Errorf("an older attempt was kept: %v", as)
	}
}
