package ui_test

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/examples"
	"github.com/jirga/jirga/ui"
)

func exampleBoundaries(t testing.TB) []byte {
	t.Helper()
	data, err := fs.ReadFile(examples.Afghanistan(), ui.BoundariesFile)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Every one of the 34 provinces of the example has a shape, once the
// geoBoundaries oddities are normalised (README "Boundaries").
func TestParseBoundariesAfghanistan(t *testing.T) {
	t.Parallel()
	g, err := ui.ParseBoundaries("boundaries.geojson", exampleBoundaries(t))
	if err != nil {
		t.Fatal(err)
	}
	c := afghanistan(t)
	seen := map[string]bool{}
	for _, s := range g.Shapes {
		if c.Territory(s.Code) == nil {
			t.Errorf("shape %s (%s) matches no territory", s.Code, s.Name)
		}
		if seen[s.Code] {
			t.Errorf("two shapes for %s", s.Code)
		}
		seen[s.Code] = true
		if !regexp.MustCompile(`^(M\d+ \d+l[-\d ]+z)+$`).MatchString(s.Path) {
			t.Errorf("%s: path is not whole-unit relative moves: %.60s", s.Code, s.Path)
		}
		if s.X <= 0 || s.X >= g.Width || s.Y <= 0 || s.Y >= g.Height {
			t.Errorf("%s: centre (%d, %d) outside the map %dx%d", s.Code, s.X, s.Y, g.Width, g.Height)
		}
	}
	if len(g.Shapes) != 34 {
		t.Errorf("%d shapes, want 34", len(g.Shapes))
	}
	for _, code := range []string{"AF-KAN", "AF-BDS", "AF-GHA", "AF-WAR", "AF-NIM"} {
		if !seen[code] {
			t.Errorf("no shape for %s", code)
		}
	}
	// Afghanistan spans about 13.3° of longitude and 9.1° of latitude
	// around 33.9°N: 13.3 × cos(33.9°) / 9.1 ≈ 1.21 wide for 1 high.
	if ratio := float64(g.Width) / float64(g.Height); ratio < 1.15 || ratio > 1.3 {
		t.Errorf("the map is %dx%d (ratio %.2f), want about 1.21", g.Width, g.Height, ratio)
	}
	// Simplified well under the 155 kB of the source.
	size := 0
	for _, s := range g.Shapes {
		size += len(s.Path)
	}
	if size > 60_000 {
		t.Errorf("paths weigh %d bytes", size)
	}
}

func TestNormaliseISO(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"AF_KAN": "AF-KAN", "AF-BDN": "AF-BDS", " af-pan ": "AF-PAN", "CH-ZH": "CH-ZH"} {
		if got := ui.NormaliseISO(in); got != want {
			t.Errorf("NormaliseISO(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseBoundariesErrors(t *testing.T) {
	t.Parallel()
	square := `{"type":"Polygon","coordinates":[[[60,30],[61,30],[61,31],[60,31],[60,30]]]}`
	for _, tc := range []struct{ in, want string }{
		{`not json`, "f.geojson: not GeoJSON"},
		{`{"type":"Feature"}`, `want a GeoJSON FeatureCollection, got type "Feature"`},
		{`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{}}]}`, "feature 1 has no geometry"},
		{`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"shapeName":"Dot"},"geometry":{"type":"Point","coordinates":[1,2]}}]}`, `feature 1 (Dot): geometry type "Point"`},
		{`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1]]]}}]}`, "a position needs a longitude and a latitude"},
		{`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[500,500],[600,600],[700,500]]]}}]}`, "no valid coordinates"},
		{`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":` + square + `},{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":"x"}}]}`, "feature 2 (): coordinates"},
	} {
		_, err := ui.ParseBoundaries("f.geojson", []byte(tc.in))
		if jirga.ErrorCode(err) != jirga.EINVALID || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseBoundaries(%.50s): %v, want %q", tc.in, err, tc.want)
		}
	}
	g, err := ui.ParseBoundaries("f.geojson", []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"shapeISO":"XX-A"},"geometry":`+square+`}]}`))
	if err != nil || len(g.Shapes) != 1 || g.Shapes[0].Code != "XX-A" || g.Shapes[0].Path == "" {
		t.Errorf("a square: %+v, %v", g, err)
	}
}

func FuzzParseBoundaries(f *testing.F) {
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"shapeISO":"AF_KAN"},"geometry":{"type":"Polygon","coordinates":[[[60,30],[61,30],[61,31],[60,30]]]}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[0,1e-12],[1e-12,0]]]]}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := ui.ParseBoundaries("fuzz.geojson", data)
		if err != nil {
			if jirga.ErrorCode(err) != jirga.EINVALID {
				t.Fatalf("error of code %s: %v", jirga.ErrorCode(err), err)
			}
			return
		}
		for _, s := range g.Shapes {
			if strings.ContainsAny(s.Path, `<>"&`) {
				t.Fatalf("path with markup: %q", s.Path)
			}
		}
	})
}

// Any query string on the form pages gives a page, never a server error.
func FuzzFormPages(f *testing.F) {
	f.Add("/ask", "at=AF-KAN&action=teach&p.age=40&p.communities=hanafi&c.hour=9")
	f.Add("/where", "want=teach&refuse=attend_religious_instruction&level=province&p.married=true")
	f.Add("/bodies/national-council", "seats.bench-iea=61")
	f.Add("/ledger", "from=18446744073709551615")
	h := newHandler(f, newFakeLedger())
	f.Fuzz(func(t *testing.T, path, query string) {
		if !strings.HasPrefix(path, "/") {
			return
		}
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.URL = &url.URL{Path: path, RawQuery: query}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code >= 500 {
			t.Fatalf("%s?%s: status %d", path, query, rec.Code)
		}
		if ct := rec.Header().Get("Content-Type"); rec.Code < 300 && strings.HasPrefix(ct, "text/html") && !strings.Contains(rec.Body.String(), "</html>") {
			t.Fatalf("%s?%s: a page cut short", path, query)
		}
	})
}
