// Package idempotency makes a POST sent again with the same Idempotency-Key
// within 24 hours return the first answer instead of acting twice, also when
// the two arrive at the same moment.
package idempotency

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/jmoiron/sqlx"
	"google.golang.org/grpc"

	"plein.dev/platform/requestkey"
	"plein.dev/platform/sqlite"
)

// Header is the request header that carries the key.
const Header = "Idempotency-Key"

// TTL is how long an answer is kept.
const TTL = 24 * time.Hour

// Store keeps the answers in the gateway's database.
type Store struct {
	db  *sqlite.DB
	log *slog.Logger
	now func() time.Time
	// wait bounds how long a duplicate waits for the first request.
	wait time.Duration
}

// New returns a Store.
func New(db *sqlite.DB, log *slog.Logger, now func() time.Time) *Store {
	return &Store{db: db, log: log, now: now, wait: 15 * time.Second}
}

// Problem writes an error answer; the gateway passes its problem+json writer.
type Problem func(w http.ResponseWriter, status int, detail string)

type stored struct {
	Fingerprint []byte `db:"fingerprint"`
	State       string `db:"state"`
	Status      int    `db:"status"`
	ContentType string `db:"content_type"`
	Sealed      []byte `db:"sealed_body"`
	// SealedHeaders is empty in rows stored before headers were kept.
	SealedHeaders []byte `db:"sealed_headers"`
}

type claimedKey struct{}

// Claimed reports whether ctx is that of a request whose Idempotency-Key
// this gateway has claimed: a duplicate of it is answered from the store,
// never sent on, so the request may be sent to a service again after a
// failure that leaves its outcome unknown.
func Claimed(ctx context.Context) bool { return RequestKey(ctx) != "" }

// RequestKey returns the key of a claimed request as the services see it
// (platform/requestkey): this gateway's hash of the caller, their
// Idempotency-Key and the request itself (method, path, body), in hex, so
// that the key reused for another request never matches; "" for a request
// without a claimed key.
func RequestKey(ctx context.Context) string {
	k, _ := ctx.Value(claimedKey{}).(string)
	return k
}

// ForwardKey is a gRPC client interceptor that sends the request key of a
// claimed request (RequestKey) with every call it makes, so that a service
// can recognise the same write sent again.
func ForwardKey(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	if k := RequestKey(ctx); k != "" {
		ctx = requestkey.Outgoing(ctx, k)
	}
	return invoker(ctx, method, req, reply, cc, opts...)
}

// Middleware applies to POST requests that carry the header. scope tells
// callers apart (their account, or their address when anonymous), so that
// one caller's key never reaches another's answer.
func (s *Store) Middleware(scope func(*http.Request) string, problem Problem, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get(Header)
		if r.Method != http.MethodPost || key == "" {
			next.ServeHTTP(w, r)
			return
		}
		if len(key) > 255 {
			problem(w, http.StatusBadRequest, "Idempotency-Key must be at most 255 characters")
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			problem(w, http.StatusBadRequest, "could not read the request body")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		ctx := r.Context()
		id := hash(scope(r), key)
		fp := hash(r.Method, r.URL.Path, string(body))

		first, err := s.claim(ctx, id, fp)
		if err != nil {
			s.log.ErrorContext(ctx, "idempotency claim", "err", err)
			problem(w, http.StatusInternalServerError, "something went wrong on our side")
			return
		}
		if !first {
			s.replay(w, r, id, fp, key, problem)
			return
		}
		rec := &recorder{ResponseWriter: w}
		defer func() {
			// Whatever happens, a pending claim must not outlive the
			// request; a handler that panicked has no answer to keep.
			p := recover()
			if err := s.finish(context.WithoutCancel(ctx), id, key, rec, p != nil); err != nil {
				s.log.ErrorContext(ctx, "idempotency finish", "err", err)
			}
			if p != nil {
				panic(p)
			}
		}()
		requestKey := hex.EncodeToString(hash(string(id), string(fp)))
		next.ServeHTTP(rec, r.WithContext(context.WithValue(ctx, claimedKey{}, requestKey)))
	})
}

// claim records a pending request for the key; false means the key was
// there already.
func (s *Store) claim(ctx context.Context, id, fp []byte) (bool, error) {
	now := s.now()
	var inserted bool
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created_at < ?`, now.Add(-TTL).Unix()); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (key_hash, fingerprint, state, created_at)
			VALUES (?, ?, 'pending', ?) ON CONFLICT (key_hash) DO NOTHING`, id, fp, now.Unix())
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		inserted = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("claim idempotency key: %w", err)
	}
	return inserted, nil
}

// finish stores a final answer with the headers a replay repeats, or
// forgets the key when the answer is not final (see final) or the handler
// panicked, so that the client may try again.
func (s *Store) finish(ctx context.Context, id []byte, key string, rec *recorder, panicked bool) error {
	status := rec.status
	if status == 0 {
		status = http.StatusOK
	}
	return s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		if panicked || !final(status) {
			_, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE key_hash = ?`, id)
			return err
		}
		body, err := seal(key, rec.body.Bytes())
		if err != nil {
			return err
		}
		h, err := keptHeaders(rec.Header())
		if err != nil {
			return err
		}
		headers, err := seal(key, h)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE idempotency_keys SET state = 'done', status = ?, content_type = ?,
			sealed_body = ?, sealed_headers = ? WHERE key_hash = ?`, status, rec.Header().Get("Content-Type"), body, headers, id)
		return err
	})
}

// replay answers a repeated request: with the first answer once there is
// one, waiting for it while the first request is still running.
func (s *Store) replay(w http.ResponseWriter, r *http.Request, id, fp []byte, key string, problem Problem) {
	ctx := r.Context()
	deadline := s.now().Add(s.wait)
	for {
		var st stored
		err := s.db.R.GetContext(ctx, &st, `SELECT fingerprint, state, status, content_type, sealed_body, sealed_headers
			FROM idempotency_keys WHERE key_hash = ?`, id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			// The first request failed and gave the key up; try it as new.
			problem(w, http.StatusConflict, "the first request with this Idempotency-Key failed; send it again")
			return
		case err != nil:
			s.log.ErrorContext(ctx, "idempotency replay", "err", err)
			problem(w, http.StatusInternalServerError, "something went wrong on our side")
			return
		case !bytes.Equal(st.Fingerprint, fp):
			problem(w, http.StatusUnprocessableEntity, "this Idempotency-Key was used for another request")
			return
		case st.State == "done":
			if err := replayAnswer(w, key, st); err != nil {
				s.log.ErrorContext(ctx, "idempotency open", "err", err)
				problem(w, http.StatusInternalServerError, "something went wrong on our side")
			}
			return
		}
		if s.now().After(deadline) {
			problem(w, http.StatusConflict, "a request with this Idempotency-Key is still in progress")
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(25 * time.Millisecond):
		}
	}
}

// replayAnswer writes a stored answer again.
func replayAnswer(w http.ResponseWriter, key string, st stored) error {
	body, err := open(key, st.Sealed)
	if err != nil {
		return err
	}
	headers := http.Header{}
	if st.SealedHeaders != nil {
		h, err := open(key, st.SealedHeaders)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(h, &headers); err != nil {
			return fmt.Errorf("stored headers: %w", err)
		}
	} else if st.ContentType != "" {
		headers.Set("Content-Type", st.ContentType)
	}
	for name, v := range headers {
		w.Header()[name] = v
	}
	w.Header().Set("Idempotent-Replayed", "true")
	w.WriteHeader(st.Status)
	_, _ = w.Write(body) // the client may be gone; nothing to do then
	return nil
}
