package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// Copy is a database file to copy and where its copy goes.
type Copy struct {
	Src, Dst string
}

// name is the database's name: its file name without ".db".
func (c Copy) name() string { return strings.TrimSuffix(filepath.Base(c.Src), ext) }

// Set copies each database to its Dst, which must not exist, all as they
// were at one instant: with every database's write lock held (BEGIN
// IMMEDIATE, in the order of copies, so that two sets never wait on each
// other), a read transaction is opened on each, the locks are let go, and
// each copy is read inside its own read transaction. No commit falls
// between two snapshots, so a message one service committed before the
// instant and another applied is in both copies, and one applied after it
// in neither — never in the consumer's copy alone, as it could be with
// snapshots opened one after the other while services write. Writers
// wait (their busy timeout) only while the snapshots are opened, a few
// milliseconds; the copying itself holds no one up (WAL). Every copy is
// stamped as taken at now, together with the others.
func Set(ctx context.Context, copies []Copy, now time.Time) (err error) {
	names := make([]string, len(copies))
	for i, c := range copies {
		if _, err := os.Stat(c.Src); err != nil {
			return fmt.Errorf("back up %s: %w", c.Src, err)
		}
		if _, err := os.Lstat(c.Dst); err == nil {
			return fmt.Errorf("back up %s: %s exists", c.Src, c.Dst)
		}
		names[i] = c.name()
	}

	// Pin a snapshot of every database at one instant, then copy them.
	pins := make([]*pin, 0, len(copies))
	defer func() {
		for _, p := range pins {
			p.release()
		}
	}()
	if err := holdingWriteLocks(ctx, copies, func() error {
		for _, c := range copies {
			p, err := pinSnapshot(ctx, c.Src)
			if err != nil {
				return fmt.Errorf("back up %s: %w", c.Src, err)
			}
			pins = append(pins, p)
		}
		return nil
	}); err != nil {
		return err
	}
	pending := make(map[string][]string, len(pins))
	for i, p := range pins {
		ids, err := p.outbox(ctx)
		if err != nil {
			return fmt.Errorf("back up %s: %w", copies[i].Src, err)
		}
		pending[names[i]] = ids
	}
	dirs := map[string]bool{}
	for i, c := range copies {
		if err := copyPinned(ctx, pins[i], c.Dst, stampOf{takenAt: now, databases: names, pending: pending}); err != nil {
			return fmt.Errorf("back up %s: %w", c.Src, err)
		}
		dirs[filepath.Dir(c.Dst)] = true
	}
	for dir := range dirs {
		if err := syncDir(dir); err != nil {
			return fmt.Errorf("back up: %w", err)
		}
	}
	return nil
}

// holdingWriteLocks runs fn while it holds the write lock of every
// database of copies, taken in their order: no one commits to any of them
// meanwhile.
func holdingWriteLocks(ctx context.Context, copies []Copy, fn func() error) error {
	var held []*sql.DB
	defer func() {
		for _, db := range held {
			_, _ = db.ExecContext(context.Background(), "ROLLBACK")
			_ = db.Close()
		}
	}()
	for _, c := range copies {
		db, err := openForLock(c.Src)
		if err != nil {
			return fmt.Errorf("back up %s: %w", c.Src, err)
		}
		// One connection: BEGIN and ROLLBACK above run on the same one.
		if _, err := db.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			_ = db.Close()
			return fmt.Errorf("back up %s: hold the write lock: %w", c.Src, err)
		}
		held = append(held, db)
	}
	return fn()
}

// pin is a read-only connection holding a read transaction open: a
// snapshot of its database that later commits do not change.
type pin struct {
	db   *sql.DB
	conn *sql.Conn
}

func pinSnapshot(ctx context.Context, path string) (*pin, error) {
	db, err := openReadOnly(path)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	p := &pin{db: db, conn: conn}
	// BEGIN alone reads nothing: the snapshot is taken by the first read.
	var n int
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		p.release()
		return nil, err
	}
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
		p.release()
		return nil, err
	}
	return p, nil
}

// outbox returns the ids of the messages in the snapshot's outbox (the
// platform's table; none in a database without it).
func (p *pin) outbox(ctx context.Context) ([]string, error) {
	var n int
	if err := p.conn.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'outbox'`).Scan(&n); err != nil || n == 0 {
		return nil, err
	}
	rows, err := p.conn.QueryContext(ctx, `SELECT id FROM outbox ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func (p *pin) release() {
	_, _ = p.conn.ExecContext(context.Background(), "ROLLBACK")
	_ = p.conn.Close()
	_ = p.db.Close()
}

// copyPinned writes the snapshot p holds to dst: through a temporary file,
// stamped and synced, then renamed.
func copyPinned(ctx context.Context, p *pin, dst string, st stampOf) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+tmpMark+"*")
	if err != nil {
		return err
	}
	tmpPath := tmp.Name()
	_ = tmp.Close()
	defer func() {
		if err != nil {
			for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
				_ = os.Remove(tmpPath + suffix)
			}
		}
	}()
	out, err := openUnsynced(tmpPath)
	if err != nil {
		return err
	}
	err = onlineBackup(ctx, out, p.conn)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("copy into %s: %w", tmpPath, err)
	}
	if err := stamp(ctx, tmpPath, st); err != nil {
		return err
	}
	if err := syncFile(tmpPath); err != nil {
		return err
	}
	return os.Rename(tmpPath, dst)
}

// onlineBackup copies the main database of src, inside the read
// transaction src holds, into out's (SQLite's online backup API, all
// pages in one step).
func onlineBackup(ctx context.Context, out *sql.DB, src *sql.Conn) error {
	dst, err := out.Conn(ctx)
	if err != nil {
		return err
	}
	defer dst.Close()
	return dst.Raw(func(d any) error {
		return src.Raw(func(s any) error {
			dc, ok1 := d.(*sqlite3.SQLiteConn)
			sc, ok2 := s.(*sqlite3.SQLiteConn)
			if !ok1 || !ok2 {
				return fmt.Errorf("unexpected connection types %T, %T", d, s)
			}
			b, err := dc.Backup("main", sc, "main")
			if err != nil {
				return err
			}
			done, err := b.Step(-1)
			if ferr := b.Finish(); err == nil {
				err = ferr
			}
			if err == nil && !done {
				err = errors.New("online backup did not finish in one step")
			}
			return err
		})
	})
}
