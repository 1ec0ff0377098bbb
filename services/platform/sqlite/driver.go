package sqlite

import (
	"context"
	"database/sql/driver"
	"fmt"

	"github.com/mattn/go-sqlite3"
)

// writerConnector opens the writer's connection. Its statements ignore the
// cancellation of the contexts they are given: go-sqlite3 answers a
// cancelled context with sqlite3_interrupt, and an interrupted INSERT,
// UPDATE or DELETE rolls back the whole transaction — under group commit
// that is every caller's work in the batch, not only the one whose context
// ended. database/sql still refuses to start a statement whose context is
// done, so a cancelled caller's function gets its error at its next
// statement and only its own savepoint is rolled back. Statements on the
// writer are short; none needs interrupting half-way.
//
// A context that can never be cancelled also lets go-sqlite3 skip the
// goroutine it starts per statement to watch for cancellation.
type writerConnector struct {
	dsn string
	drv *sqlite3.SQLiteDriver
}

func (c writerConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	sc, ok := conn.(*sqlite3.SQLiteConn)
	if !ok {
		_ = conn.Close()
		return nil, fmt.Errorf("sqlite: unexpected connection type %T", conn)
	}
	return writerConn{sc}, nil
}

func (c writerConnector) Driver() driver.Driver { return c.drv }

// writerConn is a connection whose statements run to completion.
type writerConn struct{ *sqlite3.SQLiteConn }

func (c writerConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.SQLiteConn.ExecContext(context.WithoutCancel(ctx), query, args)
}

func (c writerConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.SQLiteConn.QueryContext(context.WithoutCancel(ctx), query, args)
}

func (c writerConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	s, err := c.SQLiteConn.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil, err
	}
	ss, ok := s.(*sqlite3.SQLiteStmt)
	if !ok {
		_ = s.Close()
		return nil, fmt.Errorf("sqlite: unexpected statement type %T", s)
	}
	return writerStmt{ss}, nil
}

func (c writerConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.SQLiteConn.BeginTx(context.WithoutCancel(ctx), opts)
}

// writerStmt is a prepared statement that runs to completion.
type writerStmt struct{ *sqlite3.SQLiteStmt }

func (s writerStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.SQLiteStmt.ExecContext(context.WithoutCancel(ctx), args)
}

func (s writerStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.SQLiteStmt.QueryContext(context.WithoutCancel(ctx), args)
}
