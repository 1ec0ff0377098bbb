package seal

import (
	"errors"
	"strings"
	"testing"
)

func ring(t *testing.T, ids ...string) (*Keyring, []string) {
	t.Helper()
	var entries []string
	for _, id := range ids {
		e, err := NewKey(id)
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	k, err := Parse(strings.Join(entries, ","))
	if err != nil {
		t.Fatal(err)
	}
	return k, entries
}

func TestSealOpen(t *testing.T) {
	t.Parallel()
	k, _ := ring(t, "k1")
	sealed := k.Seal("manage-token-123", "reg-1")
	if strings.Contains(sealed, "manage-token-123") {
		t.Fatal("the secret shows through")
	}
	if got, err := k.Open(sealed, "reg-1"); err != nil || got != "manage-token-123" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if a, b := k.Seal("x", "c"), k.Seal("x", "c"); a == b {
		t.Error("two seals of one secret are equal: the nonce is not random")
	}
	// Another context, a changed byte, another key: none opens.
	if _, err := k.Open(sealed, "reg-2"); !errors.Is(err, ErrOpen) {
		t.Errorf("opened in another context: %v", err)
	}
	flipped := []byte(sealed)
	flipped[len(flipped)-3] ^= 1
	if _, err := k.Open(string(flipped), "reg-1"); !errors.Is(err, ErrOpen) {
		t.Errorf("opened a changed value: %v", err)
	}
	other, _ := ring(t, "k1")
	if _, err := other.Open(sealed, "reg-1"); !errors.Is(err, ErrOpen) {
		t.Errorf("opened with a different key of the same id: %v", err)
	}
	for _, bad := range []string{"", "s1.k1", "s2.k1.AAAA", "s1.k9.AAAA", "s1.k1.!!"} {
		if _, err := k.Open(bad, "reg-1"); !errors.Is(err, ErrOpen) {
			t.Errorf("Open(%q) err = %v", bad, err)
		}
	}
}

func TestRotation(t *testing.T) {
	t.Parallel()
	old, oldEntries := ring(t, "old")
	sealedOld := old.Seal("t", "r")
	fresh, _ := NewKey("new")
	rotated, err := Parse(fresh + "," + oldEntries[0])
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rotated.Open(sealedOld, "r"); err != nil || got != "t" {
		t.Errorf("old value after rotation: %q, %v", got, err)
	}
	if s := rotated.Seal("t", "r"); !strings.HasPrefix(s, "s1.new.") {
		t.Errorf("rotated ring seals with %q", s)
	}
}

func TestParseRefuses(t *testing.T) {
	t.Parallel()
	good, _ := NewKey("a")
	for _, bad := range []string{"", "nokey", "a:short", "bad id:" + strings.SplitN(good, ":", 2)[1], good + "," + good} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		} else if strings.Contains(err.Error(), strings.SplitN(good, ":", 2)[1]) {
			t.Errorf("error shows the key: %v", err)
		}
	}
}
