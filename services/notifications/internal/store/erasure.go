package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"plein.dev/platform/sqlite"
)

// PersonEmails is what the e-mail log holds of one address: the e-mails
// sent or queued to it and the registrations they were about.
type PersonEmails struct {
	IDs           []string
	Registrations []string
}

// EmailsTo returns the e-mails to address (case and surrounding space
// ignored) and the registrations they were about.
func EmailsTo(ctx context.Context, tx sqlite.Tx, address string) (PersonEmails, error) {
	var rows []struct {
		ID           string `db:"id"`
		Registration string `db:"registration_id"`
	}
	const query = `SELECT id, registration_id FROM emails WHERE recipient = ? COLLATE NOCASE ORDER BY seq`
	if err := tx.SelectContext(ctx, &rows, query, strings.TrimSpace(address)); err != nil {
		return PersonEmails{}, fmt.Errorf("e-mails to a person: %w", err)
	}
	var out PersonEmails
	seen := map[string]bool{}
	for _, r := range rows {
		out.IDs = append(out.IDs, r.ID)
		if r.Registration != "" && !seen[r.Registration] {
			seen[r.Registration] = true
			out.Registrations = append(out.Registrations, r.Registration)
		}
	}
	return out, nil
}

// ErasePerson removes address from the e-mail log (the e-mails stay,
// without recipient; one still queued fails unsent), from the organisers
// and from the ambassadors known; it returns how many rows it changed.
// The registrations' attendees are EraseRegistration's.
func ErasePerson(ctx context.Context, tx sqlite.Tx, address string) (int, error) {
	address = strings.TrimSpace(address)
	stmts := []string{
		`DELETE FROM mail_queue WHERE email_id IN (SELECT id FROM emails WHERE recipient = ? COLLATE NOCASE)`,
		`UPDATE emails SET recipient = '', status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END
			WHERE recipient = ? COLLATE NOCASE`,
		`DELETE FROM organisers WHERE email = ? COLLATE NOCASE`,
		`UPDATE ambassadors SET facts = json_remove(facts, '$.email')
			WHERE json_extract(facts, '$.email') = ? COLLATE NOCASE`,
	}
	n := 0
	for _, stmt := range stmts {
		res, err := tx.ExecContext(ctx, stmt, address)
		if err != nil {
			return 0, fmt.Errorf("erase person: %w", err)
		}
		k, err := res.RowsAffected()
		if err != nil {
			return 0, fmt.Errorf("erase person: %w", err)
		}
		n += int(k)
	}
	return n, nil
}

// EmailsAbout returns the ids of the e-mails about a registration.
func EmailsAbout(ctx context.Context, tx sqlite.Tx, registrationID string) ([]string, error) {
	var ids []string
	if err := tx.SelectContext(ctx, &ids, `SELECT id FROM emails WHERE registration_id = ? ORDER BY seq`, registrationID); err != nil {
		return nil, fmt.Errorf("e-mails about registration %s: %w", registrationID, err)
	}
	return ids, nil
}

// Unaddressed returns those of the e-mails ids whose recipient is gone
// (erased or anonymised).
func Unaddressed(ctx context.Context, q Queryer, ids []string) ([]string, error) {
	query, args, err := sqlx.In(`SELECT id FROM emails WHERE id IN (?) AND recipient = ''`, ids)
	if err != nil {
		return nil, fmt.Errorf("unaddressed e-mails: %w", err)
	}
	var out []string
	if err := q.SelectContext(ctx, &out, query, args...); err != nil {
		return nil, fmt.Errorf("unaddressed e-mails: %w", err)
	}
	return out, nil
}
