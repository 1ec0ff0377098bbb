package delivery

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Remove deletes the files of the mails with the given ids (see FileName)
// and returns how many it deleted; a mail without a file is no error.
func (f Files) Remove(ids []string) (int, error) {
	n := 0
	for _, id := range ids {
		if id == "" || filepath.Base(id) != id {
			return n, fmt.Errorf("remove mail %q: not a mail id", id)
		}
		paths, err := filepath.Glob(filepath.Join(f.Dir, "*-"+id+".eml"))
		if err != nil {
			return n, fmt.Errorf("remove mail %s: %w", id, err)
		}
		for _, p := range paths {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return n, fmt.Errorf("remove mail %s: %w", id, err)
			}
			n++
		}
	}
	return n, nil
}
