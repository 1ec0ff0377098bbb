package manifests_test

import (
	"os"
	"strings"
	"testing"

	"plein.dev/manifests"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestDockerfile: the image build copies every module of go.work and
// builds every binary of scripts/build, statically with cgo, for a
// non-root user. (Docker itself is not needed: scripts/test builds no
// image.)
func TestDockerfile(t *testing.T) {
	dockerfile := readFile(t, "../container/Dockerfile")
	gowork := readFile(t, "../../go.work")
	build := readFile(t, "../../scripts/build")
	if n := len(manifests.WorkspaceModules(gowork)); n < 9 {
		t.Errorf("go.work: %d modules read", n)
	}
	if n := len(manifests.BuildBinaries(build)); n != len(manifests.Binaries) {
		t.Errorf("scripts/build: %d binaries read, want %d", n, len(manifests.Binaries))
	}
	for _, err := range manifests.CheckDockerfile(dockerfile, gowork, build) {
		t.Error(err)
	}

	for _, tc := range []struct{ name, dockerfile, gowork, want string }{
		{"module not copied", strings.Replace(dockerfile, "COPY gateway/go.mod gateway/go.sum gateway/\n", "", 1), gowork,
			`module gateway: no "COPY gateway/go.mod`},
		{"new module", dockerfile, strings.Replace(gowork, "\t./gateway\n", "\t./gateway\n\t./services/billing\n", 1),
			"module services/billing"},
		{"cgo off", strings.Replace(dockerfile, "CGO_ENABLED=1", "CGO_ENABLED=0", 1), gowork, "the SQLite driver needs cgo"},
		{"root", strings.Replace(dockerfile, "USER 65532:65532\n", "", 1), gowork, `no "\nUSER 65532:65532\n"`},
		{"binary missing", strings.Replace(dockerfile, "events:services/events/cmd/events", "", 1), gowork,
			"builds events:services/events/cmd/events; the image does not"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var msgs []string
			for _, err := range manifests.CheckDockerfile(tc.dockerfile, tc.gowork, build) {
				msgs = append(msgs, err.Error())
			}
			if !strings.Contains(strings.Join(msgs, "\n"), tc.want) {
				t.Errorf("want an error with %q, got %q", tc.want, msgs)
			}
		})
	}
}
