// Package testkit starts the real infrastructure for tests: an embedded
// NATS server with JetStream, client connections, SQLite databases in
// t.TempDir(), and a logger writing through t.Log. Everything is cleaned up
// with t.Cleanup.
package testkit

import (
	"context"
	"io/fs"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"plein.dev/platform/messaging"
	"plein.dev/platform/sqlite"
)

// NATS starts an embedded JetStream server on 127.0.0.1 on a random port
// with its store in t.TempDir(). srv.ClientURL() gives its URL.
func NATS(t testing.TB) *server.Server {
	t.Helper()
	srv, err := messaging.StartEmbedded(messaging.EmbeddedOptions{
		StoreDir: t.TempDir(),
		Host:     "127.0.0.1",
		Port:     -1,
	}, Logger(t))
	if err != nil {
		t.Fatalf("start NATS: %v", err)
	}
	t.Cleanup(func() {
		srv.Shutdown()
		srv.WaitForShutdown()
	})
	return srv
}

// Conn connects to url (reconnecting, like a service) and returns the
// connection and its JetStream context.
func Conn(t testing.TB, url string) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nc, err := messaging.Connect(url, "test-"+t.Name(), Logger(t))
	if err != nil {
		t.Fatalf("connect NATS: %v", err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatalf("jetstream: %v", err)
	}
	return nc, js
}

// DB opens a database file in t.TempDir() with the platform tables and the
// given migrations (may be nil).
func DB(t testing.TB, migrations fs.FS) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), migrations, Logger(t))
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close database: %v", err)
		}
	})
	return db
}

// Logger returns a debug-level text logger writing through t.Log. Lines
// logged after the test finished are dropped.
func Logger(t testing.TB) *slog.Logger {
	w := &testWriter{t: t}
	t.Cleanup(w.stop)
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct {
	mu   sync.Mutex
	t    testing.TB
	done bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Log(strings.TrimSuffix(string(p), "\n"))
	}
	return len(p), nil
}

func (w *testWriter) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
}
