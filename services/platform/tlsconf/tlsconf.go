// Package tlsconf sets up gRPC transport security between the gateway and
// the services: mutual TLS from PEM files signed by one certificate
// authority, or plaintext, which is allowed on loopback only unless the
// operator says otherwise.
package tlsconf

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"

	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"

	"plein.dev/platform/config"
)

func load(c config.TLS) (tls.Certificate, *x509.CertPool, error) {
	if c.Cert == "" || c.Key == "" || c.CA == "" {
		return tls.Certificate{}, nil, errors.New("PLEIN_TLS_CERT, PLEIN_TLS_KEY and PLEIN_TLS_CA must be set together")
	}
	cert, err := tls.LoadX509KeyPair(c.Cert, c.Key)
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("PLEIN_TLS_CERT/PLEIN_TLS_KEY: %w", err)
	}
	pem, err := os.ReadFile(c.CA)
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("PLEIN_TLS_CA: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return tls.Certificate{}, nil, fmt.Errorf("PLEIN_TLS_CA: no certificate in %s", c.CA)
	}
	return cert, pool, nil
}

// Server returns the credentials of a gRPC server listening on addr: mutual
// TLS that accepts only clients with a certificate from the CA, or plaintext
// where that is allowed.
func Server(c config.TLS, addr string) (credentials.TransportCredentials, error) {
	if !c.Enabled() {
		if err := plaintextAllowed(c, addr); err != nil {
			return nil, err
		}
		return insecure.NewCredentials(), nil
	}
	cert, pool, err := load(c)
	if err != nil {
		return nil, err
	}
	return credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{cert},
		ClientCAs:    pool,
		ClientAuth:   tls.RequireAndVerifyClientCert,
		MinVersion:   tls.VersionTLS13,
	}), nil
}

// Client returns the credentials for dialling a service at addr: its
// certificate must come from the CA, and this process shows its own.
func Client(c config.TLS, addr string) (credentials.TransportCredentials, error) {
	if !c.Enabled() {
		if err := plaintextAllowed(c, addr); err != nil {
			return nil, err
		}
		return insecure.NewCredentials(), nil
	}
	cert, pool, err := load(c)
	if err != nil {
		return nil, err
	}
	return credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{cert},
		RootCAs:      pool,
		MinVersion:   tls.VersionTLS13,
	}), nil
}

// plaintextAllowed refuses plaintext gRPC on anything but a loopback
// address, unless the operator allowed it.
func plaintextAllowed(c config.TLS, addr string) error {
	if c.Insecure || isLoopback(addr) {
		return nil
	}
	return fmt.Errorf("plaintext gRPC on %s, which is not a loopback address: set PLEIN_TLS_CERT, PLEIN_TLS_KEY and PLEIN_TLS_CA (scripts/dev-certs makes them), or PLEIN_GRPC_INSECURE=true on a private network", addr)
}

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
