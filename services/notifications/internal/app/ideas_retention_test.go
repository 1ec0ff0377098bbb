package app_test

import (
	"context"
	"os"
	"testing"
	"time"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/sqlite"
)

// The e-mails about an idea lose their address, and their .eml files go,
// once written longer ago than the retention period; a recent one keeps
// both. The log still says they were sent.
func TestRetentionForgetsIdeaMails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	a, db := newApp(t, func() time.Time { return clock }, delivery.Files{Dir: dir})
	idea := domain.Idea{ID: "i1", ProgrammeID: "p1", Version: 1, Name: "Sanne", Email: "sanne@bakkerij.nl",
		Title: "Bezorgdienst", Status: domain.IdeaNew}
	submit := func(i domain.Idea, submitted bool) {
		t.Helper()
		if err := db.InTx(ctx, func(tx sqlite.Tx) error { return a.ApplyIdea(ctx, tx, i, submitted) }); err != nil {
			t.Fatal(err)
		}
		if err := a.Deliver(ctx); err != nil {
			t.Fatal(err)
		}
	}
	submit(idea, true)
	clock = clock.Add(40 * 24 * time.Hour)
	idea.Version, idea.Status = 2, domain.IdeaSupported
	submit(idea, false)
	clock = clock.Add(10 * 24 * time.Hour)
	if err := a.Retention(30 * 24 * time.Hour).Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	log := emailLog(t, a, app.EmailFilter{})
	if len(log) != 2 || log[0].To != "" || log[0].Status != domain.StatusSent || log[1].To != "sanne@bakkerij.nl" {
		t.Fatalf("log after the sweep %+v: want the receipt anonymised, the decision kept", log)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("%d mail files left, want the decision's only", len(entries))
	}
}
