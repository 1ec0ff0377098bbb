package csvout

import (
	"net/http/httptest"
	"testing"
)

func TestCell(t *testing.T) {
	cases := map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+31 10 123 4567":          "'+31 10 123 4567",
		"-2":                       "'-2",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\tcmd":                    "'\tcmd",
		"\rcmd":                    "'\rcmd",
		"Anna de Vries":            "Anna de Vries",
		"a=b":                      "a=b",
		"":                         "",
	}
	for in, want := range cases {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
	row := Cells([]string{"=1", "ok"})
	if row[0] != "'=1" || row[1] != "ok" {
		t.Errorf("Cells = %q", row)
	}
}

func TestWanted(t *testing.T) {
	for _, tc := range []struct {
		target, accept string
		want           bool
	}{
		{"/x", "text/csv", true},
		{"/x", "application/json, text/csv;q=0.5", true},
		{"/x?format=csv", "", true},
		{"/x", "", false},
		{"/x?format=json", "application/json", false},
	} {
		r := httptest.NewRequest("GET", tc.target, nil)
		if tc.accept != "" {
			r.Header.Set("Accept", tc.accept)
		}
		if got := Wanted(r); got != tc.want {
			t.Errorf("%s Accept %q: %v", tc.target, tc.accept, got)
		}
	}
}
