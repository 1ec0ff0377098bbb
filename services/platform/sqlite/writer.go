package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"
	"go.opentelemetry.io/otel/trace"
)

// Group commit. InTx hands its function to the writer, one goroutine that
// owns the writer connection. The writer runs the functions it is handed
// one after the other inside one transaction, each inside its own
// savepoint, and commits when no function is waiting any more, or after
// maxBatch functions or maxBatchAge — one fsync for the lot. Every caller
// is answered after the commit that holds its change; a function that
// fails is rolled back to its savepoint and answered at once.

var (
	// ErrNestedTx is what InTx returns when it is called from inside a
	// function InTx runs, or from an OnCommit hook: the writer is busy
	// with the outer function and could never run the inner one. Use the
	// *sqlx.Tx the function was given.
	ErrNestedTx = errors.New("sqlite: InTx called from inside an InTx function or commit hook; use the transaction given to the function")
	// ErrClosed is what InTx returns once the database is closed.
	ErrClosed = errors.New("sqlite: database closed")

	errGoexit = errors.New("sqlite: the transaction function called runtime.Goexit (t.FailNow?)")
)

const (
	// maxBatch and maxBatchAge bound a batch, so that a steady stream of
	// callers still sees commits.
	maxBatch    = 128
	maxBatchAge = 5 * time.Millisecond
	// nestedCheckAfter is how long InTx waits before it checks whether it
	// was called on the writer goroutine itself.
	nestedCheckAfter = 50 * time.Millisecond

	savepointSQL  = "SAVEPOINT plein_call"
	releaseSQL    = "RELEASE plein_call"
	rollbackToSQL = "ROLLBACK TO plein_call; RELEASE plein_call"
)

// States of a call.
const (
	waiting   int32 = iota // queued; its function has not run
	taken                  // the writer runs it or has run it
	abandoned              // its caller gave up before it was taken
)

// call is one InTx call handed to the writer.
type call struct {
	ctx   context.Context
	fn    func(tx *sqlx.Tx) error
	state atomic.Int32
	done  chan struct{}

	// Set before done is closed.
	err        error
	panicked   bool
	panicValue any

	// traced: the caller's span records (trace.go); then ran is when its
	// function started, and group how many calls its commit held.
	traced bool
	ran    time.Time
	group  int
}

func (c *call) take() bool    { return c.state.CompareAndSwap(waiting, taken) }
func (c *call) abandon() bool { return c.state.CompareAndSwap(waiting, abandoned) }

func (c *call) finish(err error) {
	c.err = err
	close(c.done)
}

func (c *call) finishPanic(v any) {
	c.panicked, c.panicValue = true, v
	close(c.done)
}

// result returns the call's outcome to its caller, or goes on with the
// panic of its function.
func (c *call) result() error {
	if c.panicked {
		panic(c.panicValue)
	}
	return c.err
}

// writer runs the calls handed to it in batches on the one writer
// connection.
type writer struct {
	db    *sqlx.DB
	log   *slog.Logger
	hooks func() []func()

	mu       sync.Mutex
	queue    []*call
	closed   bool
	maxCalls int
	maxAge   time.Duration

	wake    chan struct{}
	stopped chan struct{}
	// goid is the id of the goroutine running the writer, to recognise a
	// nested call.
	goid atomic.Uint64

	// The batch in progress: its transaction and the calls whose changes
	// it holds. Only the writer goroutine touches them.
	tx      *sqlx.Tx
	members []*call
	begun   time.Time

	// metrics, once set (DB.RegisterMetrics), observes each commit.
	metrics atomic.Pointer[writerMetrics]
	// tracer, once set (DB.Trace), traces the calls made within a trace.
	tracer atomic.Pointer[trace.Tracer]
}

func newWriter(db *sqlx.DB, log *slog.Logger, hooks func() []func()) *writer {
	w := &writer{
		db:       db,
		log:      log,
		hooks:    hooks,
		maxCalls: maxBatch,
		maxAge:   maxBatchAge,
		wake:     make(chan struct{}, 1),
		stopped:  make(chan struct{}),
	}
	go w.loop()
	return w
}

// do hands fn to the writer and waits for its outcome.
func (w *writer) do(ctx context.Context, fn func(tx *sqlx.Tx) error) (err error) {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	c := &call{ctx: ctx, fn: fn, done: make(chan struct{})}
	if span := w.startSpan(c); span != nil {
		defer func() { endSpan(span, c, err) }()
	}
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return ErrClosed
	}
	w.queue = append(w.queue, c)
	w.mu.Unlock()
	w.signal()

	check := time.NewTimer(nestedCheckAfter)
	defer check.Stop()
	for {
		select {
		case <-c.done:
			return c.result()
		case <-ctx.Done():
			if c.abandon() {
				return fmt.Errorf("begin transaction: %w", ctx.Err())
			}
			// Its function runs or has run: the outcome follows the
			// batch's commit.
			<-c.done
			return c.result()
		case <-check.C:
			if goroutineID() == w.goid.Load() && c.abandon() {
				return ErrNestedTx
			}
		}
	}
}

func (w *writer) signal() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// close stops taking calls, lets the writer finish those queued and waits
// for it to stop.
func (w *writer) close() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	w.signal()
	<-w.stopped
}

