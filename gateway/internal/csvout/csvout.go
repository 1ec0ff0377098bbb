// Package csvout holds what every CSV export of the gateway shares: asked
// for with Accept: text/csv, written as RFC 4180 (CRLF) in UTF-8 with a byte
// order mark so spreadsheet programs read accents right, and with cells that
// a spreadsheet program would run as a formula made plain text.
package csvout

import (
	"encoding/csv"
	"io"
	"mime"
	"net/http"
	"strings"
)

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

// Wanted reports whether the request asks for CSV: its Accept header
// names text/csv, or, for a download link in a page (which cannot set a
// header), its query has format=csv.
func Wanted(r *http.Request) bool {
	if r.URL.Query().Get("format") == "csv" {
		return true
	}
	for _, v := range r.Header.Values("Accept") {
		for _, part := range strings.Split(v, ",") {
			mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err == nil && mt == "text/csv" {
				return true
			}
		}
	}
	return false
}

// Start sends the headers of a CSV download named filename.
func Start(w http.ResponseWriter, filename string) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8; header=present")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	w.WriteHeader(http.StatusOK)
}

// Writer writes neutralised rows.
type Writer struct{ cw *csv.Writer }

// NewWriter writes the byte order mark and returns a Writer on w.
func NewWriter(w io.Writer) (*Writer, error) {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &Writer{cw: cw}, nil
}

// Write writes one row, neutralising its cells.
func (w *Writer) Write(row []string) error { return w.cw.Write(Cells(row)) }

// Flush writes what is buffered and returns any error so far.
func (w *Writer) Flush() error {
	w.cw.Flush()
	return w.cw.Error()
}
