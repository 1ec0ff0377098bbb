package shred

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/nats-io/nats.go/jetstream"

	"plein.dev/platform/messaging"
	"plein.dev/platform/outbox"
	"plein.dev/platform/seal"
	"plein.dev/proto/subject"
)

// RepublishAfter is how old a key's message may grow before the owner
// publishes it again with the next message sealed with it: half the
// stream's MaxAge, so that a message and the key it needs leave the stream
// no sooner than 15 days apart.
const RepublishAfter = messaging.StreamMaxAge / 2

// plain prefixes a key published without a seal keyring (no
// PLEIN_SEAL_KEY): erasable all the same, but readable in the stream's
// files until then.
const plain = "plain."

// KeyMessage returns the outbox message publishing k on stream (the
// owner's) as subject.PersonKey(stream, k.ID): the secret sealed with keys
// for the context "person-key:<id>", or in clear without a keyring.
func KeyMessage(stream string, k Key, keys *seal.Keyring) outbox.Message {
	secret := base64.StdEncoding.EncodeToString(k.Secret)
	payload := plain + secret
	if keys != nil {
		payload = keys.Seal(secret, keyContext(k.ID))
	}
	return outbox.Message{Subject: string(subject.PersonKey(stream, k.ID)), Aggregate: "person-key:" + k.ID,
		Version: 1, Payload: []byte(payload)}
}

func keyContext(id string) string { return "person-key:" + id }

// Opener opens, for a consumer, values sealed with the keys published on
// one service's stream.
type Opener struct {
	js     jetstream.JetStream
	owner  string
	keys   *seal.Keyring
	mu     sync.Mutex
	stream jetstream.Stream
}

// NewOpener returns an Opener of the keys owner publishes, unsealing them
// with keys (nil: only keys published in clear open).
func NewOpener(js jetstream.JetStream, owner string, keys *seal.Keyring) *Opener {
	return &Opener{js: js, owner: owner, keys: keys}
}

// Open returns the plaintext of sealed for context. ErrShredded: its key
// is no longer on the bus (the person was erased).
func (o *Opener) Open(ctx context.Context, sealed, context string) ([]byte, error) {
	id, err := KeyID(sealed)
	if err != nil {
		return nil, err
	}
	s, err := o.ownerStream(ctx)
	if err != nil {
		return nil, err
	}
	msg, err := s.GetLastMsgForSubject(ctx, string(subject.PersonKey(o.owner, id)))
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil, ErrShredded
	}
	if err != nil {
		return nil, fmt.Errorf("read person key: %w", err)
	}
	secret, err := o.unseal(id, string(msg.Data))
	if err != nil {
		return nil, err
	}
	return Open(Key{ID: id, Secret: secret}, sealed, context)
}

func (o *Opener) unseal(id, payload string) ([]byte, error) {
	b64, ok := strings.CutPrefix(payload, plain)
	if !ok {
		if o.keys == nil {
			return nil, fmt.Errorf("person key %s is sealed and no seal key is configured (PLEIN_SEAL_KEY)", id)
		}
		var err error
		if b64, err = o.keys.Open(payload, keyContext(id)); err != nil {
			return nil, fmt.Errorf("person key %s: %w", id, err)
		}
	}
	secret, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, fmt.Errorf("person key %s: %w", id, ErrOpen)
	}
	return secret, nil
}

func (o *Opener) ownerStream(ctx context.Context) (jetstream.Stream, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.stream != nil {
		return o.stream, nil
	}
	s, err := o.js.Stream(ctx, messaging.StreamName(o.owner))
	if err != nil {
		return nil, fmt.Errorf("person keys of %s: %w", o.owner, err)
	}
	o.stream = s
	return s, nil
}

// Shred deletes every message of key id from the stream of owner,
// overwriting each in the store's files (SecureDeleteMsg). It returns how
// many it deleted; none is no error.
func Shred(ctx context.Context, js jetstream.JetStream, owner, id string) (int, error) {
	s, err := js.Stream(ctx, messaging.StreamName(owner))
	if err != nil {
		return 0, fmt.Errorf("shred person key: %w", err)
	}
	n := 0
	for {
		msg, err := s.GetLastMsgForSubject(ctx, string(subject.PersonKey(owner, id)))
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("shred person key: %w", err)
		}
		if err := s.SecureDeleteMsg(ctx, msg.Sequence); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
			return n, fmt.Errorf("shred person key: %w", err)
		}
		n++
	}
}