func (w *writer) loop() {
	w.goid.Store(goroutineID())
	for {
		c := w.next(true)
		if c == nil {
			close(w.stopped)
			return
		}
		w.batch(c)
	}
}

// next returns the next queued call whose caller still waits. With block
// it waits for one, returning nil only once the writer is closed and the
// queue empty; without, it returns nil when none is queued.
func (w *writer) next(block bool) *call {
	for {
		w.mu.Lock()
		for len(w.queue) > 0 {
			c := w.queue[0]
			w.queue[0] = nil
			w.queue = w.queue[1:]
			if c.state.Load() == waiting {
				w.mu.Unlock()
				return c
			}
		}
		closed := w.closed
		w.mu.Unlock()
		if !block || closed {
			return nil
		}
		<-w.wake
	}
}

// batch runs first and the calls queued after it in one transaction and
// commits it.
func (w *writer) batch(first *call) {
	w.mu.Lock()
	maxCalls, maxAge := w.maxCalls, w.maxAge
	w.mu.Unlock()

	tx, err := w.db.BeginTxx(context.Background(), nil)
	if err != nil {
		if first.take() {
			first.finish(fmt.Errorf("begin transaction: %w", err))
		}
		return
	}
	w.tx, w.begun = tx, time.Now()
	start := w.begun
	for c, n := first, 1; c != nil; n++ {
		if err := w.run(c); err != nil {
			w.abort(fmt.Errorf("transaction lost with its batch: %w", err))
			return
		}
		if n >= maxCalls || time.Since(start) >= maxAge {
			break
		}
		c = w.next(false)
	}
	w.commit()
}

// run runs c's function in its own savepoint of the batch. Afterwards c
// is answered (its function failed, or its caller left) or a member of
// the batch, answered at the commit. run returns an error only when the
// batch's transaction can no longer be used.
func (w *writer) run(c *call) error {
	if !c.take() {
		return nil
	}
	if err := c.ctx.Err(); err != nil {
		c.finish(fmt.Errorf("begin transaction: %w", err))
		return nil
	}
	if _, err := w.tx.Exec(savepointSQL); err != nil {
		w.members = append(w.members, c)
		return fmt.Errorf("savepoint: %w", err)
	}
	if c.traced {
		c.ran = time.Now()
	}
	p, err := w.call(c)
	if p == nil && err == nil {
		w.members = append(w.members, c)
		if _, err := w.tx.Exec(releaseSQL); err != nil {
			return fmt.Errorf("release savepoint: %w", err)
		}
		return nil
	}
	_, rbErr := w.tx.Exec(rollbackToSQL)
	if p != nil {
		c.finishPanic(p.value)
	} else {
		c.finish(err)
	}
	if rbErr != nil {
		return fmt.Errorf("roll back to savepoint: %w", rbErr)
	}
	return nil
}

type panicked struct{ value any }

// call runs c's function, catching its panic. A function that ends the
// goroutine with runtime.Goexit loses the batch; another goroutine takes
// over as the writer.
func (w *writer) call(c *call) (p *panicked, err error) {
	returned := false
	defer func() {
		if returned {
			return
		}
		if v := recover(); v != nil {
			w.log.Error("transaction function panicked; the panic goes on in its caller",
				slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
			p = &panicked{value: v}
			return
		}
		c.finish(errGoexit)
		w.abort(fmt.Errorf("transaction lost with its batch: %w", errGoexit))
		go w.loop()
	}()
	err = c.fn(w.tx)
	returned = true
	return nil, err
}

// commit commits the batch, runs the commit hooks and answers its members.
func (w *writer) commit() {
	tx, members := w.tx, w.members
	defer func() {
		clear(members)
		w.tx, w.members = nil, members[:0]
	}()
	if len(members) == 0 {
		// Every function failed and was rolled back: nothing to write.
		if err := tx.Rollback(); err != nil {
			w.log.Warn("roll back an empty batch", slog.Any("err", err))
		}
		return
	}
	err := tx.Commit()
	if err != nil {
		err = fmt.Errorf("commit transaction: %w", err)
	} else {
		if m := w.metrics.Load(); m != nil {
			m.observe(time.Since(w.begun), len(members))
		}
		w.runHooks()
	}
	for _, c := range members {
		c.group = len(members)
		c.finish(err)
	}
}

// abort rolls the batch back and answers its members with err.
func (w *writer) abort(err error) {
	if rbErr := w.tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
		err = errors.Join(err, fmt.Errorf("roll back: %w", rbErr))
	}
	for _, c := range w.members {
		c.finish(err)
	}
	clear(w.members)
	w.tx, w.members = nil, w.members[:0]
}

func (w *writer) runHooks() {
	for _, h := range w.hooks() {
		func() {
			defer func() {
				if v := recover(); v != nil {
					w.log.Error("commit hook panicked", slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
				}
			}()
			h()
		}()
	}
}

// goroutineID returns the current goroutine's id, read from the first line
// of its stack trace ("goroutine 18 [running]:"). Go offers no API for it;
// the writer records its own once, and InTx reads the caller's only after
// waiting nestedCheckAfter, to recognise a call from inside the writer.
func goroutineID() uint64 {
	var buf [64]byte
	b := bytes.TrimPrefix(buf[:runtime.Stack(buf[:], false)], []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseUint(string(b), 10, 64)
	return id
}
