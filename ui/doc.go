// Package ui is jirga's web UI: server-rendered HTML pages that show a
// charter, answer questions about it, and follow its bodies, proposals and
// ledger. `jirga serve` mounts it at "/" beside the JSON API of package
// http.
//
// Pages are html/template files embedded in the binary, with one small
// stylesheet and one small script of the package's own (no framework, no
// third-party file). Maps and charts are drawn here as SVG on the server:
// the provinces from the charter's boundaries.geojson, seat charts,
// Banzhaf and Shapley-Shubik bar charts. Every page works without
// JavaScript; the script only signs votes in the browser with WebCrypto
// Ed25519.
//
// Build a handler with New and a Config; the pages are listed in
// docs/ui.md. User-facing strings live in one place (messages.go), keyed
// by language with the writing direction of each, so that a right-to-left
// language can be added without touching the templates; the stylesheet
// uses logical properties only.
package ui
