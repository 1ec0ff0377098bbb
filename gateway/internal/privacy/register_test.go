package privacy_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"plein.dev/gateway/internal/privacy"
	"plein.dev/platform/testkit"
)

// services are the databases whose columns the register covers, by
// service name, with where their migrations are in the repository.
var services = map[string]string{
	"gateway":       "../../migrations",
	"events":        "../../../services/events/migrations",
	"registrations": "../../../services/registrations/migrations",
	"ambassadors":   "../../../services/ambassadors/migrations",
	"notifications": "../../../services/notifications/migrations",
}

// column is one column of a table of a service's database.
type column struct{ service, table, column string }

// columns applies each service's migrations (with the platform's, as the
// service does at start) to a fresh database and lists every column of
// every table.
func columns(t *testing.T) []column {
	t.Helper()
	var out []column
	for service, dir := range services {
		db := testkit.DB(t, sqlFiles(t, dir))
		var tables []string
		if err := db.R.Select(&tables, `SELECT name FROM sqlite_schema WHERE type = 'table'
			AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'goose_%' ORDER BY name`); err != nil {
			t.Fatal(err)
		}
		for _, table := range tables {
			var cols []string
			if err := db.R.Select(&cols, `SELECT name FROM pragma_table_info(?)`, table); err != nil {
				t.Fatal(err)
			}
			for _, c := range cols {
				out = append(out, column{service, table, c})
			}
		}
	}
	return out
}

// sqlFiles is the migrations folder dir as the service embeds it: its .sql
// files.
func sqlFiles(t *testing.T, dir string) fs.FS {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := fstest.MapFS{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = &fstest.MapFile{Data: b}
	}
	return out
}

// TestRegisterMatchesMigrations: every column of every service's schema
// whose name looks personal is in the register (or, with the reason, in
// NotPersonal), and every field the register names exists. (A NotPersonal
// entry may come before its migration: it registers nothing.)
func TestRegisterMatchesMigrations(t *testing.T) {
	have := map[string]bool{}
	for _, c := range columns(t) {
		key := c.service + "." + c.table + "." + c.column
		have[key] = true
		if !privacy.LooksPersonal(c.column) {
			continue
		}
		if _, ok := privacy.NotPersonal[key]; ok {
			continue
		}
		if !registered(key) {
			t.Errorf("%s looks personal and is not in the processing register (gateway/internal/privacy/register.go): add it to Fields, or to NotPersonal with the reason", key)
		}
	}
	for _, f := range privacy.Fields {
		key := f.Service + "." + f.Table + "." + f.Column
		if !have[key] {
			t.Errorf("the register names %s, which no migration makes", key)
		}
		if f.Purpose == "" || f.Retention == "" || f.LegalBasis == "" {
			t.Errorf("%s: purpose, retention and legal basis are all needed", key)
		}
	}
}

func registered(key string) bool {
	for _, f := range privacy.Fields {
		if f.Service+"."+f.Table+"."+f.Column == key {
			return true
		}
	}
	return false
}

func TestLooksPersonal(t *testing.T) {
	for col, want := range map[string]bool{"email": true, "email_key": true, "envelope_to": true, "phone_number": true,
		"home_address": true, "status": false, "event_id": false, "title": false, "username": false,
		"message_id": false, "owner_organisation_ids": false} {
		if got := privacy.LooksPersonal(col); got != want {
			t.Errorf("LooksPersonal(%q) = %v, want %v", col, got, want)
		}
	}
}

func TestOfFillsInTheRetention(t *testing.T) {
	r := privacy.Of(30)
	var found bool
	for _, f := range r.Fields {
		if strings.Contains(f.Retention, "{days}") {
			t.Fatalf("%s.%s: %q", f.Table, f.Column, f.Retention)
		}
		found = found || strings.Contains(f.Retention, "until 30 days after the event ended")
	}
	if !found || len(r.Files) == 0 {
		t.Errorf("no field kept 30 days after the event, or no files: %+v", r)
	}
}

// Every personal column of an idea — the organisation too, a sole trader's
// trade name being often their own — is anonymised after the retention
// period, counted for an idea never decided from its submission.
func TestIdeaColumnsAreAnonymisedDecidedOrNot(t *testing.T) {
	r := privacy.Of(30)
	n := 0
	for _, f := range r.Fields {
		if f.Service != "ambassadors" || f.Table != "ideas" {
			continue
		}
		n++
		if !strings.Contains(f.Retention, "until 30 days after the idea was decided, or after it was submitted if it was never decided") ||
			!strings.Contains(f.Retention, "at once on erasure") {
			t.Errorf("ideas.%s: %q", f.Column, f.Retention)
		}
	}
	if n != 4 {
		t.Errorf("%d idea columns registered, want name, email, kvk_number and organisation", n)
	}
}
