package delivery_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"plein.dev/notifications/internal/delivery"
)

func TestFiles(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "mail")
	f := delivery.Files{Dir: dir}
	m := delivery.Mail{ID: "0193-abc", Created: time.Date(2026, 3, 3, 12, 0, 5, 0, time.FixedZone("CET", 3600)),
		Message: []byte("first")}
	if err := f.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	// Sent again (after a crash before it was marked sent): the same file.
	m.Message = []byte("second")
	if err := f.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "20260303T110005Z-0193-abc.eml" {
		t.Fatalf("files = %v, want one 20260303T110005Z-0193-abc.eml", entries)
	}
	b, err := os.ReadFile(filepath.Join(dir, entries[0].Name()))
	if err != nil || string(b) != "second" {
		t.Fatalf("content %q, %v", b, err)
	}
	if err := f.Send(context.Background(), delivery.Mail{ID: "../escape"}); !errors.Is(err, delivery.ErrPermanent) {
		t.Errorf("id with a path: %v, want ErrPermanent", err)
	}
}
