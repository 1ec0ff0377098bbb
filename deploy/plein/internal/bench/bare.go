package bench

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"time"

	_ "github.com/mattn/go-sqlite3" // the driver Plein uses
)

// bare is the yardstick: a net/http handler that decodes a registration
// and inserts one row per request into SQLite (WAL, one writer
// connection), with nothing else on the path.
type bare struct {
	db  *sql.DB
	srv *http.Server
	url string
}

const bareSchema = `CREATE TABLE registrations (
    id         TEXT PRIMARY KEY,
    event_id   TEXT NOT NULL,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (event_id, email)
)`

const bareInsert = `INSERT INTO registrations (id, event_id, name, email, created_at) VALUES (?, ?, ?, ?, ?)`

// startBare serves the bare handler on loopback with a database in dir
// opened with the given synchronous level ("NORMAL" or "FULL").
func startBare(dir, synchronous string) (*bare, error) {
	dsn := filepath.Join(dir, "bare-"+synchronous+".db") +
		"?_journal_mode=WAL&_synchronous=" + synchronous + "&_busy_timeout=5000&_txlock=immediate"
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(bareSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("bare schema: %w", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		db.Close()
		return nil, err
	}
	b := &bare{db: db, url: "http://" + l.Addr().String()}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/events/{id}/registrations", b.register)
	b.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = b.srv.Serve(l) }()
	return b, nil
}

func (b *bare) register(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name    string `json:"name"`
		Email   string `json:"email"`
		Consent bool   `json:"consent"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&in); err != nil || !in.Consent {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	var raw [16]byte
	_, _ = rand.Read(raw[:])
	id := hex.EncodeToString(raw[:])
	if _, err := b.db.ExecContext(r.Context(), bareInsert, id, r.PathValue("id"), in.Name, in.Email,
		time.Now().UnixMilli()); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(map[string]string{"id": id, "status": "confirmed"})
}

// close stops serving, cutting connections the clients keep open (no
// request is in flight once a load phase returned), and closes the database.
func (b *bare) close() error {
	err := b.srv.Close()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return errors.Join(err, b.db.Close())
}
