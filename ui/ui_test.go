package ui_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestPagesRender(t *testing.T) {
	h := newHandler(t, newFakeLedger())
	for _, tc := range []struct {
		path string
		want []string
	}{
		{"/", []string{"Afghanistan power-sharing settlement", `href="/territories/AF-KAN"`, "Coalition: NRF + Junbish + Wahdat"}},
		{"/territories/AF-KAN", []string{"Kandahar", "kandahar-education-law", "Provincial council"}},
		{"/competences", []string{"Education", "framework"}},
		{"/ask", []string{`name="at"`, `name="action"`}},
		{"/where", []string{`name="want"`, `name="refuse"`}},
		{"/bodies", []string{"National Council (Loya Shura)"}},
		{"/bodies/national-council", []string{"Ordinary majority", "13/23"}},
		{"/proposals", []string{"P-1", "P-2"}},
		{"/proposals/P-1", []string{"bench-iea", "Tally, clause by clause"}},
		{"/ledger", []string{"Chain verified: 4 entries"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			code, body := get(t, h, tc.path)
			if code != http.StatusOK {
				t.Fatalf("GET %s: status %d\n%s", tc.path, code, body)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: no %q in the page", tc.path, w)
				}
			}
		})
	}
}
