package delivery_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gomail "github.com/wneessen/go-mail"

	"plein.dev/notifications/internal/delivery"
)

// msg is a small message with body.
func msg(t testing.TB, to, body string) *gomail.Msg {
	t.Helper()
	m := gomail.NewMsg()
	if err := m.From("noreply@plein.local"); err != nil {
		t.Fatal(err)
	}
	if err := m.To(to); err != nil {
		t.Fatal(err)
	}
	m.Subject("hi")
	m.SetMessageIDWithValue("e1@plein.local")
	m.SetBodyString(gomail.TypeTextPlain, body)
	return m
}

func TestFiles(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "mail")
	f := delivery.Files{Dir: dir}
	m := delivery.Mail{ID: "0193-abc", Created: time.Date(2026, 3, 3, 12, 0, 5, 0, time.FixedZone("CET", 3600)),
		Msg: msg(t, "jan@example.nl", "first")}
	if errs := f.Send(context.Background(), []delivery.Mail{m}); errs[0] != nil {
		t.Fatal(errs[0])
	}
	// Sent again (after a crash before it was marked sent): the same file.
	m.Msg = msg(t, "jan@example.nl", "second")
	bad := delivery.Mail{ID: "../escape", Msg: msg(t, "jan@example.nl", "x")}
	errs := f.Send(context.Background(), []delivery.Mail{m, bad})
	if errs[0] != nil || !delivery.IsPermanent(errs[1]) {
		t.Fatalf("errs = %v, want nil and a permanent error", errs)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "20260303T110005Z-0193-abc.eml" {
		t.Fatalf("files = %v, want one 20260303T110005Z-0193-abc.eml", entries)
	}
	b, err := os.ReadFile(filepath.Join(dir, entries[0].Name()))
	if err != nil || !strings.Contains(string(b), "second") || strings.Contains(string(b), "first") {
		t.Fatalf("content %q, %v", b, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if errs := f.Send(ctx, []delivery.Mail{m}); errs[0] != delivery.ErrNotTried {
		t.Errorf("after ctx ended: %v", errs[0])
	}
}

// BenchmarkFiles writes batches of 50 mails, as the delivery loop hands
// them over under load. Set PLEIN_BENCH_DIR to a directory on the disk that
// will hold data/mail (a temporary directory may be in memory).
func BenchmarkFiles(b *testing.B) {
	dir := os.Getenv("PLEIN_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	f := delivery.Files{Dir: filepath.Join(dir, "mail")}
	batch := make([]delivery.Mail, 50)
	for i := range batch {
		batch[i] = delivery.Mail{ID: fmt.Sprintf("m%d", i), Created: time.Now(), Msg: msg(b, "jan@example.nl", "body")}
	}
	for b.Loop() {
		for i, err := range f.Send(context.Background(), batch) {
			if err != nil {
				b.Fatalf("mail %d: %v", i, err)
			}
		}
	}
}
