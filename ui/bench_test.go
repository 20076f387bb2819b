package ui_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchPages are the pages whose render time docs/benchmarks.md records,
// with the questions of the example's README for the forms.
var benchPages = []struct{ name, path string }{
	{"overview", "/"},
	{"territory", "/territories/AF-KAN"},
	{"competences", "/competences"},
	{"ask", "/ask"},
	{"ask-answer", "/ask?at=AF-KAN&action=attend_secondary_school&p.age=14&p.sex=female&p.communities=hanafi"},
	{"where", "/where"},
	{"where-answer", "/where?p.age=14&p.sex=female&p.communities=hanafi&want=attend_secondary_school"},
	{"bodies", "/bodies"},
	{"body", "/bodies/national-council"},
	{"body-whatif", "/bodies/national-council?seats.bench-iea=35&seats.bench-nrf=25"},
	{"proposals", "/proposals"},
	{"proposal", "/proposals/P-1"},
	{"ledger", "/ledger"},
}

// BenchmarkPages renders each page of the Afghanistan example on the
// server, as a request through the handler; bytes/op is the page's size.
func BenchmarkPages(b *testing.B) {
	h := newHandler(b, newFakeLedger())
	for _, p := range benchPages {
		b.Run(p.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, p.path, nil)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req) // warm the caches (power indices)
			if rec.Code != http.StatusOK {
				b.Fatalf("%s: status %d", p.path, rec.Code)
			}
			size := rec.Body.Len()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
			}
			b.ReportMetric(float64(size), "page-bytes")
		})
	}
}

// BenchmarkOverviewWeight reports what the overview page weighs with its
// stylesheet and script: the target is 300 kB in all.
func BenchmarkOverviewWeight(b *testing.B) {
	h := newHandler(b, nil)
	total := 0
	for b.Loop() {
		total = 0
		for _, path := range []string{"/", "/static/style.css", "/static/app.js"} {
			_, body := get(b, h, path)
			total += len(body)
		}
	}
	b.ReportMetric(float64(total), "total-bytes")
}
