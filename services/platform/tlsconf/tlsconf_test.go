package tlsconf

import (
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"plein.dev/platform/config"
)

func certs(t *testing.T) config.TLS {
	t.Helper()
	dir := t.TempDir()
	if err := WriteDevCertificates(dir, []string{"127.0.0.1", "localhost"}, time.Hour); err != nil {
		t.Fatal(err)
	}
	return config.TLS{Cert: filepath.Join(dir, "plein.pem"), Key: filepath.Join(dir, "plein-key.pem"), CA: filepath.Join(dir, "ca.pem")}
}

// serve runs a health server with the given TLS settings and returns its
// address.
func serve(t *testing.T, c config.TLS) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	creds, err := Server(c, lis.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer(grpc.Creds(creds))
	healthpb.RegisterHealthServer(s, health.NewServer())
	go func() { _ = s.Serve(lis) }()
	t.Cleanup(s.Stop)
	return lis.Addr().String()
}

func check(t *testing.T, addr string, dial grpc.DialOption) error {
	t.Helper()
	conn, err := grpc.NewClient(addr, dial)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, err = healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
	return err
}

func TestMutualTLS(t *testing.T) {
	ours := certs(t)
	addr := serve(t, ours)

	creds, err := Client(ours, addr)
	if err != nil {
		t.Fatal(err)
	}
	if err := check(t, addr, grpc.WithTransportCredentials(creds)); err != nil {
		t.Fatalf("client with our certificate: %v", err)
	}
	if err := check(t, addr, grpc.WithTransportCredentials(insecure.NewCredentials())); err == nil {
		t.Fatal("a plaintext client got through")
	}
	// A certificate from another CA is refused.
	theirs := certs(t)
	other, err := Client(config.TLS{Cert: theirs.Cert, Key: theirs.Key, CA: ours.CA}, addr)
	if err != nil {
		t.Fatal(err)
	}
	if err := check(t, addr, grpc.WithTransportCredentials(other)); err == nil {
		t.Fatal("a client certificate from another CA got through")
	}
}

func TestPlaintextOnlyOnLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:7001": true, "localhost:7001": true, "[::1]:7001": true,
		":7001": false, "0.0.0.0:7001": false, "10.1.2.3:7001": false, "events:7001": false,
	} {
		_, err := Server(config.TLS{}, addr)
		if (err == nil) != ok {
			t.Errorf("plaintext on %s: err %v, allowed %v", addr, err, ok)
		}
		if err != nil && !strings.Contains(err.Error(), "PLEIN_TLS_CERT") {
			t.Errorf("error does not say what to set: %v", err)
		}
	}
	if _, err := Server(config.TLS{Insecure: true}, "10.1.2.3:7001"); err != nil {
		t.Errorf("PLEIN_GRPC_INSECURE did not allow plaintext: %v", err)
	}
	if _, err := Server(config.TLS{Cert: "x"}, "127.0.0.1:1"); err == nil {
		t.Error("a partial TLS setting was accepted")
	}
}
