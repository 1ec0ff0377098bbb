package csvout

import "testing"

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
