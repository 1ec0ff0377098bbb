// Package backup copies a service's SQLite database while the service runs:
// SQLite's online backup, read through a read-only connection of its own
// inside one read transaction, writes a consistent snapshot (the last
// transaction committed when it began) into a temporary file beside the
// copy, which is synced and then renamed into place, so a copy that exists
// is whole. Set copies several databases as they were at one instant.
// Copies are named after the UTC time they were taken, and Take keeps only
// the newest few.
//
// Every copy is stamped with the time it was taken and the databases
// copied with it (the plein_backup table); a service that opens a stamped
// database knows it was restored from a backup (see Stamped) and forgets
// the stamp once it has caught up.
package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the driver, as package sqlite uses it
)

const (
	// layout names a copy after the UTC time it was taken; names sort in
	// the order the copies were taken.
	layout = "20060102T150405.000Z"
	ext    = ".db"
	// tmpMark is in the name of a copy still being written.
	tmpMark = ".tmp-"
	// staleTmp is how old a temporary file must be before Prune takes it
	// for the leftover of a copy that was interrupted.
	staleTmp = time.Hour
)

// Name returns the file name of a copy taken at t.
func Name(t time.Time) string { return t.UTC().Format(layout) + ext }

// File is a copy in a backup directory.
type File struct {
	Path  string
	Taken time.Time
	Size  int64
}

// Into writes a consistent copy of the database at src to dst, which must
// not exist, stamped as taken at now. src may be in use by a running
// service: the copy is read through a connection of its own that only
// reads, in WAL mode without stopping the writer.
func Into(ctx context.Context, src, dst string, now time.Time) error {
	return Set(ctx, []Copy{{Src: src, Dst: dst}}, now)
}

// Take writes a copy of the database at src into dir (created if need
// be), named after now, then removes all but the newest keep copies there
// (keep < 1 keeps them all).
func Take(ctx context.Context, src, dir string, keep int, now time.Time) (File, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return File{}, fmt.Errorf("back up %s: %w", src, err)
	}
	dst := filepath.Join(dir, Name(now))
	if err := Into(ctx, src, dst, now); err != nil {
		return File{}, err
	}
	f := File{Path: dst, Taken: now.UTC().Truncate(time.Millisecond)}
	if fi, err := os.Stat(dst); err == nil {
		f.Size = fi.Size()
	}
	if err := Prune(dir, keep, now); err != nil {
		return f, err
	}
	return f, nil
}

// Files lists the copies in dir, oldest first; other files are left out.
// A directory that does not exist holds none.
func Files(dir string) ([]File, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	var files []File
	for _, e := range entries {
		taken, ok := parseName(e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		f := File{Path: filepath.Join(dir, e.Name()), Taken: taken}
		if fi, err := e.Info(); err == nil {
			f.Size = fi.Size()
		}
		files = append(files, f)
	}
	slices.SortFunc(files, func(a, b File) int { return a.Taken.Compare(b.Taken) })
	return files, nil
}

// Prune removes all but the newest keep copies in dir (keep < 1 removes
// none), and temporary files of copies interrupted more than an hour
// before now.
func Prune(dir string, keep int, now time.Time) error {
	files, err := Files(dir)
	if err != nil {
		return err
	}
	var errs []error
	if keep > 0 && len(files) > keep {
		for _, f := range files[:len(files)-keep] {
			if err := os.Remove(f.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, fmt.Errorf("prune backups: %w", err))
			}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return errors.Join(append(errs, fmt.Errorf("prune backups: %w", err))...)
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") || !strings.Contains(e.Name(), ext+tmpMark) {
			continue
		}
		if fi, err := e.Info(); err == nil && now.Sub(fi.ModTime()) > staleTmp {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, fmt.Errorf("prune backups: %w", err))
			}
		}
	}
	return errors.Join(errs...)
}

func parseName(name string) (time.Time, bool) {
	s, ok := strings.CutSuffix(name, ext)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// openReadOnly opens one read-only connection to the database at path.
// Opened read-only, not with query_only, because VACUUM INTO counts as a
// write there; it still reads a WAL database another process writes.
func openReadOnly(path string) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	u := url.URL{Scheme: "file", Path: abs, RawQuery: "mode=ro&_busy_timeout=5000"}
	db, err := sql.Open("sqlite3", u.String())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// openForLock opens the database read-write on one connection, to take
// its write lock; it never writes. It waits for a writer like the
// services do (busy timeout 5 s).
func openForLock(path string) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	u := url.URL{Scheme: "file", Path: abs, RawQuery: "mode=rw&_busy_timeout=5000"}
	db, err := sql.Open("sqlite3", u.String())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return f.Close()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	if err := d.Sync(); err != nil {
		_ = d.Close()
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return d.Close()
}
