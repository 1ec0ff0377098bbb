package accounts

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"plein.dev/platform/sqlite"
)

// DefaultOrganisation is the organisation the upgrade to organisations
// gave everything that existed: programmes, events and the organisers of
// then. Until a second organisation exists, every new organiser joins it.
const DefaultOrganisation = "default"

// Kinds of organisation.
var OrganisationKinds = []string{"municipality", "region", "kvk", "partner", "other"}

// Errors about organisations.
var (
	ErrOrganisationTaken   = errors.New("an organisation with this name or code exists")
	ErrUnknownOrganisation = errors.New("unknown organisation")
)

// Organisation is a municipality, region, the KvK or a partner: it owns
// programmes and events, and organisers work for one or more.
type Organisation struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Kind: municipality | region | kvk | partner | other.
	Kind string `json:"kind"`
	// Code is the CBS municipality code (GM0606) of a municipality, or a
	// code of the organisation's choosing for the other kinds; optional.
	Code string `json:"code,omitempty"`
}

var (
	cbsMunicipality = regexp.MustCompile(`^GM[0-9]{4}$`)
	freeCode        = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)
)

// Normalise trims the organisation's fields and writes a CBS code in upper
// case.
func (o Organisation) Normalise() Organisation {
	o.Name = strings.TrimSpace(o.Name)
	o.Kind = strings.TrimSpace(o.Kind)
	o.Code = strings.TrimSpace(o.Code)
	if o.Kind == "municipality" {
		o.Code = strings.ToUpper(o.Code)
	}
	return o
}

// Problems returns what is wrong with a (normalised) organisation, by
// field: a name of 1 to 200 characters, a known kind, and a code that is a
// CBS municipality code (GM and four digits) for a municipality, and
// otherwise 1 to 40 letters, digits, dots, dashes or underscores.
func (o Organisation) Problems() map[string]string {
	p := map[string]string{}
	if o.Name == "" || len(o.Name) > 200 {
		p["name"] = "is required, at most 200 characters"
	}
	if !slices.Contains(OrganisationKinds, o.Kind) {
		p["kind"] = "must be one of " + strings.Join(OrganisationKinds, ", ")
	}
	switch {
	case o.Code == "":
	case o.Kind == "municipality" && !cbsMunicipality.MatchString(o.Code):
		p["code"] = "must be a CBS municipality code: GM and four digits, e.g. GM0606"
	case !freeCode.MatchString(o.Code):
		p["code"] = "at most 40 letters, digits, dots, dashes or underscores"
	}
	return p
}

// CreateOrganisation stores a new organisation, which must be valid
// (Problems); a name (in any case) or code in use is ErrOrganisationTaken.
func (s *Store) CreateOrganisation(ctx context.Context, o Organisation) (Organisation, error) {
	o = o.Normalise()
	if p := o.Problems(); len(p) > 0 {
		return Organisation{}, fmt.Errorf("create organisation: invalid %v", p)
	}
	o.ID = uuid.Must(uuid.NewV7()).String()
	const query = `INSERT INTO organisations (id, name, name_key, kind, code, created_at) VALUES (?, ?, ?, ?, ?, ?)`
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, query, o.ID, o.Name, strings.ToLower(o.Name), o.Kind, o.Code, s.now().Unix())
		return err
	})
	if sqlite.IsUniqueViolation(err) {
		return Organisation{}, ErrOrganisationTaken
	}
	if err != nil {
		return Organisation{}, fmt.Errorf("create organisation: %w", err)
	}
	return o, nil
}

// ListOrganisations returns the organisations by name, paged after the
// lower-cased name afterName.
func (s *Store) ListOrganisations(ctx context.Context, afterName string, limit int) ([]Organisation, error) {
	const query = `SELECT id, name, kind, code FROM organisations WHERE name_key > ? ORDER BY name_key LIMIT ?`
	var out []Organisation
	if err := s.db.R.SelectContext(ctx, &out, query, afterName, limit); err != nil {
		return nil, fmt.Errorf("list organisations: %w", err)
	}
	return out, nil
}

// GetOrganisation returns one organisation, or ErrNotFound.
func (s *Store) GetOrganisation(ctx context.Context, id string) (Organisation, error) {
	var o Organisation
	err := s.db.R.GetContext(ctx, &o, `SELECT id, name, kind, code FROM organisations WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Organisation{}, ErrNotFound
	}
	if err != nil {
		return Organisation{}, fmt.Errorf("get organisation %s: %w", id, err)
	}
	return o, nil
}

// organisationIDs checks that every id names an organisation, and returns
// them without repeats, as JSON for the users table. nil (not given) is
// the default: the default organisation for an organiser while it is the
// only organisation, and none otherwise.
func organisationIDs(ctx context.Context, q sqlx.QueryerContext, ids []string, roles []string) ([]string, string, error) {
	if ids == nil {
		ids = []string{}
		if slices.Contains(roles, "organiser") {
			var others int
			if err := sqlx.GetContext(ctx, q, &others, `SELECT COUNT(*) FROM organisations WHERE id <> ?`, DefaultOrganisation); err != nil {
				return nil, "", fmt.Errorf("count organisations: %w", err)
			}
			if others == 0 {
				ids = []string{DefaultOrganisation}
			}
		}
	}
	var out []string
	for _, id := range ids {
		if slices.Contains(out, id) {
			continue
		}
		var n int
		if err := sqlx.GetContext(ctx, q, &n, `SELECT COUNT(*) FROM organisations WHERE id = ?`, id); err != nil {
			return nil, "", fmt.Errorf("organisation %s: %w", id, err)
		}
		if n == 0 {
			return nil, "", fmt.Errorf("organisation %q: %w", id, ErrUnknownOrganisation)
		}
		out = append(out, id)
	}
	if out == nil {
		out = []string{}
	}
	raw, _ := json.Marshal(out) // a []string always marshals
	return out, string(raw), nil
}
