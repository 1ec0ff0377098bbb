package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"plein.dev/notifications/internal/app"
	"plein.dev/notifications/internal/delivery"
	"plein.dev/notifications/internal/domain"
	"plein.dev/platform/sqlite"
)

// An erasure request takes the address out of the log (whatever its
// case), stops its queued mail, deletes its mail files and its
// registrations' attendees; another person's mail stays.
func TestErasePersonLeavesNoMail(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	a, db := newApp(t, func() time.Time { return now }, delivery.Files{Dir: dir})
	erased, second, kept := change(domain.Confirmed, 1, domain.StatusConfirmed, now),
		change(domain.Confirmed, 1, domain.StatusConfirmed, now), change(domain.Confirmed, 1, domain.StatusConfirmed, now)
	second.Registration.ID, second.Registration.EventID = "r3", "ev2"
	kept.Registration.ID, kept.Registration.Email = "r2", "anna@example.nl"
	for _, c := range []domain.Change{erased, second, kept} {
		if err := apply(t, a, db, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*.eml")); len(files) != 3 {
		t.Fatalf("%d mail files written, want 3", len(files))
	}

	var n int
	err := db.InTx(ctx, func(tx sqlite.Tx) error {
		var err error
		n, err = a.ErasePerson(ctx, tx, " piet@EXAMPLE.nl ")
		return err
	})
	if err != nil || n < 2 {
		t.Fatalf("erased %d, %v", n, err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("mail files left %v, want the other person's", files)
	}
	if b, _ := os.ReadFile(files[0]); len(b) == 0 {
		t.Error("the other person's mail is empty")
	}
	for _, e := range emailLog(t, a, app.EmailFilter{}) {
		if e.RegistrationID != "r2" && e.To != "" {
			t.Errorf("erased person's e-mail %+v", e)
		}
	}
}

// erasingSender commits an erasure just before it writes its batch: the
// erasure commits while the batch read from the queue is being written.
type erasingSender struct {
	delivery.Files
	erase func()
}

func (s erasingSender) Send(ctx context.Context, batch []delivery.Mail) []error {
	s.erase()
	return s.Files.Send(ctx, batch)
}

// A person erased while their mail is being written leaves no file: the
// erasure deleted the files that existed when it committed, and the
// delivery deletes those it wrote for a recipient erased meanwhile.
func TestErasureWhileMailIsWritten(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	var a *app.App
	var db *sqlite.DB
	sender := erasingSender{Files: delivery.Files{Dir: dir}, erase: func() {
		err := db.InTx(ctx, func(tx sqlite.Tx) error {
			_, err := a.ErasePerson(ctx, tx, "piet@example.nl")
			return err
		})
		if err != nil {
			t.Error(err)
		}
	}}
	a, db = newApp(t, func() time.Time { return now }, sender)
	erased, kept := change(domain.Confirmed, 1, domain.StatusConfirmed, now), change(domain.Confirmed, 1, domain.StatusConfirmed, now)
	kept.Registration.ID, kept.Registration.Email = "r2", "anna@example.nl"
	for _, c := range []domain.Change{erased, kept} {
		if err := apply(t, a, db, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("mail files %v, want the other person's alone", files)
	}
	if b, _ := os.ReadFile(files[0]); !strings.Contains(string(b), "anna@example.nl") {
		t.Errorf("the file left is not anna's:\n%s", b)
	}
}
