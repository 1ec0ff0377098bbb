// Package pagetoken encodes the opaque page tokens of list calls: the
// position after the last item of a page, as URL-safe base64 of JSON.
package pagetoken

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
)

// ErrInvalid means a page token was not made by Encode.
var ErrInvalid = errors.New("invalid page token")

// Encode returns the token for a cursor value.
func Encode(cursor any) (string, error) {
	b, err := json.Marshal(cursor)
	if err != nil {
		return "", fmt.Errorf("encode page token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Decode reads a token into cursor; an empty token leaves cursor as it is.
func Decode(token string, cursor any) error {
	if token == "" {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return ErrInvalid
	}
	if err := json.Unmarshal(b, cursor); err != nil {
		return ErrInvalid
	}
	return nil
}

// Size returns the page size to use for a requested one: default when
// unset, capped at max.
func Size(requested, def, max int32) int {
	switch {
	case requested <= 0:
		return int(def)
	case requested > max:
		return int(max)
	}
	return int(requested)
}
