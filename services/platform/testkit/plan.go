package testkit

import (
	"testing"

	"plein.dev/platform/sqlite"
)

// QueryPlan returns the detail lines of EXPLAIN QUERY PLAN of query on a
// reader of db, for tests that a query reads through its index
// ("SEARCH … USING INDEX …") instead of scanning a table.
func QueryPlan(t testing.TB, db *sqlite.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.R.Query(`EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
