package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters: OWASP's minimum recommendation (19 MiB, 2 passes, 1
// lane), which keeps a sign-in near 30 ms on the target machine.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

var errBadHash = errors.New("unrecognised password hash")

// ErrBusy means that too many passwords were being hashed at once to take
// this one within hashWait; the caller may try again shortly.
var ErrBusy = errors.New("too many passwords being checked at once")

// hashGate bounds how many argon2 hashes run at once, each holding 19 MiB:
// a flood of sign-ins (or password links) waits in line for a moment, and
// past that is refused with ErrBusy, instead of taking the process's
// memory. A hash runs on one core, so more at once than cores only waits.
type hashGate struct {
	slots chan struct{}
	wait  time.Duration
}

func newHashGate(n int, wait time.Duration) *hashGate {
	return &hashGate{slots: make(chan struct{}, n), wait: wait}
}

// run runs hash once a slot is free, or answers ErrBusy after the wait.
func (g *hashGate) run(hash func()) error {
	select {
	case g.slots <- struct{}{}:
	default:
		t := time.NewTimer(g.wait)
		defer t.Stop()
		select {
		case g.slots <- struct{}{}:
		case <-t.C:
			return ErrBusy
		}
	}
	defer func() { <-g.slots }()
	hash()
	return nil
}

// hashWait is how long a hash waits in line for a slot. Waiting holds no
// hash memory, so it may be long enough for a burst of sign-ins on a busy
// machine (a hash takes about a second on a loaded core, and longer under
// the race detector) to be served rather than refused.
const hashWait = 5 * time.Second

// argonGate is the process's one gate: the memory it guards is the
// process's, shared by every Store in it. At most max(4, cores) hashes,
// 76 MiB on a small machine.
var argonGate = newHashGate(max(4, runtime.GOMAXPROCS(0)), hashWait)

// HashPassword returns the PHC-formatted argon2id hash of a password.
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	var key []byte
	if err := argonGate.run(func() {
		key = argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	}); err != nil {
		return "", err
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime,
		argonThreads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches a hash made by
// HashPassword, comparing in constant time. Both answer ErrBusy when too
// many hashes are under way (hashGate).
func CheckPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var memory, iterations uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &iterations, &threads); err != nil {
		return false, errBadHash
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := enc.DecodeString(parts[5])
	if err != nil {
		return false, errBadHash
	}
	var got []byte
	if err := argonGate.run(func() {
		got = argon2.IDKey([]byte(password), salt, iterations, memory, threads, uint32(len(want)))
	}); err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
