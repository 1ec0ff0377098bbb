// Package accounts keeps the gateway's users, sessions and API tokens.
package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"plein.dev/platform/identity"
	"plein.dev/platform/sqlite"
)

// Errors of this package.
var (
	ErrNotFound     = errors.New("not found")
	ErrDuplicate    = errors.New("an account with this e-mail address exists")
	ErrUnauthorised = errors.New("unknown or expired credentials")
)

// Roles every account may hold.
var Roles = []string{identity.RoleAdmin, identity.RoleOrganiser, identity.RoleAmbassador}

// User is an account.
type User struct {
	ID           string   `json:"id"`
	Email        string   `json:"email"`
	Name         string   `json:"name"`
	Roles        []string `json:"roles"`
	AmbassadorID string   `json:"ambassadorId,omitempty"`
}

// Identity is what the services are told about the user.
func (u User) Identity() identity.Identity {
	return identity.Identity{UserID: u.ID, Roles: u.Roles, AmbassadorID: u.AmbassadorID}
}

// Store keeps accounts in the gateway's database.
type Store struct {
	db         *sqlite.DB
	now        func() time.Time
	sessionTTL time.Duration
	dummyHash  string
}

// New returns a Store; sessions last sessionTTL after sign-in.
func New(db *sqlite.DB, now func() time.Time, sessionTTL time.Duration) (*Store, error) {
	dummy, err := HashPassword("no account has this password")
	if err != nil {
		return nil, err
	}
	return &Store{db: db, now: now, sessionTTL: sessionTTL, dummyHash: dummy}, nil
}

func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

func hashSecret(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

func newSecret(prefix string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("secret: %w", err)
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// NewUser is an account to create.
type NewUser struct {
	Email, Name, Password string
	Roles                 []string
	AmbassadorID          string
}

// Create stores a new account.
func (s *Store) Create(ctx context.Context, nu NewUser) (User, error) {
	for _, r := range nu.Roles {
		if !slices.Contains(Roles, r) {
			return User{}, fmt.Errorf("role %q: %w", r, ErrNotFound)
		}
	}
	hash, err := HashPassword(nu.Password)
	if err != nil {
		return User{}, err
	}
	u := User{ID: uuid.Must(uuid.NewV7()).String(), Email: strings.TrimSpace(nu.Email), Name: nu.Name,
		Roles: nu.Roles, AmbassadorID: nu.AmbassadorID}
	if u.Roles == nil {
		u.Roles = []string{}
	}
	roles, _ := json.Marshal(u.Roles) // a []string always marshals
	const query = `INSERT INTO users (id, email, email_key, name, password_hash, roles, ambassador_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	err = s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, query, u.ID, u.Email, emailKey(u.Email), u.Name, hash, string(roles),
			u.AmbassadorID, s.now().Unix())
		return err
	})
	if sqlite.IsUniqueViolation(err) {
		return User{}, ErrDuplicate
	}
	if err != nil {
		return User{}, fmt.Errorf("create user: %w", err)
	}
	return u, nil
}

// Count returns the number of accounts.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	if err := s.db.R.GetContext(ctx, &n, `SELECT COUNT(*) FROM users`); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

type userRow struct {
	ID           string `db:"id"`
	Email        string `db:"email"`
	Name         string `db:"name"`
	PasswordHash string `db:"password_hash"`
	Roles        string `db:"roles"`
	AmbassadorID string `db:"ambassador_id"`
}

func (r userRow) user() (User, error) {
	u := User{ID: r.ID, Email: r.Email, Name: r.Name, AmbassadorID: r.AmbassadorID}
	if err := json.Unmarshal([]byte(r.Roles), &u.Roles); err != nil {
		return User{}, fmt.Errorf("user %s roles: %w", r.ID, err)
	}
	return u, nil
}

const userColumns = `u.id, u.email, u.name, u.password_hash, u.roles, u.ambassador_id`

// List returns the accounts by e-mail address, paged after afterEmail.
func (s *Store) List(ctx context.Context, afterEmail string, limit int) ([]User, error) {
	var rows []userRow
	query := `SELECT ` + userColumns + ` FROM users u WHERE u.email_key > ? ORDER BY u.email_key LIMIT ?`
	if err := s.db.R.SelectContext(ctx, &rows, query, afterEmail, limit); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	out := make([]User, 0, len(rows))
	for _, r := range rows {
		u, err := r.user()
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// SignIn checks an e-mail address and password and opens a session. It
// takes as long for an unknown address as for a wrong password.
func (s *Store) SignIn(ctx context.Context, email, password string) (User, string, error) {
	var r userRow
	query := `SELECT ` + userColumns + ` FROM users u WHERE u.email_key = ?`
	err := s.db.R.GetContext(ctx, &r, query, emailKey(email))
	if errors.Is(err, sql.ErrNoRows) {
		_, _ = CheckPassword(s.dummyHash, password)
		return User{}, "", ErrUnauthorised
	}
	if err != nil {
		return User{}, "", fmt.Errorf("sign in: %w", err)
	}
	ok, err := CheckPassword(r.PasswordHash, password)
	if err != nil {
		return User{}, "", fmt.Errorf("sign in %s: %w", r.ID, err)
	}
	if !ok {
		return User{}, "", ErrUnauthorised
	}
	u, err := r.user()
	if err != nil {
		return User{}, "", err
	}
	session, err := newSecret("")
	if err != nil {
		return User{}, "", err
	}
	now := s.now()
	err = s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, now.Unix()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hashSecret(session), u.ID, now.Unix(), now.Add(s.sessionTTL).Unix())
		return err
	})
	if err != nil {
		return User{}, "", fmt.Errorf("open session: %w", err)
	}
	return u, session, nil
}

// SignOut ends a session.
func (s *Store) SignOut(ctx context.Context, session string) error {
	return s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ?`, hashSecret(session))
		return err
	})
}

// BySession returns the user of a live session.
func (s *Store) BySession(ctx context.Context, session string) (User, error) {
	query := `SELECT ` + userColumns + ` FROM sessions x JOIN users u ON u.id = x.user_id
		WHERE x.id_hash = ? AND x.expires_at > ?`
	return s.byCredential(ctx, query, hashSecret(session), s.now().Unix())
}

// ByToken returns the user of a personal API token.
func (s *Store) ByToken(ctx context.Context, token string) (User, error) {
	query := `SELECT ` + userColumns + ` FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`
	return s.byCredential(ctx, query, hashSecret(token))
}

func (s *Store) byCredential(ctx context.Context, query string, args ...any) (User, error) {
	var r userRow
	err := s.db.R.GetContext(ctx, &r, query, args...)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrUnauthorised
	}
	if err != nil {
		return User{}, fmt.Errorf("look up credential: %w", err)
	}
	return r.user()
}

// CreateToken issues a personal API token; only its hash is kept.
func (s *Store) CreateToken(ctx context.Context, userID, name string) (string, error) {
	token, err := newSecret("plein_")
	if err != nil {
		return "", err
	}
	err = s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES (?, ?, ?, ?)`,
			hashSecret(token), userID, name, s.now().Unix())
		return err
	})
	if err != nil {
		return "", fmt.Errorf("create token: %w", err)
	}
	return token, nil
}
