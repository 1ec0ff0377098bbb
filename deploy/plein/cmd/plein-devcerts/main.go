// Command plein-devcerts writes a development certificate authority and a
// certificate for the gateway and the services, for gRPC mutual TLS on a
// test cluster. Usage: plein-devcerts [-dir data/tls] [-hosts 127.0.0.1,localhost,...]
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"plein.dev/platform/tlsconf"
)

func main() {
	dir := flag.String("dir", "data/tls", "where to write ca.pem, plein.pem and plein-key.pem")
	hosts := flag.String("hosts", "127.0.0.1,localhost", "comma-separated host names and IP addresses the services are reached at")
	valid := flag.Duration("valid", 90*24*time.Hour, "how long the certificates are valid")
	flag.Parse()
	if err := tlsconf.WriteDevCertificates(*dir, strings.Split(*hosts, ","), *valid); err != nil {
		fmt.Fprintln(os.Stderr, "plein-devcerts:", err)
		os.Exit(1)
	}
	fmt.Printf("PLEIN_TLS_CA=%[1]s/ca.pem PLEIN_TLS_CERT=%[1]s/plein.pem PLEIN_TLS_KEY=%[1]s/plein-key.pem\n", *dir)
}
