package http

import (
	"net/http"
)

// route is one pattern the server serves.
type route struct {
	pattern string
	fn      handlerFunc
}

// routeTable lists every route but /metrics, which promhttp serves.
// openapi.json describes each; a test keeps the two in step.
func (s *Server) routeTable() []route {
	return []route{
		{"GET /healthz", s.handleHealth},
		{"GET /api/openapi.json", s.handleOpenAPI},
		{"GET /api/charter", s.handleCharter},
		{"GET /api/territories", s.handleTerritories},
		{"GET /api/territories/{id}", s.handleTerritory},
		{"GET /api/laws", s.handleLaws},
		{"GET /api/laws/{id}", s.handleLaw},
		{"GET /api/ask", s.handleAskGet},
		{"POST /api/ask", s.handleAskPost},
		{"GET /api/where", s.handleWhereGet},
		{"POST /api/where", s.handleWherePost},
		{"GET /api/review", s.handleReview},
		{"GET /api/power", s.handlePower},
		{"POST /api/tally", s.handleTally},
		{"POST /api/allocate", s.handleAllocate},
		{"GET /api/ledger", s.handleLedger},
		{"GET /api/ledger/entries", s.handleEntries},
		{"GET /api/ledger/events", s.handleEvents},
		{"GET /api/ledger/verify", s.handleVerify},
		{"GET " + exportPath, s.handleExport},
		{"GET /api/proposals", s.handleProposals},
		{"GET /api/proposals/{id}", s.handleProposal},
		{"GET /api/proposals/{id}/votes", s.handleProposalVotes},
		{"GET /api/delegates", s.handleDelegates},
		{"GET /api/delegates/{key}", s.handleDelegate},
		{"POST /api/envelopes", s.handleEnvelope},
	}
}

// Health is the body of GET /healthz.
type Health struct {
	Status  string `json:"status"`
	Version string `json:"version,omitempty"`
	Charter string `json:"charter"`
	Hash    string `json:"hash"`
}

// handleHealth serves GET /healthz: 200 once the server can answer.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	sn := s.current()
	writeJSON(w, http.StatusOK, Health{Status: "ok", Version: s.cfg.Version, Charter: sn.charter.ID, Hash: sn.charter.Hash})
	return nil
}
