package plein

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"plein.dev/platform/backup"
)

// Databases names the database files of the all-in-one's data directory,
// <name>.db, one for each part.
var Databases = []string{"gateway", "events", "registrations", "ambassadors", "notifications"}

// natsDir is the embedded NATS server's store in the data directory.
const natsDir = "nats"

// Copied is one file a backup or a restore copied.
type Copied struct {
	Name string // e.g. "registrations.db", "seal.key"
	Size int64
	Took time.Duration
}

// Backup copies every database of the data directory dataDir into to,
// which must be empty or not exist, as <name>.db, with the seal key the
// all-in-one generated there (seal.key), if any: without it the manage
// links already e-mailed no longer open. Plein may be running: the
// databases are copied as they all were at one instant (platform/backup:
// a read transaction on each, then SQLite's online backup). The embedded
// NATS server's store (dataDir/nats) is not copied.
func Backup(ctx context.Context, dataDir, to string) ([]Copied, error) {
	if err := backup.Empty(to); err != nil {
		return nil, fmt.Errorf("back up into %s: %w", to, err)
	}
	var present []string
	for _, name := range Databases {
		if _, err := os.Stat(filepath.Join(dataDir, name+".db")); err == nil {
			present = append(present, name)
		}
	}
	if len(present) == 0 {
		return nil, fmt.Errorf("back up %s: no database there (%s.db, …): is the data directory right?", dataDir, Databases[0])
	}
	if err := os.MkdirAll(to, 0o700); err != nil {
		return nil, fmt.Errorf("back up into %s: %w", to, err)
	}
	start := time.Now()
	copies := make([]backup.Copy, len(present))
	for i, name := range present {
		copies[i] = backup.Copy{Src: filepath.Join(dataDir, name+".db"), Dst: filepath.Join(to, name+".db")}
	}
	if err := backup.Set(ctx, copies, start); err != nil {
		return nil, err
	}
	var done []Copied
	for _, c := range copies {
		done = append(done, copied(c.Dst, start))
	}
	key := filepath.Join(dataDir, sealKeyFile)
	switch _, err := os.Stat(key); {
	case err == nil:
		start := time.Now()
		if err := backup.CopyFile(key, filepath.Join(to, sealKeyFile), 0o600); err != nil {
			return done, err
		}
		done = append(done, copied(filepath.Join(to, sealKeyFile), start))
	case !errors.Is(err, fs.ErrNotExist):
		return done, fmt.Errorf("back up %s: %w", key, err)
	}
	return done, nil
}

// Restore copies a backup made by Backup from the directory from into the
// data directory dataDir, which must be empty or not exist — or hold only
// the embedded NATS server's store kept from before (nats). Every database
// passes SQLite's integrity check before anything is copied. Each is
// marked restored: a service that starts on it drops from the streams
// what the restored services published after the backup (lost with their
// databases), and its projections apply again what they missed since the
// backup (platform/service).
func Restore(ctx context.Context, from, dataDir string) ([]Copied, error) {
	if err := backup.Empty(dataDir, natsDir); err != nil {
		return nil, fmt.Errorf("restore into %s: the data directory must be empty: %w", dataDir, err)
	}
	var names []string
	for _, name := range Databases {
		path := filepath.Join(from, name+".db")
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err := backup.Check(ctx, path); err != nil {
			return nil, fmt.Errorf("restore from %s: %w", from, err)
		}
		names = append(names, name+".db")
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("restore from %s: no database there (%s.db, …)", from, Databases[0])
	}
	if _, err := os.Stat(filepath.Join(from, sealKeyFile)); err == nil {
		names = append(names, sealKeyFile)
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("restore into %s: %w", dataDir, err)
	}
	var done []Copied
	restoredAt := time.Now()
	for _, name := range names {
		start := time.Now()
		dst := filepath.Join(dataDir, name)
		if err := backup.CopyFile(filepath.Join(from, name), dst, 0o600); err != nil {
			return done, fmt.Errorf("restore: %w", err)
		}
		if filepath.Ext(name) == ".db" {
			if err := backup.MarkRestored(ctx, dst, restoredAt); err != nil {
				return done, fmt.Errorf("restore: %w", err)
			}
		}
		done = append(done, copied(dst, start))
	}
	return done, nil
}

func copied(path string, start time.Time) Copied {
	c := Copied{Name: filepath.Base(path), Took: time.Since(start)}
	if fi, err := os.Stat(path); err == nil {
		c.Size = fi.Size()
	}
	return c
}
