package store

import (
	"context"
	"fmt"

	"plein.dev/platform/shred"
	"plein.dev/platform/sqlite"
	"plein.dev/registrations/internal/domain"
)

// PersonKey is a person's data key and when its message last went on the
// bus; the table person_keys is platform/shred's.
type PersonKey = shred.StoredKey

// GetPersonKey returns the key of the person with address email; none is
// domain.ErrNotFound.
func GetPersonKey(ctx context.Context, tx sqlite.Tx, email string) (PersonKey, error) {
	k, found, err := shred.LoadKey(ctx, tx, email)
	if err == nil && !found {
		err = fmt.Errorf("person key: %w", domain.ErrNotFound)
	}
	return k, err
}

// PutPersonKey stores the key of the person with address email, published
// at publishedAt, replacing the time of an existing one.
func PutPersonKey(ctx context.Context, tx sqlite.Tx, email string, k PersonKey) error {
	return shred.StoreKey(ctx, tx, email, k)
}

// DeletePersonKey deletes the key of the person with address email; it
// reports whether there was one.
func DeletePersonKey(ctx context.Context, tx sqlite.Tx, email string) (bool, error) {
	return shred.DropKey(ctx, tx, email)
}
