package app_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/sqlite"
)

// The e-mails about an idea still queued for its submitter when she is
// erased are never sent: they leave the queue and the log keeps them
// failed, without address; another submitter's queued e-mail is sent.
func TestErasureDropsQueuedIdeaMails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	a, db := newApp(t, func() time.Time { return clock }, delivery.Files{Dir: dir})
	sanne := domain.Idea{ID: "i1", ProgrammeID: "p1", Version: 1, Name: "Sanne", Email: "Sanne@Bakkerij.nl",
		Title: "Bezorgdienst", Status: domain.IdeaNew}
	decided := sanne
	decided.Version, decided.Status = 2, domain.IdeaSupported
	piet := domain.Idea{ID: "i2", ProgrammeID: "p1", Version: 1, Name: "Piet", Email: "piet@garage.nl",
		Title: "Laadpalen", Status: domain.IdeaNew}
	err := db.InTx(ctx, func(tx sqlite.Tx) error {
		for _, x := range []struct {
			i         domain.Idea
			submitted bool
		}{{sanne, true}, {decided, false}, {piet, true}} {
			if err := a.ApplyIdea(ctx, tx, x.i, x.submitted); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.InTx(ctx, func(tx sqlite.Tx) error {
		_, err := a.ErasePerson(ctx, tx, " sanne@bakkerij.NL ")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var queued int
	if err := db.R.Get(&queued, `SELECT count(*) FROM mail_queue`); err != nil {
		t.Fatal(err)
	}
	if queued != 1 {
		t.Errorf("%d e-mails queued after the erasure, want Piet's only", queued)
	}
	if err := a.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*.eml")); len(files) != 1 {
		t.Errorf("mail files written %v, want Piet's only", files)
	}
	log := emailLog(t, a, app.EmailFilter{})
	if len(log) != 3 {
		t.Fatalf("log %+v, want the three e-mails", log)
	}
	for _, e := range log {
		switch {
		case e.To == "piet@garage.nl":
			if e.Status != domain.StatusSent {
				t.Errorf("Piet's receipt %+v, want it sent", e)
			}
		case e.To != "" || e.Status != domain.StatusFailed:
			t.Errorf("an e-mail to the erased submitter %+v, want it failed without address", e)
		}
	}
}
