// Package erasure is the gateway's side of erasing a person (issue 15):
// it records an administrator's request, erases the gateway's own part
// (an account of the address), asks every other service on the bus
// (ErasureRequested, through the outbox) and collects their answers
// (ErasureCompleted), which GET /api/v1/erasures/{id} shows.
package erasure

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/erasure"
	"plein.dev/platform/inbox"
	"plein.dev/platform/outbox"
	"plein.dev/platform/seal"
	"plein.dev/platform/sqlite"
	accountsv1 "plein.dev/proto/gen/plein/accounts/v1"
	opsv1 "plein.dev/proto/gen/plein/ops/v1"
	"plein.dev/proto/subject"
)

// Gateway is the gateway's own name among the services answering.
const Gateway = "gateway"

// Services are the services that hold personal data and answer an
// erasure on the bus, by their streams' names.
var Services = []string{subject.StreamRegistrations, subject.StreamNotifications, subject.StreamAmbassadors,
	subject.StreamEvents}

// ErrNotFound: no erasure has the id.
var ErrNotFound = errors.New("erasure not found")

// Status is an erasure as GET /api/v1/erasures/{id} shows it.
type Status struct {
	ID          string    `json:"id"`
	RequestedAt time.Time `json:"requestedAt"`
	// Status is pending until every service answered, then completed.
	Status   string   `json:"status"`
	Services []Answer `json:"services"`
}

// Answer is one service's part of an erasure.
type Answer struct {
	Service string `json:"service"`
	// CompletedAt is unset while the service has not answered.
	CompletedAt *time.Time `json:"completedAt"`
	Erased      int        `json:"erased"`
}

// Store keeps the erasures in the gateway's database.
type Store struct {
	db       *sqlite.DB
	accounts *accounts.Store
	keys     *seal.Keyring
	now      func() time.Time
	log      *slog.Logger
	// js, if set, deletes each completed erasure's request (request.go).
	js jetstream.JetStream
}

// New returns the erasures of db; keys seal the address on the bus (nil:
// it goes in clear, and the request is deleted from the stream once
// answered all the same).
func New(db *sqlite.DB, accts *accounts.Store, keys *seal.Keyring, now func() time.Time, log *slog.Logger) *Store {
	return &Store{db: db, accounts: accts, keys: keys, now: now, log: log}
}

