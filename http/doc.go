// Package http serves a charter and its governance ledger over HTTP: a JSON
// API under /api/ (the charter, its territories and laws, the jurisdiction
// engine's ask and where, power indices, seat allocation, proposals, votes
// and the ledger's events), an OpenAPI 3 description at /api/openapi.json,
// /healthz and Prometheus metrics at /metrics. The path / is left to the web
// UI.
//
// It is the HTTP adapter of the standard package layout: it imports the
// root package's vocabulary and the capability packages, and translates
// jirga.Error codes to HTTP statuses at this edge only (see Error). Inside
// this package net/http is imported under its own name, so http.Handler is
// the standard library's.
//
// A Server is built with NewServer, started with Open (or mounted anywhere
// through Handler) and stopped gracefully with Close. docs/api.md lists
// every endpoint with an example; docs/operations.md says how to run it.
package http
