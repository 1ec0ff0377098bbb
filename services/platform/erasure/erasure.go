// Package erasure is a service's part in erasing a person (issue 15): it
// consumes the gateway's ErasureRequested, erases what the service holds
// of the address in the transaction of the message, and then — once the
// SQLite WAL is checkpointed, so that the erased bytes are off the disk —
// answers with an ErasureCompleted on the service's own stream.
//
// A service using it creates, in one of its migrations, the table its
// answers wait in (the same in every service):
//
//	CREATE TABLE erasures (
//	    erasure_id   TEXT PRIMARY KEY,
//	    erased       INTEGER NOT NULL,
//	    erased_at    INTEGER NOT NULL,
//	    confirmed_at INTEGER
//	) WITHOUT ROWID;
package erasure

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/inbox"
	"plein.dev/platform/outbox"
	"plein.dev/platform/seal"
	"plein.dev/platform/service"
	"plein.dev/platform/sqlite"
	accountsv1 "plein.dev/proto/gen/plein/accounts/v1"
	opsv1 "plein.dev/proto/gen/plein/ops/v1"
	"plein.dev/proto/subject"
)

// Erase erases, within tx, everything the service holds of address (as
// the person gave it; compare without case and surrounding space), and
// returns how many records it erased.
type Erase func(ctx context.Context, tx sqlite.Tx, address string) (int, error)

// Eraser takes one service's part in erasures.
type Eraser struct {
	stream string
	db     *sqlite.DB
	keys   *seal.Keyring
	erase  Erase
	now    func() time.Time

	pending atomic.Bool
	wake    chan struct{}
}

// New returns the eraser of the service owning stream: erase does the
// erasing; keys open the address the gateway sealed (nil: only requests
// in clear are read).
func New(stream string, db *sqlite.DB, keys *seal.Keyring, erase Erase) *Eraser {
	e := &Eraser{stream: stream, db: db, keys: keys, erase: erase, now: time.Now, wake: make(chan struct{}, 1)}
	// The answer waits for the commit of the erasure.
	db.OnCommit(func() {
		if e.pending.Swap(false) {
			select {
			case e.wake <- struct{}{}:
			default:
			}
		}
	})
	return e
}

// Durable names the consumer of erasure requests of the service owning
// stream, e.g. "registrations-erasures".
func Durable(stream string) string { return stream + "-erasures" }

// Consumer is the durable consumer of the gateway's erasure requests. It
// reads from the stream's first message: erasing again what was erased is
// harmless, and a service added later erases what it may have learnt.
func (e *Eraser) Consumer() service.Consumer {
	return service.Consumer{
		Stream:  subject.StreamAccounts,
		Durable: Durable(e.stream),
		Start:   service.FromFirstMessage,
		Handle:  map[subject.Subject]inbox.Handler{subject.ErasureRequested: e.apply},
	}
}

// Loop answers the erasures done, woken by each, and every minute for
// those a failure left behind.
func (e *Eraser) Loop() service.Loop {
	return service.Loop{Name: "erasures", Every: time.Minute, Wake: e.wake, Run: e.Confirm}
}

const (
	erasedSQL = `SELECT count(*) FROM erasures WHERE erasure_id = ?`
	recordSQL = `INSERT INTO erasures (erasure_id, erased, erased_at) VALUES (?, ?, ?)`
)

func (e *Eraser) apply(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
	id, address, err := Request(m.Data, e.keys)
	if err != nil {
		return fmt.Errorf("%s: %w: %w", m.Subject, err, inbox.ErrPermanent)
	}
	var done int
	if err := tx.GetContext(ctx, &done, erasedSQL, id); err != nil {
		return fmt.Errorf("erasure %s: %w", id, err)
	}
	if done > 0 {
		return nil
	}
	n, err := e.erase(ctx, tx, address)
	if err != nil {
		return fmt.Errorf("erasure %s: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, recordSQL, id, n, e.now().UnixMilli()); err != nil {
		return fmt.Errorf("erasure %s: %w", id, err)
	}
	e.pending.Store(true)
	return nil
}

// Request reads an ErasureRequested: its id and the address, opened with
// keys when sealed.
func Request(data []byte, keys *seal.Keyring) (id, address string, err error) {
	var msg accountsv1.ErasureRequested
	if err := proto.Unmarshal(data, &msg); err != nil {
		return "", "", fmt.Errorf("decode erasure request: %w", err)
	}
	id = msg.GetErasureId()
	if id == "" {
		return "", "", fmt.Errorf("erasure request without id")
	}
	address = msg.GetEmail()
	if sealed := msg.GetSealedEmail(); sealed != "" {
		if keys == nil {
			return "", "", fmt.Errorf("erasure %s: the address is sealed and no seal key is configured (PLEIN_SEAL_KEY)", id)
		}
		if address, err = keys.Open(sealed, Context(id)); err != nil {
			return "", "", fmt.Errorf("erasure %s: %w", id, err)
		}
	}
	if strings.TrimSpace(address) == "" {
		return "", "", fmt.Errorf("erasure %s without address", id)
	}
	return id, address, nil
}

// Context is what the address of erasure id is sealed for.
func Context(id string) string { return "erasure:" + id }

type unanswered struct {
	ID     string `db:"erasure_id"`
	Erased int    `db:"erased"`
}

const (
	unansweredSQL = `SELECT erasure_id, erased FROM erasures WHERE confirmed_at IS NULL ORDER BY erased_at`
	answeredSQL   = `UPDATE erasures SET confirmed_at = ? WHERE erasure_id = ?`
)

// Confirm answers every erasure done and not yet answered: it first
// empties the WAL into the database file (whose deleted content
// secure_delete has zeroed), then publishes the answers.
func (e *Eraser) Confirm(ctx context.Context) error {
	var todo []unanswered
	if err := e.db.R.SelectContext(ctx, &todo, unansweredSQL); err != nil {
		return fmt.Errorf("erasures to answer: %w", err)
	}
	if len(todo) == 0 {
		return nil
	}
	if err := e.db.Checkpoint(ctx); err != nil {
		return fmt.Errorf("erasures: %w", err)
	}
	now := e.now()
	return e.db.InTx(ctx, func(tx sqlite.Tx) error {
		for _, u := range todo {
			payload, err := proto.Marshal(&opsv1.ErasureCompleted{ErasureId: u.ID, Service: e.stream,
				Erased: int32(u.Erased), CompletedAt: timestamppb.New(now)})
			if err != nil {
				return fmt.Errorf("answer erasure %s: %w", u.ID, err)
			}
			if _, err := outbox.Add(ctx, tx, outbox.Message{Subject: string(subject.ErasureCompleted(e.stream)),
				Aggregate: "erasure:" + u.ID, Version: 1, Payload: payload}); err != nil {
				return fmt.Errorf("answer erasure %s: %w", u.ID, err)
			}
			if _, err := tx.ExecContext(ctx, answeredSQL, now.UnixMilli(), u.ID); err != nil {
				return fmt.Errorf("answer erasure %s: %w", u.ID, err)
			}
		}
		return nil
	})
}
