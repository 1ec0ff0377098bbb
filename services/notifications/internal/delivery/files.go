package delivery

import (
	"bytes"
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
func (f Files) Send(ctx context.Context, batch []Mail) []error {
	errs := make([]error, len(batch))
	for i, m := range batch {
		if ctx.Err() != nil {
			errs[i] = ErrNotTried
			continue
		}
		errs[i] = f.write(m)
	}
	if dir, err := os.Open(f.Dir); err == nil {
		// Make the renames durable.
		_ = dir.Sync()
		dir.Close()
	}
	return errs
}

func (f Files) write(m Mail) error {
	if m.ID == "" || strings.ContainsAny(m.ID, `/\`) || m.ID != filepath.Base(m.ID) {
		return &Error{Step: "write", Detail: "unusable id", Permanent: true}
	}
	var b bytes.Buffer
	if _, err := m.Msg.WriteTo(&b); err != nil {
		return &Error{Step: "write", Detail: err.Error(), Permanent: true}
	}
	if err := os.MkdirAll(f.Dir, 0o750); err != nil {
		return &Error{Step: "write", Detail: err.Error()}
	}
	if err := writeFile(filepath.Join(f.Dir, FileName(m)), b.Bytes()); err != nil {
		return &Error{Step: "write", Detail: fmt.Sprintf("mail %s: %v", m.ID, err)}
	}
	return nil
}

// writeFile writes data to path through a synced temporary file and a
// rename.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
