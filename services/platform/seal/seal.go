// Package seal hands a secret from one service to another across the bus
// without it ever being stored in clear: the producer seals it with an AEAD
// key both services hold (PLEIN_SEAL_KEY), the message carries only the
// sealed form, and the consumer opens it at the moment it needs it.
//
// A Keyring holds one or more keys, each with an id. The first key seals;
// every key opens, so a key can be rotated by putting the new key first and
// keeping the old one until the messages sealed with it are consumed.
// Sealed values are bound to a context string (e.g. the registration id):
// a sealed token copied into another message does not open there.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the size of a key in bytes (AES-256-GCM).
const KeySize = 32

// ErrOpen means a sealed value is malformed, was sealed with a key not in
// the keyring, or was changed or moved to another context.
var ErrOpen = errors.New("sealed value does not open")

const version = "s1"

// Keyring is a set of keys; the first seals.
type Keyring struct {
	ids   []string
	aeads map[string]cipher.AEAD
}

// Parse reads a keyring written as comma-separated "id:base64key" entries,
// e.g. "2026a:q2V5...,2025b:bG9u...". Ids are letters, digits and '-'.
func Parse(s string) (*Keyring, error) {
	k := &Keyring{aeads: map[string]cipher.AEAD{}}
	for entry := range strings.SplitSeq(s, ",") {
		entry = strings.TrimSpace(entry)
		id, b64, ok := strings.Cut(entry, ":")
		if !ok || !validID(id) {
			return nil, fmt.Errorf("seal key %q: want id:base64key with an id of letters, digits and '-'", redact(entry))
		}
		if _, dup := k.aeads[id]; dup {
			return nil, fmt.Errorf("seal key id %q appears twice", id)
		}
		key, err := base64.StdEncoding.DecodeString(b64)
		if err != nil || len(key) != KeySize {
			return nil, fmt.Errorf("seal key %q: want %d bytes in standard base64", id, KeySize)
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			return nil, fmt.Errorf("seal key %q: %w", id, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("seal key %q: %w", id, err)
		}
		k.ids = append(k.ids, id)
		k.aeads[id] = aead
	}
	if len(k.ids) == 0 {
		return nil, errors.New("seal key: empty")
	}
	return k, nil
}

// NewKey returns a fresh keyring entry "id:base64key" for Parse.
func NewKey(id string) (string, error) {
	if !validID(id) {
		return "", fmt.Errorf("seal key id %q: letters, digits and '-' only", id)
	}
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return "", fmt.Errorf("new seal key: %w", err)
	}
	return id + ":" + base64.StdEncoding.EncodeToString(key), nil
}

// Seal returns secret sealed with the current key, bound to context.
func (k *Keyring) Seal(secret, context string) string {
	id := k.ids[0]
	aead := k.aeads[id]
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic("seal: no randomness: " + err.Error()) // crypto/rand never fails on supported systems
	}
	box := aead.Seal(nonce, nonce, []byte(secret), aad(id, context))
	return version + "." + id + "." + base64.RawURLEncoding.EncodeToString(box)
}

// Open returns the secret of a value Seal made with any key of the ring
// for the same context.
func (k *Keyring) Open(sealed, context string) (string, error) {
	parts := strings.Split(sealed, ".")
	if len(parts) != 3 || parts[0] != version {
		return "", ErrOpen
	}
	aead, ok := k.aeads[parts[1]]
	if !ok {
		return "", ErrOpen
	}
	box, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(box) < aead.NonceSize()+aead.Overhead() {
		return "", ErrOpen
	}
	secret, err := aead.Open(nil, box[:aead.NonceSize()], box[aead.NonceSize():], aad(parts[1], context))
	if err != nil {
		return "", ErrOpen
	}
	return string(secret), nil
}

func aad(id, context string) []byte { return []byte(version + "\x00" + id + "\x00" + context) }

func validID(id string) bool {
	if id == "" || len(id) > 32 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// redact keeps a key out of error messages: only the id part is shown.
func redact(entry string) string {
	id, _, _ := strings.Cut(entry, ":")
	if len(id) > 32 {
		id = id[:32]
	}
	return id + ":…"
}
