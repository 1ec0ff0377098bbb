package config_test

import (
	"bytes"
	"errors"
	"flag"
	"strings"
	"testing"
	"time"

	"plein.dev/platform/config"
)

type settings struct {
	name  string
	rate  int
	debug bool
	wait  time.Duration
}

func newSet(out *bytes.Buffer) (*config.FlagSet, *settings) {
	s := &settings{}
	f := config.New("test", out)
	f.String(&s.name, "name", "PLEIN_NAME", "def", "a name")
	f.Int(&s.rate, "rate", "PLEIN_RATE", 7, "a rate")
	f.Bool(&s.debug, "debug", "PLEIN_DEBUG", false, "debug mode")
	f.Duration(&s.wait, "wait", "PLEIN_WAIT", time.Second, "a wait")
	return f, s
}

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func TestPrecedence(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want settings
	}{
		{"defaults", nil, nil, settings{"def", 7, false, time.Second}},
		{"env over default", nil,
			map[string]string{"PLEIN_NAME": "e", "PLEIN_RATE": "3", "PLEIN_DEBUG": "true", "PLEIN_WAIT": "2m"},
			settings{"e", 3, true, 2 * time.Minute}},
		{"flag over env", []string{"-name=f", "-rate", "9", "-debug=false", "-wait=5s"},
			map[string]string{"PLEIN_NAME": "e", "PLEIN_RATE": "3", "PLEIN_DEBUG": "true", "PLEIN_WAIT": "2m"},
			settings{"f", 9, false, 5 * time.Second}},
		{"bool flag alone", []string{"-debug"}, nil, settings{"def", 7, true, time.Second}},
		{"empty env ignored", nil, map[string]string{"PLEIN_RATE": ""}, settings{"def", 7, false, time.Second}},
		{"flag wins over bad env", []string{"-rate=1"}, map[string]string{"PLEIN_RATE": "x"}, settings{"def", 1, false, time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, got := newSet(&bytes.Buffer{})
			if err := f.Parse(tt.args, env(tt.env)); err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if *got != tt.want {
				t.Errorf("got %+v, want %+v", *got, tt.want)
			}
		})
	}
}

func TestBadValues(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"env int", nil, map[string]string{"PLEIN_RATE": "abc"}, `PLEIN_RATE: invalid integer "abc"`},
		{"env bool", nil, map[string]string{"PLEIN_DEBUG": "maybe"}, `PLEIN_DEBUG: invalid boolean "maybe"`},
		{"env duration", nil, map[string]string{"PLEIN_WAIT": "5"}, `PLEIN_WAIT: invalid duration "5"`},
		{"flag int", []string{"-rate=abc"}, nil, `-rate`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := newSet(&bytes.Buffer{})
			err := f.Parse(tt.args, env(tt.env))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestHelpListsEnv(t *testing.T) {
	var out bytes.Buffer
	f, _ := newSet(&out)
	var c config.Common
	c.Register(f)
	err := f.Parse([]string{"-h"}, nil)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("Parse(-h) = %v, want flag.ErrHelp", err)
	}
	for _, want := range []string{
		"-rate int", "PLEIN_RATE", "default 7",
		"-data-dir string", "PLEIN_DATA_DIR", `default "./data"`,
		"PLEIN_NATS_URL", "PLEIN_LOG_FORMAT", "PLEIN_LOG_LEVEL", "PLEIN_NATS_REPLICAS", "PLEIN_DEBUG_ADDR",
		"-backup-dir string", "PLEIN_BACKUP_DIR", "PLEIN_BACKUP_EVERY", "default 1h0m0s", "PLEIN_BACKUP_KEEP", "default 24",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, out.String())
		}
	}
}

func TestCommonDefaults(t *testing.T) {
	f := config.New("test", &bytes.Buffer{})
	var c config.Common
	c.Register(f)
	if err := f.Parse(nil, env(map[string]string{"PLEIN_NATS_REPLICAS": "3", "PLEIN_DEBUG_ADDR": "127.0.0.1:6060",
		"PLEIN_BACKUP_DIR": "/var/backups/plein", "PLEIN_BACKUP_EVERY": "15m"})); err != nil {
		t.Fatal(err)
	}
	want := config.Common{DataDir: "./data", LogLevel: "info", NATSReplicas: 3, MaxDeliver: 10, DebugAddr: "127.0.0.1:6060",
		Backup: config.Backup{Dir: "/var/backups/plein", Every: 15 * time.Minute, Keep: 24}}
	if c != want {
		t.Errorf("got %+v, want %+v", c, want)
	}
}

func TestDuplicateRegistration(t *testing.T) {
	t.Run("same settings share the value", func(t *testing.T) {
		f := config.New("test", &bytes.Buffer{})
		var a, b config.Common
		a.Register(f)
		b.Register(f)
		if err := f.Parse([]string{"-data-dir=/x"}, nil); err != nil {
			t.Fatal(err)
		}
		if a.DataDir != "/x" || b.DataDir != "/x" {
			t.Errorf("DataDir = %q, %q; want both /x", a.DataDir, b.DataDir)
		}
	})
	t.Run("conflict is an error", func(t *testing.T) {
		f := config.New("test", &bytes.Buffer{})
		var s string
		var n int
		f.String(&s, "x", "PLEIN_X", "", "")
		f.Int(&n, "x", "PLEIN_X", 0, "")
		if err := f.Parse(nil, nil); err == nil || !strings.Contains(err.Error(), "-x") {
			t.Fatalf("Parse = %v, want error naming -x", err)
		}
	})
}
