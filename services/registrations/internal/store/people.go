package store

import (
	"context"
	"fmt"

	"plein.dev/platform/sqlite"
)

// Anonymise removes the personal data of a registration: name, e-mail
// address, organisation, KvK number, answers, consent; its token no longer
// opens it, its check-in code is freed and its address no longer counts as
// registered.
func Anonymise(ctx context.Context, tx sqlite.Tx, id string) error {
	const query = `UPDATE registrations SET name = '', email = '', email_key = 'erased:' || id,
		organisation = '', kvk_number = '', answers = '[]', token_hash = X'', checkin_code = NULL, consent_version = '',
		request_key = NULL
		WHERE id = ?`
	res, err := tx.ExecContext(ctx, query, id)
	if err != nil {
		return fmt.Errorf("anonymise registration %s: %w", id, err)
	}
	return oneRow(res, "registration "+id)
}
