package domain

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
)

// NewToken returns a manage token of 256 random bits and its hash; only the
// hash is stored.
func NewToken() (token string, hash []byte, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("manage token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// TokenFor returns the manage token of a registration for eventID sent
// with requestKey, and its hash: derived from the key with the service's
// secret, so that the same request sent again is answered with the same
// token, while only the hash is stored and nobody without the secret can
// compute it.
func TokenFor(secret []byte, eventID, requestKey string) (token string, hash []byte) {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("plein manage token\x00" + eventID + "\x00" + requestKey))
	token = base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
	return token, HashToken(token)
}

// HashToken returns the stored form of a manage token.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// TokenMatches compares a presented token with a stored hash in constant
// time.
func TokenMatches(hash []byte, token string) bool {
	if token == "" || len(hash) == 0 {
		return false
	}
	return subtle.ConstantTimeCompare(hash, HashToken(token)) == 1
}
