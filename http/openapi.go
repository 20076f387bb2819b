package http

import (
	_ "embed"
	"net/http"
)

// openAPI is the OpenAPI 3 description of the API.
//
//go:embed openapi.json
var openAPI []byte

// OpenAPI returns the OpenAPI 3.1 description of the API, as JSON.
func OpenAPI() []byte { return append([]byte(nil), openAPI...) }

// handleOpenAPI serves GET /api/openapi.json.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPI)
	return nil
}
