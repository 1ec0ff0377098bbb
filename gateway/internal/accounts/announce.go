package accounts

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/outbox"
	"plein.dev/platform/seal"
	accountsv1 "plein.dev/proto/gen/plein/accounts/v1"
	"plein.dev/proto/subject"
)

// Stream is the stream the gateway's accounts are announced on: the
// gateway publishes it, through the outbox of its own database.
const Stream = subject.StreamAccounts

// The contexts an account's address and name are sealed for: only the
// account's own message opens them.
func emailContext(userID string) string { return "account:" + userID + ":email" }
func nameContext(userID string) string  { return "account:" + userID + ":name" }

// announce raises the version of an account and adds, within tx, the
// message announcing it as it is now: its roles, whether it is active, its
// language and digest opt-in, its organisations; its address and name sealed with the
// store's keyring (left out without one), never in clear.
func (s *Store) announce(ctx context.Context, tx *sqlx.Tx, id string, verb subject.Subject) error {
	if _, err := tx.ExecContext(ctx,
		`UPDATE users SET version = version + 1, announced_version = version + 1 WHERE id = ?`, id); err != nil {
		return fmt.Errorf("announce user %s: %w", id, err)
	}
	var version int64
	if err := tx.GetContext(ctx, &version, `SELECT version FROM users WHERE id = ?`, id); err != nil {
		return fmt.Errorf("announce user %s: %w", id, err)
	}
	r, err := getUser(ctx, tx, `SELECT `+userColumns+` FROM users u WHERE u.id = ?`, id)
	if err != nil {
		return fmt.Errorf("announce user %s: %w", id, err)
	}
	u, err := r.user()
	if err != nil {
		return err
	}
	acc := &accountsv1.Account{Id: u.ID, Roles: u.Roles, Active: u.Active, Language: u.Language,
		Digest: u.Digest, OrganisationIds: u.OrganisationIDs, Version: version}
	if s.keys != nil {
		acc.SealedEmail = s.keys.Seal(u.Email, emailContext(u.ID))
		acc.SealedName = s.keys.Seal(u.Name, nameContext(u.ID))
	}
	payload, err := proto.Marshal(&accountsv1.AccountChanged{Account: acc, OccurredAt: timestamppb.New(s.now())})
	if err != nil {
		return fmt.Errorf("announce user %s: %w", id, err)
	}
	_, err = outbox.Add(ctx, tx, outbox.Message{Subject: string(verb), Aggregate: "account:" + u.ID,
		Version: version, Payload: payload})
	return err
}

// AnnounceWith makes the store announce accounts with their address and
// name sealed by keys (the keyring the notifications service opens with).
func (s *Store) AnnounceWith(keys *seal.Keyring) { s.keys = keys }

// AnnouncePending announces every account changed since it was last
// announced (the accounts made before the gateway announced them, at the
// first start after the upgrade).
func (s *Store) AnnouncePending(ctx context.Context) (int, error) {
	var ids []string
	if err := s.db.R.SelectContext(ctx, &ids, `SELECT id FROM users WHERE announced_version < version ORDER BY id`); err != nil {
		return 0, fmt.Errorf("accounts to announce: %w", err)
	}
	err := s.db.InTx(ctx, func(tx *sqlx.Tx) error {
		for _, id := range ids {
			if err := s.announce(ctx, tx, id, subject.AccountUpdated); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(ids), nil
}
