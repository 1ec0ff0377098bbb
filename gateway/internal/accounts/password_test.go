package accounts

import (
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("Ondernemersplein 2026!")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not argon2id with our parameters", h)
	}
	if strings.Contains(h, "Ondernemersplein") {
		t.Fatal("hash contains the password")
	}
	for _, tc := range []struct {
		password string
		want     bool
	}{
		{"Ondernemersplein 2026!", true},
		{"ondernemersplein 2026!", false},
		{"", false},
	} {
		ok, err := CheckPassword(h, tc.password)
		if err != nil || ok != tc.want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", tc.password, ok, err, tc.want)
		}
	}
	h2, _ := HashPassword("Ondernemersplein 2026!")
	if h2 == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=18$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$x$AA$AA"} {
		if _, err := CheckPassword(bad, "x"); err == nil {
			t.Errorf("CheckPassword accepted hash %q", bad)
		}
	}
}
