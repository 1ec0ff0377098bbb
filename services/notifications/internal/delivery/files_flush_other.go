//go:build !linux

package delivery

import "os"

// flush makes the written files durable one at a time, where the file
// system cannot be flushed at once.
func flush(_ *os.File, written []staged) error {
	for _, s := range written {
		f, err := os.OpenFile(s.tmp, os.O_RDWR, 0)
		if err != nil {
			return err
		}
		err = f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}
