package service_test

import (
	"context"
	"database/sql"
	"net"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/grpc"

	"plein.dev/platform/backup"
	"plein.dev/platform/config"
	"plein.dev/platform/inbox"
	"plein.dev/platform/service"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	"plein.dev/proto/subject"
)

// A service with PLEIN_BACKUP_DIR copies its database on schedule, keeping
// the newest few. Started on one of those copies (a restore), its
// projection applies again what came after the copy — once, the rest is
// recognised — while its consumer with effects does not repeat what it
// did after the copy; the copy's stamp is gone once it started.
func TestScheduledBackupAndRestore(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	publish := func(id string) {
		t.Helper()
		msg := nats.NewMsg(string(subject.SeatsChanged))
		msg.Data = []byte(id)
		if _, err := js.PublishMsg(ctx, msg, jetstream.WithMsgID(id)); err != nil {
			t.Fatal(err)
		}
	}
	backups := t.TempDir()
	const keep = 3
	cfg := config.Backup{Dir: backups, Every: 100 * time.Millisecond, Keep: keep}
	dir := filepath.Join(backups, "events")

	first := start(ctx, t, srv.ClientURL(), t.TempDir(), cfg)
	publish("one")
	publish("two")
	first.waitFor(ctx, t, "projection", "one", "two")
	first.waitFor(ctx, t, "mails", "one", "two")
	// A copy taken after both were applied.
	applied := time.Now()
	var copy backup.File
	for copy.Path == "" {
		files, err := backup.Files(dir)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(files); n > 0 && files[n-1].Taken.After(applied) {
			copy = files[n-1]
		}
		if len(files) > keep {
			t.Fatalf("%d copies kept, want at most %d", len(files), keep)
		}
		wait(ctx, t)
	}
	publish("three")
	first.waitFor(ctx, t, "projection", "one", "two", "three")
	first.waitFor(ctx, t, "mails", "one", "two", "three")
	first.stop(t)

	// Restore: the copy becomes the database of a fresh data directory.
	restored := t.TempDir()
	if err := backup.CopyFile(copy.Path, filepath.Join(restored, "events.db"), 0o600); err != nil {
		t.Fatal(err)
	}
	second := start(ctx, t, srv.ClientURL(), restored, config.Backup{})
	publish("four")
	second.waitFor(ctx, t, "projection", "one", "two", "three", "four")
	second.waitFor(ctx, t, "mails", "one", "two", "four")
	time.Sleep(200 * time.Millisecond) // nothing more may come
	second.waitFor(ctx, t, "projection", "one", "two", "three", "four")
	second.waitFor(ctx, t, "mails", "one", "two", "four")
	if _, stamped, err := backup.Stamped(ctx, second.db); err != nil || stamped {
		t.Errorf("the restored database is still stamped after the start: %v", err)
	}
	second.stop(t)
}

// running is a service started by start, whose handlers write what they
// apply to the effects table, and a read-only connection to its database.
type running struct {
	db   *sql.DB
	stop func(t *testing.T)
}

func start(ctx context.Context, t *testing.T, natsURL, dataDir string, cfg config.Backup) running {
	t.Helper()
	effect := func(consumer string) inbox.Handler {
		return func(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO effects (consumer, data) VALUES (?, ?)`, consumer, string(m.Data))
			return err
		}
	}
	addrs := make(chan net.Addr, 1)
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() {
		ran <- service.Run(runCtx, service.Spec{
			Name: "events", DataDir: dataDir, NATSURL: natsURL, Addr: "127.0.0.1:0", Backup: cfg,
			Migrations: fstest.MapFS{"0001_effects.sql": {Data: []byte(
				"-- +goose Up\nCREATE TABLE effects (consumer TEXT NOT NULL, data TEXT NOT NULL);\n")}},
			Log:       testkit.Logger(t),
			Listening: func(a net.Addr) { addrs <- a },
			Register: func(*grpc.Server, service.Deps) (service.Parts, error) {
				return service.Parts{Consumers: []service.Consumer{{
					Stream: subject.StreamRegistrations, Durable: "projection", Start: service.FromFirstMessage,
					Handle: map[subject.Subject]inbox.Handler{subject.SeatsChanged: effect("projection")},
				}, {
					Stream: subject.StreamRegistrations, Durable: "mails", Start: service.FromCreation,
					Handle: map[subject.Subject]inbox.Handler{subject.SeatsChanged: effect("mails")},
				}}}, nil
			},
		})
	}()
	select {
	case <-addrs:
	case err := <-ran:
		t.Fatalf("Run = %v", err)
	}
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dataDir, "events.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return running{db: db, stop: func(t *testing.T) {
		stop()
		if err := <-ran; err != nil {
			t.Fatal(err)
		}
	}}
}

// waitFor waits until consumer has applied exactly want, in that order.
func (r running) waitFor(ctx context.Context, t *testing.T, consumer string, want ...string) {
	t.Helper()
	for {
		var got []string
		err := sqlx.NewDb(r.db, "sqlite3").SelectContext(ctx, &got,
			`SELECT data FROM effects WHERE consumer = ? ORDER BY rowid`, consumer)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Equal(got, want) {
			return
		}
		if ctx.Err() != nil {
			t.Fatalf("%s applied %q, want %q", consumer, got, want)
		}
		wait(ctx, t)
	}
}

func wait(ctx context.Context, t *testing.T) {
	t.Helper()
	select {
	case <-ctx.Done():
		t.Fatal(ctx.Err())
	case <-time.After(20 * time.Millisecond):
	}
}
