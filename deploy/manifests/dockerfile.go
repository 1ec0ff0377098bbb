package manifests

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	workUse     = regexp.MustCompile(`(?m)^\s*\./(\S+)\s*$`)
	buildBinary = regexp.MustCompile(`"([a-z]+:[a-z/]+)"`)
)

// WorkspaceModules returns the module folders go.work uses (relative to
// the repository root), from its use block.
func WorkspaceModules(gowork string) []string {
	_, block, _ := strings.Cut(gowork, "use (")
	block, _, _ = strings.Cut(block, ")")
	var dirs []string
	for _, m := range workUse.FindAllStringSubmatch(block, -1) {
		dirs = append(dirs, m[1])
	}
	return dirs
}

// BuildBinaries returns the "name:package folder" entries of scripts/build.
func BuildBinaries(script string) []string {
	_, list, _ := strings.Cut(script, "BINARIES=(")
	list, _, _ = strings.Cut(list, ")")
	var out []string
	for _, m := range buildBinary.FindAllStringSubmatch(list, -1) {
		out = append(out, m[1])
	}
	return out
}

// CheckDockerfile checks deploy/container/Dockerfile against the
// workspace: it copies every module's go.mod and go.sum before
// downloading (go.work names them all, and go refuses a workspace with
// one missing), builds every binary scripts/build builds, statically with
// cgo on, and runs them as a non-root user with the data on a volume.
func CheckDockerfile(dockerfile, gowork, buildScript string) []error {
	var errs []error
	errorf := func(format string, args ...any) { errs = append(errs, fmt.Errorf("Dockerfile: "+format, args...)) }
	modules := WorkspaceModules(gowork)
	if len(modules) == 0 {
		errorf("go.work names no modules")
	}
	for _, dir := range modules {
		if want := fmt.Sprintf("COPY %[1]s/go.mod %[1]s/go.sum %[1]s/", dir); !strings.Contains(dockerfile, want) {
			errorf("module %s: no %q", dir, want)
		}
	}
	binaries := BuildBinaries(buildScript)
	if len(binaries) == 0 {
		errorf("scripts/build lists no binaries")
	}
	for _, b := range binaries {
		if !strings.Contains(dockerfile, b) {
			errorf("scripts/build builds %s; the image does not", b)
		}
	}
	for _, want := range []string{
		"-tags osusergo,netgo,sqlite_omit_load_extension",
		"-linkmode external -extldflags -static",
		"CGO_ENABLED=1",
		"\nUSER 65532:65532\n",
		"\nVOLUME /data\n",
		"PLEIN_DATA_DIR=/data",
		"\nEXPOSE 8080\n",
	} {
		if !strings.Contains(dockerfile, want) {
			errorf("no %q", want)
		}
	}
	if strings.Contains(dockerfile, "CGO_ENABLED=0") {
		errorf("CGO_ENABLED=0: the SQLite driver needs cgo")
	}
	froms := regexp.MustCompile(`(?m)^FROM (\S+)`).FindAllStringSubmatch(dockerfile, -1)
	if len(froms) < 2 {
		errorf("not a multi-stage build")
	} else if last := froms[len(froms)-1][1]; !strings.HasPrefix(last, "gcr.io/distroless/static") && last != "scratch" {
		errorf("final stage %s: want distroless/static or scratch", last)
	}
	return errs
}
