// Package csvout holds what every CSV export of the gateway shares: cells
// that a spreadsheet program would run as a formula are made plain text.
package csvout

import "strings"

// formulaStart lists the first characters that make a spreadsheet program
// read a cell as a formula (OWASP: CSV injection).
const formulaStart = "=+-@\t\r"

// Cell returns a cell a spreadsheet program shows as text: one starting with
// = + - @, a tab or a carriage return gets a leading apostrophe.
func Cell(s string) string {
	if s != "" && strings.ContainsRune(formulaStart, rune(s[0])) {
		return "'" + s
	}
	return s
}

// Cells neutralises a row in place and returns it.
func Cells(row []string) []string {
	for i, c := range row {
		row[i] = Cell(c)
	}
	return row
}
