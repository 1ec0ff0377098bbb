package delivery

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Files writes each mail as an .eml file into Dir, for development and for
// installations without a mail server. A file appears whole or not at all
// (written to a temporary file, synced, then renamed), and sending a mail
// again replaces its file.
type Files struct {
	Dir string
}

// FileName returns the name of m's file: "<created>-<id>.eml", the creation
// time in UTC as 20060102T150405Z, so that a listing sorts by time.
func FileName(m Mail) string {
	return m.Created.UTC().Format("20060102T150405Z") + "-" + m.ID + ".eml"
}

// Send implements Sender.
func (f Files) Send(_ context.Context, m Mail) error {
	if m.ID == "" || strings.ContainsAny(m.ID, `/\`) || m.ID != filepath.Base(m.ID) {
		return fmt.Errorf("write mail: unusable id %q: %w", m.ID, ErrPermanent)
	}
	if err := os.MkdirAll(f.Dir, 0o750); err != nil {
		return fmt.Errorf("write mail %s: %w", m.ID, err)
	}
	tmp, err := os.CreateTemp(f.Dir, "."+m.ID+"-*.tmp")
	if err != nil {
		return fmt.Errorf("write mail %s: %w", m.ID, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if _, err := tmp.Write(m.Message); err != nil {
		tmp.Close()
		return fmt.Errorf("write mail %s: %w", m.ID, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write mail %s: %w", m.ID, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write mail %s: %w", m.ID, err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(f.Dir, FileName(m))); err != nil {
		return fmt.Errorf("write mail %s: %w", m.ID, err)
	}
	// Make the rename itself durable.
	if dir, err := os.Open(f.Dir); err == nil {
		_ = dir.Sync()
		dir.Close()
	}
	return nil
}
