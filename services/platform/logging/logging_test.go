package logging_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"plein.dev/platform/logging"
)

func TestNew(t *testing.T) {
	var buf bytes.Buffer
	log, err := logging.New(&buf, "", "warn", "events")
	if err != nil {
		t.Fatal(err)
	}
	log.Info("hidden")
	log.Warn("shown", "k", 1)
	// Not a terminal, so JSON.
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("want one JSON record, got %q: %v", buf.String(), err)
	}
	if rec["msg"] != "shown" || rec["service"] != "events" {
		t.Errorf("record = %v", rec)
	}

	buf.Reset()
	log, err = logging.New(&buf, "text", "", "x")
	if err != nil {
		t.Fatal(err)
	}
	log.Info("hi")
	if !strings.Contains(buf.String(), "service=x") {
		t.Errorf("text record = %q", buf.String())
	}

	if _, err := logging.New(&buf, "xml", "", "x"); err == nil {
		t.Error("format xml accepted")
	}
	if _, err := logging.New(&buf, "", "loud", "x"); err == nil {
		t.Error("level loud accepted")
	}
}
