// Package profiling serves the process's runtime profiles (net/http/pprof)
// on a loopback address, for go tool pprof.
package profiling

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// Server serves /debug/pprof/.
type Server struct {
	srv    *http.Server
	lis    net.Listener
	served chan error
}

// Start serves the profiles on addr, which must name a loopback host
// (127.0.0.1, [::1], localhost): profiles expose the process's memory and
// what it runs, so they are never served on another interface.
func Start(addr string, log *slog.Logger) (*Server, error) {
	if err := checkLoopback(addr); err != nil {
		return nil, err
	}
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("profiling: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	s := &Server{
		srv: &http.Server{
			Handler:           mux,
			ReadHeaderTimeout: 10 * time.Second,
			ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		},
		lis:    lis,
		served: make(chan error, 1),
	}
	go func() { s.served <- s.srv.Serve(lis) }()
	return s, nil
}

// Addr is the address the profiles are served on.
func (s *Server) Addr() net.Addr { return s.lis.Addr() }

// Close stops serving; a profile being taken is cut short.
func (s *Server) Close() error {
	err := s.srv.Close()
	if serr := <-s.served; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}

// checkLoopback refuses an address whose host is not a loopback one; an
// empty host means every interface.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("profiling: address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("profiling: %q is not a loopback address: profiles are served on 127.0.0.1, [::1] or localhost only", addr)
}
