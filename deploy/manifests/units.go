package manifests

import (
	"bufio"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
)

// Unit is a systemd unit file: section -> key -> its values, in order (a
// key may be given more than once).
type Unit map[string]map[string][]string

// ParseUnit reads a unit file: [Section] headers, Key=Value lines,
// comments (# or ;) and blank lines, and lines continued with a
// trailing backslash.
func ParseUnit(r io.Reader) (Unit, error) {
	u := Unit{}
	section := ""
	sc := bufio.NewScanner(r)
	n, pending := 0, ""
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if pending != "" {
			line, pending = pending+" "+line, ""
		}
		if strings.HasSuffix(line, `\`) {
			pending = strings.TrimSuffix(line, `\`)
			continue
		}
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[' && line[len(line)-1] == ']':
			section = line[1 : len(line)-1]
			if u[section] == nil {
				u[section] = map[string][]string{}
			}
		default:
			key, value, ok := strings.Cut(line, "=")
			if !ok || section == "" {
				return nil, fmt.Errorf("line %d: %q is neither a section nor Key=Value in one", n, line)
			}
			u[section][key] = append(u[section][key], value)
		}
	}
	if pending != "" {
		return nil, fmt.Errorf("line %d: continued line at the end", n)
	}
	return u, sc.Err()
}

// Get returns the last value of key in section ("" when unset).
func (u Unit) Get(section, key string) string {
	vs := u[section][key]
	if len(vs) == 0 {
		return ""
	}
	return vs[len(vs)-1]
}

// Hardening is what every Plein unit must say in [Service]: who runs it
// and what it may touch. Empty means "set, to empty" (CapabilityBoundingSet=
// drops every capability).
var Hardening = map[string]string{
	"DynamicUser":             "yes",
	"ProtectSystem":           "strict",
	"ProtectHome":             "yes",
	"PrivateTmp":              "yes",
	"PrivateDevices":          "yes",
	"NoNewPrivileges":         "yes",
	"CapabilityBoundingSet":   "",
	"RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
	"RestrictNamespaces":      "yes",
	"RestrictSUIDSGID":        "yes",
	"LockPersonality":         "yes",
	"MemoryDenyWriteExecute":  "yes",
	"ProtectKernelTunables":   "yes",
	"ProtectKernelModules":    "yes",
	"ProtectControlGroups":    "yes",
	"SystemCallArchitectures": "native",
	"UMask":                   "0077",
	"Restart":                 "on-failure",
}

// ExecStart splits the unit's ExecStart into the program and its
// arguments (Plein's units quote nothing).
func (u Unit) ExecStart() (string, []string) {
	f := strings.Fields(u.Get("Service", "ExecStart"))
	if len(f) == 0 {
		return "", nil
	}
	return f[0], f[1:]
}

// Environment returns the variables the unit's Environment= lines set.
func (u Unit) Environment() map[string]string {
	env := map[string]string{}
	for _, line := range u["Service"]["Environment"] {
		for _, kv := range strings.Fields(line) {
			k, v, _ := strings.Cut(kv, "=")
			env[k] = v
		}
	}
	return env
}

// CheckHardening checks the hardening keys of a unit, that it may restart
// and be enabled, and that its EnvironmentFile is under /etc/plein and
// may be missing.
func CheckHardening(name string, u Unit) []error {
	var errs []error
	errorf := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
	}
	for key, want := range Hardening {
		vs, ok := u["Service"][key]
		if !ok {
			errorf("[Service] %s= is missing (want %q)", key, want)
			continue
		}
		if got := vs[len(vs)-1]; got != want {
			errorf("[Service] %s=%s, want %q", key, got, want)
		}
	}
	if !slices.Contains(u["Service"]["SystemCallFilter"], "@system-service") {
		errorf("[Service] SystemCallFilter=@system-service is missing")
	}
	if ef := u.Get("Service", "EnvironmentFile"); !strings.HasPrefix(ef, "-/etc/plein/") {
		errorf("[Service] EnvironmentFile=%q: want an optional file under /etc/plein (-/etc/plein/...)", ef)
	}
	if u.Get("Install", "WantedBy") == "" {
		errorf("[Install] WantedBy= is missing")
	}
	return errs
}

// CheckUnit checks a unit that runs one of Plein's binaries: its
// hardening (CheckHardening); StateDirectory= holding the data directory
// and the backup directory ExecStart names (under ProtectSystem=strict
// nothing else is writable); and, with settings, that the binary has the
// flags and variables the unit gives it.
func CheckUnit(name string, u Unit, settings map[string]Settings) []error {
	errs := CheckHardening(name, u)
	errorf := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
	}
	prog, args := u.ExecStart()
	binary := strings.TrimPrefix(path.Base(prog), "plein-")
	if !slices.Contains(Binaries, binary) {
		errorf("ExecStart %s is none of Plein's binaries %v", prog, Binaries)
		return errs
	}
	flags := map[string]string{}
	for i := 0; i < len(args); i++ {
		f, ok := strings.CutPrefix(args[i], "-")
		if !ok {
			errorf("ExecStart argument %q is not a flag", args[i])
			continue
		}
		f = strings.TrimPrefix(f, "-")
		if k, v, ok := strings.Cut(f, "="); ok {
			flags[k] = v
		} else if i+1 < len(args) {
			flags[f] = args[i+1]
			i++
		}
	}
	states := strings.Fields(u.Get("Service", "StateDirectory"))
	writable := func(dir string) bool {
		return slices.ContainsFunc(states, func(s string) bool { return "/var/lib/"+s == dir })
	}
	if dataDir := flags["data-dir"]; !writable(dataDir) {
		errorf("-data-dir %q is not one of the StateDirectory= %v (under /var/lib)", dataDir, states)
	}
	// A service keeps its copies in <backup-dir>/<name>; the all-in-one
	// one folder for each of its parts.
	if dir := flags["backup-dir"]; dir != "" && !writable(dir) && !writable(dir+"/"+binary) {
		errorf("-backup-dir %q: neither it nor %s/%s is a StateDirectory= %v", dir, dir, binary, states)
	}
	if settings == nil {
		return errs
	}
	s := settings[binary]
	for f := range flags {
		if _, ok := s.Flags[f]; !ok {
			errorf("ExecStart flag -%s is no flag of %s (%s -h)", f, binary, binary)
		}
	}
	for k := range u.Environment() {
		if !s.Env[k] {
			errorf("Environment %s is no setting of %s (%s -h)", k, binary, binary)
		}
	}
	return errs
}
