package manifests_test

import (
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// TestOperationsGuideExplainsEveryAlert: docs/operations.md has a section
// for each alert of deploy/monitoring/alerts.yml, so an alert added there
// without saying what it means and what to do fails here.
func TestOperationsGuideExplainsEveryAlert(t *testing.T) {
	var rules struct {
		Groups []struct {
			Rules []struct {
				Alert string `json:"alert"`
			} `json:"rules"`
		} `json:"groups"`
	}
	if err := yaml.Unmarshal([]byte(readFile(t, "../monitoring/alerts.yml")), &rules); err != nil {
		t.Fatal(err)
	}
	guide := readFile(t, "../../docs/operations.md")
	n := 0
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			if r.Alert == "" {
				continue // a recording rule
			}
			n++
			if !strings.Contains(guide, "\n### `"+r.Alert+"`") {
				t.Errorf("docs/operations.md has no section \"### `%s`\"", r.Alert)
			}
		}
	}
	if n == 0 {
		t.Error("no alerts read from deploy/monitoring/alerts.yml")
	}
}
