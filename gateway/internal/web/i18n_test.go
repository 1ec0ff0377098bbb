package web

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

// messageIDs lists the ids in a language's catalog files: nested tables
// join their names with dots, a table with an "other" form is one plural
// message. An id in two files of the language fails the test.
func messageIDs(t *testing.T, lang string) map[string]bool {
	t.Helper()
	names, err := catalogFiles(lang)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, name := range names {
		for id := range fileMessageIDs(t, name) {
			if ids[id] {
				t.Errorf("%s: %s is in another %s catalog file too", name, id, lang)
			}
			ids[id] = true
		}
	}
	return ids
}

func fileMessageIDs(t *testing.T, name string) map[string]bool {
	t.Helper()
	raw, err := fs.ReadFile(localeFS, name)
	if err != nil {
		t.Fatal(err)
	}
	var tree map[string]any
	if err := toml.Unmarshal(raw, &tree); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	ids := map[string]bool{}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			sub, ok := v.(map[string]any)
			if !ok {
				ids[prefix+k] = true
				continue
			}
			if _, plural := sub["other"]; plural {
				ids[prefix+k] = true
				continue
			}
			walk(prefix+k+".", sub)
		}
	}
	walk("", tree)
	return ids
}

func TestEveryMessageInBothLanguages(t *testing.T) {
	t.Parallel()
	nl, en := messageIDs(t, "nl"), messageIDs(t, "en")
	for id := range nl {
		if !en[id] {
			t.Errorf("%s is in the Dutch catalog, not in the English one", id)
		}
	}
	for id := range en {
		if !nl[id] {
			t.Errorf("%s is in the English catalog, not in the Dutch one", id)
		}
	}
	if len(nl) < 100 {
		t.Errorf("only %d messages read; is the catalog parsed right?", len(nl))
	}
}

// usedID finds message ids in templates ({{.L.T "id"}}, {{$l.N "id" ...}})
// and in Go code (l.T("id")).
var usedID = regexp.MustCompile(`\.(?:T|N)[ (]"([a-zA-Z0-9.]*[a-zA-Z0-9])"`)

// TestEveryUsedMessageExists: a template or handler that asks for a
// message the catalogs lack would show its id to visitors.
func TestEveryUsedMessageExists(t *testing.T) {
	t.Parallel()
	ids := messageIDs(t, "nl")
	var files []string
	for _, pattern := range []string{"templates/*.html", "*.go"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	used := map[string]bool{}
	for _, name := range files {
		if filepath.Ext(name) == ".go" && regexp.MustCompile(`_test\.go$`).MatchString(name) {
			continue
		}
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range usedID.FindAllStringSubmatch(string(raw), -1) {
			used[m[1]] = true
			if !ids[m[1]] {
				t.Errorf("%s uses message %s, which the catalogs lack", name, m[1])
			}
		}
	}
	// Messages reached through a computed id.
	for _, prefix := range []string{"error.notFound", "error.eventNotFound", "error.linkInvalid", "error.unavailable",
		"error.forbidden", "error.expired", "error.tooLarge", "error.badRequest"} {
		for _, part := range []string{".title", ".text"} {
			if !ids[prefix+part] {
				t.Errorf("error page message %s%s missing", prefix, part)
			}
		}
	}
	if len(used) < 50 {
		t.Errorf("found only %d used ids: %v", len(used), slices.Sorted(maps.Keys(used)))
	}
}

func TestDatesInAmsterdamInBothLanguages(t *testing.T) {
	t.Parallel()
	c, err := newCatalog()
	if err != nil {
		t.Fatal(err)
	}
	nl, en := c.langs["nl"], c.langs["en"]
	for _, tc := range []struct {
		start, end time.Time
		nl, en     string
	}{
		// Summer time: UTC+2.
		{time.Date(2026, 7, 2, 7, 30, 0, 0, time.UTC), time.Date(2026, 7, 2, 9, 0, 0, 0, time.UTC),
			"donderdag 2 juli 2026, 09:30–11:00 uur", "Thursday 2 July 2026, 09:30–11:00"},
		// The night summer time ends: 00:30 UTC is 02:30 CEST, 01:30 UTC is 02:30 CET.
		{time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC),
			"zondag 25 oktober 2026, 02:30–02:30 uur", "Sunday 25 October 2026, 02:30–02:30"},
		// Across midnight in Amsterdam, not in UTC.
		{time.Date(2026, 12, 31, 21, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC),
			"donderdag 31 december 2026 22:00 uur tot vrijdag 1 januari 2027 00:30 uur",
			"Thursday 31 December 2026 22:00 to Friday 1 January 2027 00:30"},
	} {
		if got := nl.Span(tc.start, tc.end); got != tc.nl {
			t.Errorf("nl %q, want %q", got, tc.nl)
		}
		if got := en.Span(tc.start, tc.end); got != tc.en {
			t.Errorf("en %q, want %q", got, tc.en)
		}
	}
	if got := nl.N("seats.free", 1); got != "Nog 1 plaats vrij" {
		t.Errorf("singular %q", got)
	}
	if got := en.N("seats.free", 0); got != "0 seats left" {
		t.Errorf("plural %q", got)
	}
	if got := en.LanguageName("tlh"); got != "tlh" {
		t.Errorf("unknown language %q", got)
	}
}