// Request records the erasure of address asked by the administrator
// callerID, erases the account of the address (never the caller's own:
// accounts.ErrEraseSelf) and asks the services, in one transaction; then
// it empties the WAL so that the account's erased bytes leave the disk. It
// returns the erasure's id.
func (s *Store) Request(ctx context.Context, address, callerID string) (string, error) {
	id := uuid.Must(uuid.NewV7()).String()
	now := s.now().UTC()
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO erasures (id, requested_by, requested_at) VALUES (?, ?, ?)`,
			id, callerID, now.UnixMilli()); err != nil {
			return err
		}
		n, err := s.accounts.EraseAccount(ctx, tx, address, callerID)
		if err != nil {
			return err
		}
		if _, err := answer(ctx, tx, id, Gateway, n, now); err != nil {
			return err
		}
		req := &accountsv1.ErasureRequested{ErasureId: id, RequestedAt: timestamppb.New(now)}
		if s.keys != nil {
			req.SealedEmail = s.keys.Seal(address, erasure.Context(id))
		} else {
			req.Email = address
		}
		payload, err := proto.Marshal(req)
		if err != nil {
			return err
		}
		_, err = outbox.Add(ctx, tx, outbox.Message{Subject: string(subject.ErasureRequested),
			Aggregate: "erasure:" + id, Version: 1, Payload: payload})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("request erasure: %w", err)
	}
	if err := s.db.Checkpoint(ctx); err != nil {
		s.log.WarnContext(ctx, "checkpoint after erasure; the next one empties the WAL", "erasure", id, "err", err)
	}
	return id, nil
}

// answer records a service's answer and completes the erasure once every
// service answered; it reports whether this answer completed it.
func answer(ctx context.Context, tx *sqlx.Tx, id, service string, erased int, at time.Time) (bool, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO erasure_answers (erasure_id, service, erased, completed_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (erasure_id, service) DO NOTHING`, id, service, erased, at.UnixMilli()); err != nil {
		return false, fmt.Errorf("answer of %s to erasure %s: %w", service, id, err)
	}
	var n int
	if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM erasure_answers WHERE erasure_id = ?`, id); err != nil {
		return false, fmt.Errorf("answers to erasure %s: %w", id, err)
	}
	if n < len(Services)+1 {
		return false, nil
	}
	res, err := tx.ExecContext(ctx, `UPDATE erasures SET completed_at = ? WHERE id = ? AND completed_at IS NULL`,
		at.UnixMilli(), id)
	if err != nil {
		return false, fmt.Errorf("complete erasure %s: %w", id, err)
	}
	done, err := res.RowsAffected()
	return done > 0, err
}

// Get returns the erasure id; none is ErrNotFound.
func (s *Store) Get(ctx context.Context, id string) (Status, error) {
	var e struct {
		RequestedAt int64         `db:"requested_at"`
		CompletedAt sql.NullInt64 `db:"completed_at"`
	}
	err := s.db.R.GetContext(ctx, &e, `SELECT requested_at, completed_at FROM erasures WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Status{}, ErrNotFound
	}
	if err != nil {
		return Status{}, fmt.Errorf("erasure %s: %w", id, err)
	}
	var rows []struct {
		Service     string `db:"service"`
		Erased      int    `db:"erased"`
		CompletedAt int64  `db:"completed_at"`
	}
	if err := s.db.R.SelectContext(ctx, &rows, `SELECT service, erased, completed_at FROM erasure_answers
		WHERE erasure_id = ?`, id); err != nil {
		return Status{}, fmt.Errorf("erasure %s: %w", id, err)
	}
	out := Status{ID: id, RequestedAt: time.UnixMilli(e.RequestedAt).UTC(), Status: "pending"}
	if e.CompletedAt.Valid {
		out.Status = "completed"
	}
	for _, name := range append([]string{Gateway}, Services...) {
		a := Answer{Service: name}
		for _, r := range rows {
			if r.Service == name {
				at := time.UnixMilli(r.CompletedAt).UTC()
				a.CompletedAt, a.Erased = &at, r.Erased
			}
		}
		out.Services = append(out.Services, a)
	}
	return out, nil
}

// Consumers are the inbox specs and the handler of the services' answers,
// one durable consumer per service's stream.
func (s *Store) Consumers(replicas int) []inbox.Spec {
	specs := make([]inbox.Spec, 0, len(Services))
	for _, stream := range Services {
		specs = append(specs, inbox.Spec{Stream: stream, Durable: "gateway-erasures-" + stream,
			FilterSubjects: []string{string(subject.ErasureCompleted(stream))}, Replicas: replicas})
	}
	return specs
}

// Apply records, within tx, a service's ErasureCompleted.
func (s *Store) Apply(ctx context.Context, tx sqlite.Tx, m inbox.Message) error {
	var msg opsv1.ErasureCompleted
	if err := proto.Unmarshal(m.Data, &msg); err != nil {
		return fmt.Errorf("decode %s: %w: %w", m.Subject, err, inbox.ErrPermanent)
	}
	if msg.GetErasureId() == "" || !slices.Contains(Services, msg.GetService()) {
		return fmt.Errorf("%s: no erasure id or an unknown service %q: %w", m.Subject, msg.GetService(), inbox.ErrPermanent)
	}
	var known int
	if err := tx.GetContext(ctx, &known, `SELECT count(*) FROM erasures WHERE id = ?`, msg.GetErasureId()); err != nil {
		return fmt.Errorf("erasure %s: %w", msg.GetErasureId(), err)
	}
	if known == 0 {
		// Asked by another gateway's database (or forgotten): nothing to
		// record.
		return nil
	}
	completed, err := answer(ctx, tx, msg.GetErasureId(), msg.GetService(), int(msg.GetErased()), msg.GetCompletedAt().AsTime())
	if err != nil || !completed || s.js == nil {
		return err
	}
	// The request's sealed address has served: off the stream with it. A
	// failure leaves it to the stream's MaxAge.
	if err := s.deleteRequest(ctx, msg.GetErasureId()); err != nil {
		s.log.WarnContext(ctx, "erasure request left on the stream", "erasure", msg.GetErasureId(), "err", err)
	}
	return nil
}
