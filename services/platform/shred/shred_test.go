package shred_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"plein.dev/platform/messaging"
	"plein.dev/platform/seal"
	"plein.dev/platform/shred"
	"plein.dev/platform/testkit"
)

func TestSealOpens(t *testing.T) {
	t.Parallel()
	k, err := shred.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	other, _ := shred.NewKey()
	sealed, err := shred.Seal(k, []byte("anna@example.nl"), "registration-1")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains([]byte(sealed), []byte("anna")) {
		t.Fatalf("sealed value shows the plaintext: %s", sealed)
	}
	if id, err := shred.KeyID(sealed); err != nil || id != k.ID {
		t.Errorf("KeyID = %q, %v; want %q", id, err, k.ID)
	}
	if got, err := shred.Open(k, sealed, "registration-1"); err != nil || string(got) != "anna@example.nl" {
		t.Errorf("Open = %q, %v", got, err)
	}
	for name, open := range map[string]func() ([]byte, error){
		"another context": func() ([]byte, error) { return shred.Open(k, sealed, "registration-2") },
		"another key": func() ([]byte, error) {
			return shred.Open(shred.Key{ID: k.ID, Secret: other.Secret}, sealed, "registration-1")
		},
		"changed":          func() ([]byte, error) { return shred.Open(k, sealed[:len(sealed)-2]+"AA", "registration-1") },
		"not a sealed one": func() ([]byte, error) { return shred.Open(k, "anna@example.nl", "registration-1") },
	} {
		if _, err := open(); !errors.Is(err, shred.ErrOpen) {
			t.Errorf("%s: %v, want ErrOpen", name, err)
		}
	}
}

// A consumer opens a value with the key read from the bus; once the key is
// shredded, no copy of the value opens anywhere.
func TestShreddedKeyOpensNothing(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	if _, err := messaging.EnsureStream(ctx, js, "registrations", 1); err != nil {
		t.Fatal(err)
	}
	entry, _ := seal.NewKey("k1")
	ring, err := seal.Parse(entry)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := shred.NewKey()
	msg := shred.KeyMessage("registrations", k, ring)
	if bytes.Contains(msg.Payload, k.Secret) {
		t.Fatal("the key is on the bus in clear")
	}
	// Published twice, as a republished key is.
	for range 2 {
		if _, err := js.Publish(ctx, msg.Subject, msg.Payload); err != nil {
			t.Fatal(err)
		}
	}
	sealed, _ := shred.Seal(k, []byte("Anna de Wit"), "r1")
	opener := shred.NewOpener(js, "registrations", ring)
	if got, err := opener.Open(ctx, sealed, "r1"); err != nil || string(got) != "Anna de Wit" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := shred.NewOpener(js, "registrations", nil).Open(ctx, sealed, "r1"); err == nil {
		t.Error("a sealed key opened without the seal key")
	}
	n, err := shred.Shred(ctx, js, "registrations", k.ID)
	if err != nil || n != 2 {
		t.Fatalf("Shred = %d, %v; want both messages", n, err)
	}
	if _, err := opener.Open(ctx, sealed, "r1"); !errors.Is(err, shred.ErrShredded) {
		t.Errorf("Open after shredding: %v, want ErrShredded", err)
	}
	if n, err := shred.Shred(ctx, js, "registrations", k.ID); err != nil || n != 0 {
		t.Errorf("Shred again = %d, %v", n, err)
	}
}
