package cli_test

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"plein.dev/platform/cli"
	"plein.dev/platform/config"
)

func TestDebugAddrOnLoopbackOnly(t *testing.T) {
	var (
		stderr bytes.Buffer
		common config.Common
		ran    bool
	)
	code := cli.Main("svc", []string{"-debug-addr", "0.0.0.0:6060"}, &stderr, nil, &common,
		func(*config.FlagSet) {}, func(context.Context, *slog.Logger) error { ran = true; return nil })
	if code != 2 || ran || !strings.Contains(stderr.String(), "PLEIN_DEBUG_ADDR") || !strings.Contains(stderr.String(), "loopback") {
		t.Errorf("non-loopback debug address: exit %d, ran %v, stderr %q", code, ran, stderr.String())
	}
}

func TestDebugAddrServesProfiles(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := "127.0.0.1:" + strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	var common config.Common
	code := cli.Main("svc", []string{"-debug-addr", addr}, &bytes.Buffer{}, nil, &common,
		func(*config.FlagSet) {}, func(context.Context, *slog.Logger) error {
			resp, err := (&http.Client{Timeout: 10 * time.Second}).Get("http://" + addr + "/debug/pprof/")
			if err != nil {
				return err
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("pprof index: %d", resp.StatusCode)
			}
			return nil
		})
	if code != 0 {
		t.Errorf("exit %d", code)
	}
}
