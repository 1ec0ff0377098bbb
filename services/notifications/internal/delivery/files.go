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
// (written to a temporary file, made durable, then renamed), and sending a
// mail again replaces its file. A batch is made durable together: its
// temporary files with one flush of the file system (syncfs on Linux, a
// fsync per file elsewhere), its renames with one fsync of the directory.
type Files struct {
	Dir string
}

// FileName returns the name of m's file: "<created>-<id>.eml", the creation
// time in UTC as 20060102T150405Z, so that a listing sorts by time.
func FileName(m Mail) string {
	return m.Created.UTC().Format("20060102T150405Z") + "-" + m.ID + ".eml"
}

// staged is a mail written to its temporary file, not yet in place.
type staged struct {
	index     int // in the batch
	tmp, path string
}

// Send implements Sender.
func (f Files) Send(ctx context.Context, batch []Mail) []error {
	errs := make([]error, len(batch))
	if err := os.MkdirAll(f.Dir, 0o750); err != nil {
		for i := range errs {
			errs[i] = &Error{Step: "write", Detail: err.Error()}
		}
		return errs
	}
	var written []staged
	defer func() {
		for _, s := range written {
			os.Remove(s.tmp) // after a successful rename there is nothing left to remove
		}
	}()
	for i, m := range batch {
		if ctx.Err() != nil {
			errs[i] = ErrNotTried
			continue
		}
		s, err := f.stage(m)
		if err != nil {
			errs[i] = err
			continue
		}
		s.index = i
		written = append(written, s)
	}
	if len(written) == 0 {
		return errs
	}
	dir, err := os.Open(f.Dir)
	if err == nil {
		defer dir.Close()
		err = flush(dir, written)
	}
	for _, s := range written {
		if err == nil {
			err = os.Rename(s.tmp, s.path)
		}
		if err != nil {
			errs[s.index] = &Error{Step: "write", Detail: fmt.Sprintf("mail %s: %v", batch[s.index].ID, err)}
		}
	}
	if err == nil {
		if err := dir.Sync(); err != nil {
			for _, s := range written {
				errs[s.index] = &Error{Step: "write", Detail: fmt.Sprintf("mail %s: %v", batch[s.index].ID, err)}
			}
		}
	}
	return errs
}

// stage writes m to a temporary file beside its final one.
func (f Files) stage(m Mail) (staged, error) {
	if m.ID == "" || strings.ContainsAny(m.ID, `/\`) || m.ID != filepath.Base(m.ID) {
		return staged{}, &Error{Step: "write", Detail: "unusable id", Permanent: true}
	}
	var b bytes.Buffer
	if _, err := m.Msg.WriteTo(&b); err != nil {
		return staged{}, &Error{Step: "write", Detail: err.Error(), Permanent: true}
	}
	path := filepath.Join(f.Dir, FileName(m))
	tmp, err := os.CreateTemp(f.Dir, "."+filepath.Base(path)+"-*.tmp")
	if err != nil {
		return staged{}, &Error{Step: "write", Detail: fmt.Sprintf("mail %s: %v", m.ID, err)}
	}
	_, err = tmp.Write(b.Bytes())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return staged{}, &Error{Step: "write", Detail: fmt.Sprintf("mail %s: %v", m.ID, err)}
	}
	return staged{tmp: tmp.Name(), path: path}, nil
}
