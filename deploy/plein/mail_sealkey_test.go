package plein

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"plein.dev/platform/config"
	"plein.dev/platform/seal"
)

// The seal key the registrations and notifications services share: the
// one set, else the one generated into the data directory on the first
// start and read back on the next.
func TestSealKeyOf(t *testing.T) {
	t.Parallel()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dir := filepath.Join(t.TempDir(), "data")
	cfg := Config{Common: config.Common{DataDir: dir}}

	first, err := sealKeyOf(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seal.Parse(first); err != nil || !strings.HasPrefix(first, "local-") {
		t.Fatalf("generated %q: %v", first, err)
	}
	fi, err := os.Stat(filepath.Join(dir, "seal.key"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file %v, %v", fi, err)
	}
	if again, err := sealKeyOf(cfg, log); err != nil || again != first {
		t.Errorf("second start: %q, %v; want the same key", again, err)
	}

	set, _ := seal.NewKey("ops-2027")
	cfg.Notifications.SealKey = set
	if got, err := sealKeyOf(cfg, log); err != nil || got != set {
		t.Errorf("set key: %q, %v", got, err)
	}

	if err := os.WriteFile(filepath.Join(dir, "seal.key"), []byte("broken"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg.Notifications.SealKey = ""
	if _, err := sealKeyOf(cfg, log); err == nil {
		t.Error("a broken key file taken")
	}
}
