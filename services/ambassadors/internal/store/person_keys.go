package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/platform/shred"
)

// PersonKey is a submitter's data key (platform/shred) and when its
// message last went on the bus; the table person_keys is platform/shred's.
type PersonKey = shred.StoredKey

// GetPersonKey returns the key of the person with address email; none is
// domain.ErrNotFound.
func GetPersonKey(ctx context.Context, q Queryer, email string) (PersonKey, error) {
	k, found, err := shred.LoadKey(ctx, q, email)
	if err == nil && !found {
		err = fmt.Errorf("person key: %w", domain.ErrNotFound)
	}
	return k, err
}

// PutPersonKey stores the key of the person with address email, replacing
// the publication time of an existing one.
func PutPersonKey(ctx context.Context, tx *sqlx.Tx, email string, k PersonKey) error {
	return shred.StoreKey(ctx, tx, email, k)
}

// DeletePersonKey deletes the key of the person with address email.
func DeletePersonKey(ctx context.Context, tx *sqlx.Tx, email string) error {
	_, err := shred.DropKey(ctx, tx, email)
	return err
}
