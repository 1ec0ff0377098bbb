package httpapi

import "net/http"

// openAPI serves the OpenAPI document, to anyone from anywhere.
func (s *Server) openAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(s.openapi)
}
