package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Check runs SQLite's integrity check on the database file at path, read
// only, and returns an error naming the first problems it reports.
func Check(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	db, err := openReadOnly(path)
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check(10)")
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("check %s: %w", path, err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("check %s: damaged: %s", path, strings.Join(problems, "; "))
	}
	return nil
}

// CopyFile copies the file src to dst, which must not exist, with dst's mode
// perm: through a temporary file beside dst that is synced and renamed, so
// that dst is whole or absent.
func CopyFile(src, dst string, perm os.FileMode) (err error) {
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("copy %s: %s exists", src, dst)
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	defer in.Close()
	dir := filepath.Dir(dst)
	out, err := os.CreateTemp(dir, "."+filepath.Base(dst)+tmpMark+"*")
	if err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	defer func() {
		if err != nil {
			_ = out.Close()
			_ = os.Remove(out.Name())
		}
	}()
	if _, err := io.Copy(out, in); err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	if err := out.Chmod(perm); err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	if err := out.Sync(); err != nil {
		return fmt.Errorf("copy %s: sync: %w", src, err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	if err := os.Rename(out.Name(), dst); err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	return syncDir(dir)
}

// ErrNotEmpty is returned by Empty for a directory that holds anything.
var ErrNotEmpty = errors.New("not empty")

// Empty returns nil if dir does not exist or holds nothing but the names
// in allowed, and an error wrapping ErrNotEmpty naming what it holds
// otherwise.
func Empty(dir string, allowed ...string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var held []string
	for _, e := range entries {
		if !slices.Contains(allowed, e.Name()) {
			held = append(held, e.Name())
		}
	}
	if len(held) == 0 {
		return nil
	}
	if len(held) > 5 {
		held = append(held[:5], "…")
	}
	return fmt.Errorf("%s is %w: it holds %s", dir, ErrNotEmpty, strings.Join(held, ", "))
}
