// Package shred keeps personal data off the bus in clear by
// crypto-shredding: each person has a data key of their own, held by the
// service that owns the person's data (in its database) and published once
// on the bus as the message of subject.PersonKey, itself sealed with the
// shared PLEIN_SEAL_KEY (platform/seal). A message carries the person's
// fields encrypted with that key (AES-256-GCM, bound to a context such as
// the registration id). A consumer reads the key by its subject when it
// needs the fields (Opener); erasing the person deletes the key from the
// database and its messages from the stream (Shred), and every copy of the
// fields in every stream becomes unreadable at once.
package shred

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the size of a data key in bytes (AES-256-GCM).
const KeySize = 32

// ErrShredded means the key a sealed value needs is gone: the person was
// erased (or the value was never sealed with a key the bus knows).
var ErrShredded = errors.New("personal data erased: its key is gone")

// ErrOpen means a sealed value is malformed, or was changed or moved to
// another context.
var ErrOpen = errors.New("sealed personal data does not open")

// version prefixes every sealed value.
const version = "p1"

// Key is one person's data key.
type Key struct {
	// ID names the key on the bus; random, it says nothing of the person.
	ID     string
	Secret []byte
}

// NewKey returns a fresh random key.
func NewKey() (Key, error) {
	id := make([]byte, 16)
	secret := make([]byte, KeySize)
	if _, err := rand.Read(id); err != nil {
		return Key{}, fmt.Errorf("new person key: %w", err)
	}
	if _, err := rand.Read(secret); err != nil {
		return Key{}, fmt.Errorf("new person key: %w", err)
	}
	return Key{ID: base64.RawURLEncoding.EncodeToString(id), Secret: secret}, nil
}

// Seal encrypts plaintext with k, bound to context; the result names k.
func Seal(k Key, plaintext []byte, context string) (string, error) {
	aead, err := newAEAD(k.Secret)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("seal personal data: %w", err)
	}
	box := aead.Seal(nonce, nonce, plaintext, aad(k.ID, context))
	return version + "." + k.ID + "." + base64.RawURLEncoding.EncodeToString(box), nil
}

// KeyID returns the id of the key sealed was sealed with.
func KeyID(sealed string) (string, error) {
	parts := strings.Split(sealed, ".")
	if len(parts) != 3 || parts[0] != version || parts[1] == "" {
		return "", ErrOpen
	}
	return parts[1], nil
}

// Open decrypts a value Seal made with k for the same context.
func Open(k Key, sealed, context string) ([]byte, error) {
	parts := strings.Split(sealed, ".")
	if len(parts) != 3 || parts[0] != version || parts[1] != k.ID {
		return nil, ErrOpen
	}
	aead, err := newAEAD(k.Secret)
	if err != nil {
		return nil, err
	}
	box, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(box) < aead.NonceSize()+aead.Overhead() {
		return nil, ErrOpen
	}
	plain, err := aead.Open(nil, box[:aead.NonceSize()], box[aead.NonceSize():], aad(k.ID, context))
	if err != nil {
		return nil, ErrOpen
	}
	return plain, nil
}

func newAEAD(secret []byte) (cipher.AEAD, error) {
	if len(secret) != KeySize {
		return nil, fmt.Errorf("person key: want %d bytes, have %d", KeySize, len(secret))
	}
	block, err := aes.NewCipher(secret)
	if err != nil {
		return nil, fmt.Errorf("person key: %w", err)
	}
	return cipher.NewGCM(block)
}

func aad(keyID, context string) []byte { return []byte(version + "\x00" + keyID + "\x00" + context) }
