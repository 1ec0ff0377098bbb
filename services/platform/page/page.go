// Package page cuts lists into pages with keyset pagination: a page token is
// the position after the last item of the previous page, opaque to clients
// (URL-safe base64 of JSON), and a store fetches one item more than the page
// holds to know whether another page follows.
package page

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
)

// Sizes of a page when the client asks none, and at most.
const (
	DefaultSize = 50
	MaxSize     = 200
)

// ErrInvalid means a page token was not made by this package.
var ErrInvalid = errors.New("invalid page token")

// Request is one page to fetch: the items after After (its zero value on
// the first page), at most Size of them.
type Request[C any] struct {
	After C
	// First is true when there was no token: After is not a position.
	First bool
	Size  int
}

// Limit is how many items to fetch: one more than the page holds.
func (r Request[C]) Limit() int { return r.Size + 1 }

// Parse reads a list call's token and requested size (0 = DefaultSize,
// capped at MaxSize).
func Parse[C any](token string, size int32) (Request[C], error) {
	r := Request[C]{First: token == "", Size: DefaultSize}
	switch {
	case size > MaxSize:
		r.Size = MaxSize
	case size > 0:
		r.Size = int(size)
	}
	if token == "" {
		return r, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || json.Unmarshal(b, &r.After) != nil {
		return r, ErrInvalid
	}
	return r, nil
}

// Cut returns the page of items fetched with r.Limit(), and the token of the
// next page ("" when this is the last), built from the last item's position.
func Cut[T, C any](r Request[C], items []T, position func(T) C) ([]T, string, error) {
	if len(items) <= r.Size {
		return items, "", nil
	}
	items = items[:r.Size]
	token, err := Token(position(items[len(items)-1]))
	if err != nil {
		return nil, "", err
	}
	return items, token, nil
}

// Token encodes a position.
func Token[C any](position C) (string, error) {
	b, err := json.Marshal(position)
	if err != nil {
		return "", fmt.Errorf("encode page token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
