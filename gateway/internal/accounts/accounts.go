// Package accounts keeps the gateway's users, sessions, API tokens and the
// one-time links that let people choose their own password.
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
	"plein.dev/platform/seal"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
)

// Errors of this package.
var (
	ErrNotFound     = errors.New("not found")
	ErrDuplicate    = errors.New("an account with this e-mail address exists")
	ErrUnauthorised = errors.New("unknown or expired credentials")
	ErrUnknownRole  = errors.New("unknown role")
	// ErrWeakPassword refuses a password outside the length rule.
	ErrWeakPassword = fmt.Errorf("a password must be %d to %d characters", MinPasswordLength, MaxPasswordLength)
)

// The length rule of every password.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 200
)

// ValidPassword reports whether a password meets the length rule.
func ValidPassword(p string) bool {
	n := len([]rune(p))
	return n >= MinPasswordLength && len(p) <= MaxPasswordLength
}

// Roles every account may hold.
var Roles = []string{identity.RoleAdmin, identity.RoleOrganiser, identity.RoleAmbassador}

// User is an account.
type User struct {
	ID           string   `json:"id"`
	Email        string   `json:"email"`
	Name         string   `json:"name"`
	Roles        []string `json:"roles"`
	AmbassadorID string   `json:"ambassadorId,omitempty"`
	// Active is false once an administrator deactivated the account: it
	// can no longer sign in, and its sessions and tokens stop working.
	Active bool `json:"active"`
	// Activated is false for an invited account whose holder has not yet
	// chosen a password.
	Activated bool `json:"activated"`
	// Language is the language of the e-mails the person gets: nl or en.
	Language string `json:"language"`
	// Digest: the person (an organiser) gets the daily registration
	// digest by e-mail.
	Digest bool `json:"digest"`
	// OrganisationIDs are the organisations the person works for; an
	// organiser manages what they own.
	OrganisationIDs []string `json:"organisationIds"`
}

// Identity is what the services are told about the user.
func (u User) Identity() identity.Identity {
	return identity.Identity{UserID: u.ID, Roles: u.Roles, AmbassadorID: u.AmbassadorID, OrganisationIDs: u.OrganisationIDs}
}

// Store keeps accounts in the gateway's database.
type Store struct {
	db         *sqlite.DB
	now        func() time.Time
	sessionTTL time.Duration
	dummyHash  string
	// keys seal the address and name in the accounts' announcements; nil
	// leaves them out.
	keys *seal.Keyring
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

// checkRoles refuses a role no account may hold.
func checkRoles(roles []string) error {
	for _, r := range roles {
		if !slices.Contains(Roles, r) {
			return fmt.Errorf("role %q: %w", r, ErrUnknownRole)
		}
	}
	return nil
}

// NewUser is an account to create.
type NewUser struct {
	Email, Name, Password string
	Roles                 []string
	AmbassadorID          string
	// OrganisationIDs must name organisations; nil is the default (see
	// organisationIDs).
	OrganisationIDs []string
}

// Create stores a new account with its password.
func (s *Store) Create(ctx context.Context, nu NewUser) (User, error) {
	if err := checkRoles(nu.Roles); err != nil {
		return User{}, err
	}
	hash, err := HashPassword(nu.Password)
	if err != nil {
		return User{}, err
	}
	var u User
	err = s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		u, err = s.insertUser(ctx, tx, nu, hash)
		return err
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// insertUser adds an account; an empty hash makes an invited account that
// has no password yet.
func (s *Store) insertUser(ctx context.Context, tx *sqlx.Tx, nu NewUser, hash string) (User, error) {
	u := User{ID: uuid.Must(uuid.NewV7()).String(), Email: strings.TrimSpace(nu.Email), Name: nu.Name,
		Roles: nu.Roles, AmbassadorID: nu.AmbassadorID, Active: true, Activated: hash != "", Language: Languages[0]}
	if u.Roles == nil {
		u.Roles = []string{}
	}
	roles, _ := json.Marshal(u.Roles) // a []string always marshals
	orgs, orgsJSON, err := organisationIDs(ctx, tx, nu.OrganisationIDs, u.Roles)
	if err != nil {
		return User{}, err
	}
	u.OrganisationIDs = orgs
	const query = `INSERT INTO users (id, email, email_key, name, password_hash, roles, ambassador_id, organisation_ids, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	_, err = tx.ExecContext(ctx, query, u.ID, u.Email, emailKey(u.Email), u.Name, hash, string(roles),
		u.AmbassadorID, orgsJSON, s.now().Unix())
	if sqlite.IsUniqueViolation(err) {
		return User{}, ErrDuplicate
	}
	if err != nil {
		return User{}, fmt.Errorf("create user: %w", err)
	}
	if err := s.announce(ctx, tx, u.ID, subject.AccountCreated); err != nil {
		return User{}, err
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
	Active       bool   `db:"active"`
	Language     string `db:"language"`
	Digest       bool   `db:"digest"`
	Orgs         string `db:"organisation_ids"`
}

func (r userRow) user() (User, error) {
	u := User{ID: r.ID, Email: r.Email, Name: r.Name, AmbassadorID: r.AmbassadorID, Active: r.Active,
		Activated: r.PasswordHash != "", Language: r.Language, Digest: r.Digest}
	if err := json.Unmarshal([]byte(r.Roles), &u.Roles); err != nil {
		return User{}, fmt.Errorf("user %s roles: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Orgs), &u.OrganisationIDs); err != nil {
		return User{}, fmt.Errorf("user %s organisations: %w", r.ID, err)
	}
	return u, nil
}

const userColumns = `u.id, u.email, u.name, u.password_hash, u.roles, u.ambassador_id, u.active, u.language, u.digest, u.organisation_ids`

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

// Get returns an account by id.
func (s *Store) Get(ctx context.Context, id string) (User, error) {
	r, err := getUser(ctx, s.db.R, `SELECT `+userColumns+` FROM users u WHERE u.id = ?`, id)
	if err != nil {
		return User{}, fmt.Errorf("get user %s: %w", id, err)
	}
	return r.user()
}

// getUser reads one user row; no row is ErrNotFound.
func getUser(ctx context.Context, q sqlx.QueryerContext, query string, args ...any) (userRow, error) {
	var r userRow
	err := sqlx.GetContext(ctx, q, &r, query, args...)
	if errors.Is(err, sql.ErrNoRows) {
		return userRow{}, ErrNotFound
	}
	return r, err
}
