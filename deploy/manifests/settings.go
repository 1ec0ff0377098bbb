package manifests

import (
	"bufio"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// Binaries are the programs scripts/build makes, each of which the
// deployment files may run.
var Binaries = []string{"plein", "events", "registrations", "ambassadors", "notifications", "gateway"}

// Settings are what one binary accepts: its flags, each with the
// environment variable that sets it (if any).
type Settings struct {
	Flags map[string]string // flag name (without "-") -> environment variable
	Env   map[string]bool
}

var (
	usageFlag = regexp.MustCompile(`^  -([a-z0-9-]+) `)
	usageEnv  = regexp.MustCompile(`\(env ([A-Z0-9_]+), default`)
)

// ParseUsage reads the settings from a binary's -h output (package
// platform/config's format: "  -name kind" and then the help line ending
// in "(env NAME, default ...)").
func ParseUsage(out string) (Settings, error) {
	s := Settings{Flags: map[string]string{}, Env: map[string]bool{}}
	last := ""
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if m := usageFlag.FindStringSubmatch(line); m != nil {
			last = m[1]
			s.Flags[last] = ""
			continue
		}
		if m := usageEnv.FindStringSubmatch(line); m != nil && last != "" {
			s.Flags[last] = m[1]
			s.Env[m[1]] = true
		}
	}
	if len(s.Flags) == 0 {
		return s, fmt.Errorf("no flags in the usage text %q", out)
	}
	return s, nil
}

// ReadSettings runs every binary in binDir with -h and reads its settings.
func ReadSettings(binDir string) (map[string]Settings, error) {
	all := map[string]Settings{}
	for _, b := range Binaries {
		// -h writes the usage to stderr and exits 0.
		out, err := exec.Command(filepath.Join(binDir, b), "-h").CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("%s -h: %w: %s", b, err, out)
		}
		s, err := ParseUsage(string(out))
		if err != nil {
			return nil, fmt.Errorf("%s -h: %w", b, err)
		}
		all[b] = s
	}
	return all, nil
}
