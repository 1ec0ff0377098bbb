package domain_test

import (
	"errors"
	"strings"
	"testing"

	"plein.dev/platform/rule"
	"plein.dev/registrations/internal/domain"
)

// field returns the field of a rule error refusing with 422, or fails.
func field(t *testing.T, err error) string {
	t.Helper()
	var re *rule.Error
	if !errors.As(err, &re) || re.Kind != rule.Unmet {
		t.Fatalf("%v, want a broken rule", err)
	}
	return re.Field()
}

func TestNormaliseEmail(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		" Anna@x.nl ":    "Anna@x.nl",
		"\tanna@x.nl\n":  "anna@x.nl",
		"a.b+c@sub.x.nl": "a.b+c@sub.x.nl",
	} {
		got, err := domain.NormaliseEmail(in)
		if err != nil || got != want {
			t.Errorf("NormaliseEmail(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", " ", "anna", "@x.nl", "Anna <anna@x.nl>", "a@x.nl, b@x.nl", "a b@x.nl"} {
		_, err := domain.NormaliseEmail(bad)
		if f := field(t, err); f != "email" {
			t.Errorf("NormaliseEmail(%q): field %q, want email", bad, f)
		}
	}
	if domain.EmailKey(" Anna@X.nl ") != domain.EmailKey("anna@x.nl") {
		t.Error("e-mail keys differ by case or space")
	}
}

func TestTokenHasEnoughEntropy(t *testing.T) {
	t.Parallel()
	tok, hash, err := domain.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	// 43 base64url characters carry 256 bits; the issue asks for >= 128.
	if len(tok) < 22 || strings.Contains(string(hash), tok) || !domain.TokenMatches(hash, tok) || domain.TokenMatches(hash, tok+"x") {
		t.Fatalf("token %q", tok)
	}
	if domain.TokenMatches(hash, "") || domain.TokenMatches(nil, tok) {
		t.Error("an empty token or hash matches")
	}
}

func FuzzNormaliseEmail(f *testing.F) {
	f.Add(" anna@x.nl ")
	f.Add("Anna <anna@x.nl>")
	f.Fuzz(func(t *testing.T, s string) {
		e, err := domain.NormaliseEmail(s)
		if err != nil {
			return
		}
		if strings.TrimSpace(e) != e || !strings.Contains(e, "@") {
			t.Fatalf("accepted %q as %q", s, e)
		}
	})
}
