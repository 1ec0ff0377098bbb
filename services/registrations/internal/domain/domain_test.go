package domain_test

import (
	"strings"
	"testing"

	"plein.dev/registrations/internal/domain"
)

func TestNormaliseEmail(t *testing.T) {
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
		if _, err := domain.NormaliseEmail(bad); err == nil {
			t.Errorf("NormaliseEmail(%q) accepted", bad)
		}
	}
	if domain.EmailKey(" Anna@X.nl ") != domain.EmailKey("anna@x.nl") {
		t.Error("e-mail keys differ by case or space")
	}
}

func TestCheckInCode(t *testing.T) {
	seen := map[string]bool{}
	for range 2000 {
		c, err := domain.NewCheckInCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != domain.CheckInCodeLength || strings.ContainsAny(c, "01OIL") {
			t.Fatalf("code %q", c)
		}
		if seen[c] {
			t.Fatalf("code %q twice in 2000", c)
		}
		seen[c] = true
	}
	if got := domain.NormaliseCheckInCode(" abcd-2345 "); got != "ABCD2345" {
		t.Errorf("normalised %q", got)
	}
}

func TestTokenHasEnoughEntropy(t *testing.T) {
	tok, hash, err := domain.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	// 43 base64url characters carry 256 bits; the issue asks for >= 128.
	if len(tok) < 22 || strings.Contains(string(hash), tok) || !domain.TokenMatches(hash, tok) || domain.TokenMatches(hash, tok+"x") {
		t.Fatalf("token %q", tok)
	}
}

func FuzzCheckAnswers(f *testing.F) {
	qs := []domain.Question{
		{ID: "a", Kind: domain.KindSingleChoice, Options: []string{"x", "y"}, Required: true},
		{ID: "b", Kind: domain.KindMultipleChoice, Options: []string{"x", "y"}},
		{ID: "c", Kind: domain.KindYesNo},
		{ID: "d", Kind: domain.KindText},
	}
	f.Add("a", "x", "d", "hello")
	f.Add("b", "y", "c", "yes")
	f.Fuzz(func(t *testing.T, q1, v1, q2, v2 string) {
		out, err := domain.CheckAnswers(qs, []domain.Answer{{QuestionID: q1, Values: []string{v1}}, {QuestionID: q2, Values: []string{v2}}})
		if err != nil {
			return
		}
		// What is accepted answers the required question with an option.
		found := false
		for _, a := range out {
			if a.QuestionID == "a" {
				found = len(a.Values) == 1 && (a.Values[0] == "x" || a.Values[0] == "y")
			}
		}
		if !found {
			t.Fatalf("accepted %v", out)
		}
	})
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
