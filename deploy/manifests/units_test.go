package manifests_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"plein.dev/manifests"
)

const systemdDir = "../systemd"

// units parses every unit of deploy/systemd.
func units(t *testing.T) map[string]manifests.Unit {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(systemdDir, "*.service"))
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]manifests.Unit{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		u, err := manifests.ParseUnit(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		all[filepath.Base(f)] = u
	}
	return all
}

// checkUnits checks the NATS unit's hardening and every Plein unit fully.
func checkUnits(t *testing.T, settings map[string]manifests.Settings) {
	all := units(t)
	for _, name := range []string{"plein.service", "plein-events.service", "plein-registrations.service",
		"plein-ambassadors.service", "plein-notifications.service", "plein-gateway.service", "nats-server.service"} {
		u, ok := all[name]
		if !ok {
			t.Errorf("no %s in deploy/systemd", name)
			continue
		}
		var errs []error
		if name == "nats-server.service" {
			errs = manifests.CheckHardening(name, u)
		} else {
			errs = manifests.CheckUnit(name, u, settings)
		}
		for _, err := range errs {
			t.Error(err)
		}
	}
}

func TestUnitsAreHardened(t *testing.T) { checkUnits(t, nil) }

// TestUnitsSettingsAreTheBinaries checks the flags of every ExecStart and
// the variables of every Environment= against the binary's -h.
func TestUnitsSettingsAreTheBinaries(t *testing.T) { checkUnits(t, settings(t)) }

// TestCheckUnitFindsFaults: the unit check can fail.
func TestCheckUnitFindsFaults(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(systemdDir, "plein-events.service"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := manifests.ParseUsage(fakeUsage)
	if err != nil {
		t.Fatal(err)
	}
	fake := map[string]manifests.Settings{"events": s}
	for _, tc := range []struct{ name, from, to, want string }{
		{"no DynamicUser", "DynamicUser=yes\n", "", "DynamicUser= is missing"},
		{"ProtectSystem full", "ProtectSystem=strict", "ProtectSystem=full", `ProtectSystem=full, want "strict"`},
		{"capabilities kept", "CapabilityBoundingSet=\n", "CapabilityBoundingSet=CAP_NET_ADMIN\n", "CapabilityBoundingSet=CAP_NET_ADMIN"},
		{"required EnvironmentFile", "EnvironmentFile=-/etc/plein/events.env", "EnvironmentFile=/etc/plein/events.env", "want an optional file"},
		{"data outside the state directory", "-data-dir /var/lib/plein/events", "-data-dir /srv/plein", `-data-dir "/srv/plein" is not one of the StateDirectory=`},
		{"backups outside the state directory", "plein-backups/events\n", "\n", `-backup-dir "/var/lib/plein-backups"`},
		{"unknown binary", "ExecStart=/usr/local/bin/plein-events", "ExecStart=/usr/local/bin/plein-event", "none of Plein's binaries"},
		{"unknown flag", "-data-dir ", "-datadir ", "ExecStart flag -datadir is no flag of events"},
		{"unknown variable", "PLEIN_EVENTS_ADDR=:7001", "PLEIN_EVENT_ADDR=:7001", "Environment PLEIN_EVENT_ADDR is no setting of events"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			broken := strings.Replace(string(data), tc.from, tc.to, 1)
			if broken == string(data) {
				t.Fatalf("%q is not in the unit", tc.from)
			}
			u, err := manifests.ParseUnit(strings.NewReader(broken))
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			for _, err := range manifests.CheckUnit("plein-events.service", u, fake) {
				msgs = append(msgs, err.Error())
			}
			if !strings.Contains(strings.Join(msgs, "\n"), tc.want) {
				t.Errorf("want an error with %q, got %q", tc.want, msgs)
			}
		})
	}
}

// TestSystemdAnalyzeVerify has systemd check the units, where
// systemd-analyze is installed: every key known, every value valid, every
// program there. The programs are the built binaries (PLEIN_BIN_DIR) or,
// without them, empty stand-ins at the paths the units name, moved to a
// temporary folder. systemd-analyze warns about an unknown key but exits
// 0, so any output fails the test.
func TestSystemdAnalyzeVerify(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	binDir := os.Getenv("PLEIN_BIN_DIR")
	for _, b := range manifests.Binaries {
		name := "plein-" + b
		if b == "plein" {
			name = b
		}
		if binDir != "" {
			abs, err := filepath.Abs(filepath.Join(binDir, b))
			if err != nil {
				t.Fatal(err)
			}
			err = os.Symlink(abs, filepath.Join(bin, name))
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		writeStub(t, filepath.Join(bin, name))
	}
	writeStub(t, filepath.Join(bin, "nats-server"))

	files, _ := filepath.Glob(filepath.Join(systemdDir, "*.service"))
	var units []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		unit := filepath.Join(dir, filepath.Base(f))
		if err := os.WriteFile(unit, bytes.ReplaceAll(data, []byte("/usr/local/bin/"), []byte(bin+"/")), 0o644); err != nil {
			t.Fatal(err)
		}
		units = append(units, unit)
	}
	verify := func(units ...string) (string, error) {
		out, err := exec.Command(analyze, append([]string{"verify", "--man=no"}, units...)...).CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	if out, err := verify(units...); err != nil || out != "" {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}

	// The test can fail: a key systemd does not know is reported.
	data, err := os.ReadFile(units[0])
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.service")
	if err := os.WriteFile(bad, bytes.Replace(data, []byte("[Service]\n"), []byte("[Service]\nProtectHomes=yes\n"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, _ := verify(bad); !strings.Contains(out, "ProtectHomes") {
		t.Errorf("systemd-analyze verify did not report an unknown key: %q", out)
	}
}

func writeStub(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
}
