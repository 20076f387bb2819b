package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/jirga/jirga"
)

// BoundariesFile is the file of a charter directory that holds the map: a
// GeoJSON FeatureCollection with one Polygon or MultiPolygon feature per
// territory.
const BoundariesFile = "boundaries.geojson"

// MapWidth is the width of the map's SVG coordinate system; its height
// follows from the projection.
const MapWidth = 800

// maxFeatures and maxPoints bound what ParseBoundaries accepts, so that a
// hostile file cannot exhaust memory.
const (
	maxFeatures = 10000
	maxPoints   = 2_000_000
)

// Geography is a projected, simplified map of territories, ready to draw.
type Geography struct {
	// Width and Height span the SVG coordinates of the shapes.
	Width, Height int
	Shapes        []Shape
}

// Shape is one feature of the map.
type Shape struct {
	// Code is the feature's normalised ISO code (shapeISO), which matches
	// a territory id; Name is its shapeName as written in the file.
	Code string
	Name string
	// Path is the SVG path data, in whole units of the map's coordinates.
	Path string
	// X and Y are the centre of the shape's bounding box.
	X, Y int
}

// isoFixes maps codes that geoBoundaries writes wrongly to ISO 3166-2.
var isoFixes = map[string]string{
	"AF-BDN": "AF-BDS", // Badakhshan (geoBoundaries AFG ADM1)
}

// NormaliseISO turns a shapeISO value into the ISO 3166-2 code a charter
// uses as territory id: underscores become hyphens (Kandahar is written
// AF_KAN), letters upper case, and known miscodings are corrected
// (Badakhshan's AF-BDN is AF-BDS).
func NormaliseISO(code string) string {
	c := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(code), "_", "-"))
	if fixed, ok := isoFixes[c]; ok {
		return fixed
	}
	return c
}

type geoCollection struct {
	Type     string       `json:"type"`
	Features []geoFeature `json:"features"`
}

type geoFeature struct {
	Type       string         `json:"type"`
	Properties map[string]any `json:"properties"`
	Geometry   *geoGeometry   `json:"geometry"`
}

type geoGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// lonLat is a position in degrees.
type lonLat [2]float64

// ParseBoundaries reads a GeoJSON FeatureCollection of Polygon and
// MultiPolygon features, projects it (equirectangular, scaled by the cosine
// of the mean latitude so that shapes keep their proportions), fits it to
// MapWidth and simplifies each ring to whole units. Features are matched to
// territories by their shapeISO property (see NormaliseISO); a feature
// without one keeps an empty code. name names the file in errors, which
// are *jirga.Error values with code EINVALID.
func ParseBoundaries(name string, data []byte) (*Geography, error) {
	var fc geoCollection
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&fc); err != nil {
		return nil, jirga.Errorf(jirga.EINVALID, "%s: not GeoJSON: %v", name, err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, jirga.Errorf(jirga.EINVALID, "%s: want a GeoJSON FeatureCollection, got type %q", name, fc.Type)
	}
	if len(fc.Features) > maxFeatures {
		return nil, jirga.Errorf(jirga.EINVALID, "%s: %d features, more than the %d a map may have", name, len(fc.Features), maxFeatures)
	}
	polys := make([][][][]lonLat, len(fc.Features)) // feature → polygon → ring → point
	points := 0
	for i, f := range fc.Features {
		if f.Geometry == nil {
			return nil, jirga.Errorf(jirga.EINVALID, "%s: feature %d has no geometry", name, i+1)
		}
		p, err := decodeGeometry(f.Geometry)
		if err != nil {
			return nil, jirga.Errorf(jirga.EINVALID, "%s: feature %d (%s): %v", name, i+1, featureName(f), err)
		}
		for _, poly := range p {
			for _, ring := range poly {
				points += len(ring)
			}
		}
		if points > maxPoints {
			return nil, jirga.Errorf(jirga.EINVALID, "%s: more than %d points", name, maxPoints)
		}
		polys[i] = p
	}
	proj, ok := newProjection(polys)
	if !ok {
		return nil, jirga.Errorf(jirga.EINVALID, "%s: no valid coordinates (longitude -180..180, latitude -90..90)", name)
	}
	g := &Geography{Width: MapWidth, Height: proj.height}
	for i, f := range fc.Features {
		s := Shape{Name: featureName(f)}
		if iso, ok := f.Properties["shapeISO"].(string); ok {
			s.Code = NormaliseISO(iso)
		}
		s.Path, s.X, s.Y = proj.path(polys[i])
		g.Shapes = append(g.Shapes, s)
	}
	return g, nil
}

func featureName(f geoFeature) string {
	if n, ok := f.Properties["shapeName"].(string); ok {
		return n
	}
	return ""
}

// decodeGeometry reads a Polygon or MultiPolygon's coordinates as a list
// of polygons, each a list of rings.
func decodeGeometry(g *geoGeometry) ([][][]lonLat, error) {
	switch g.Type {
	case "Polygon":
		var p [][]lonLat
		if err := decodeCoords(g.Coordinates, &p); err != nil {
			return nil, err
		}
		return [][][]lonLat{p}, nil
	case "MultiPolygon":
		var mp [][][]lonLat
		if err := decodeCoords(g.Coordinates, &mp); err != nil {
			return nil, err
		}
		return mp, nil
	}
	return nil, fmt.Errorf("geometry type %q: only Polygon and MultiPolygon are drawn", g.Type)
}

func decodeCoords(raw json.RawMessage, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("coordinates: %v", err)
	}
	return nil
}

func (p *lonLat) UnmarshalJSON(b []byte) error {
	var xs []float64
	if err := json.Unmarshal(b, &xs); err != nil {
		return err
	}
	if len(xs) < 2 {
		return fmt.Errorf("a position needs a longitude and a latitude, got %d numbers", len(xs))
	}
	p[0], p[1] = xs[0], xs[1]
	return nil
}

func validLonLat(p lonLat) bool {
	return p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90
}

// projection maps degrees to map units.
type projection struct {
	minLon, maxLat float64
	kx, scale      float64
	height         int
}

func newProjection(polys [][][][]lonLat) (projection, bool) {
	minLon, maxLon := math.Inf(1), math.Inf(-1)
	minLat, maxLat := math.Inf(1), math.Inf(-1)
	for _, f := range polys {
		for _, poly := range f {
			for _, ring := range poly {
				for _, p := range ring {
					if !validLonLat(p) {
						continue
					}
					minLon, maxLon = math.Min(minLon, p[0]), math.Max(maxLon, p[0])
					minLat, maxLat = math.Min(minLat, p[1]), math.Max(maxLat, p[1])
				}
			}
		}
	}
	if minLon > maxLon {
		return projection{}, false
	}
	kx := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	spanX := (maxLon - minLon) * kx
	spanY := maxLat - minLat
	if spanX <= 0 || spanY <= 0 {
		return projection{}, false
	}
	scale := float64(MapWidth) / spanX
	h := int(math.Ceil(spanY * scale))
	if h > 4*MapWidth { // a sliver of a map: keep the drawing bounded
		h = 4 * MapWidth
		scale = float64(h) / spanY
	}
	return projection{minLon: minLon, maxLat: maxLat, kx: kx, scale: scale, height: h}, true
}

type point struct{ x, y float64 }

func (pr projection) point(p lonLat) point {
	return point{(p[0] - pr.minLon) * pr.kx * pr.scale, (pr.maxLat - p[1]) * pr.scale}
}

// simplifyTolerance is the largest distance, in map units, that
// simplification may move a boundary.
const simplifyTolerance = 0.6

// path projects, simplifies and writes polygons as SVG path data with
// whole-unit coordinates, relative moves after the first, and returns the
// centre of their bounding box.
func (pr projection) path(polys [][][]lonLat) (string, int, int) {
	var b []byte
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, poly := range polys {
		for _, ring := range poly {
			pts := make([]point, 0, len(ring))
			for _, p := range ring {
				if validLonLat(p) {
					pts = append(pts, pr.point(p))
				}
			}
			pts = simplify(pts, simplifyTolerance)
			var xs, ys []int
			for _, p := range pts {
				x, y := int(math.Round(p.x)), int(math.Round(p.y))
				if n := len(xs); n > 0 && xs[n-1] == x && ys[n-1] == y {
					continue
				}
				xs, ys = append(xs, x), append(ys, y)
			}
			if n := len(xs); n > 1 && xs[0] == xs[n-1] && ys[0] == ys[n-1] {
				xs, ys = xs[:n-1], ys[:n-1]
			}
			if len(xs) < 3 {
				continue
			}
			b = append(b, 'M')
			b = strconv.AppendInt(b, int64(xs[0]), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(ys[0]), 10)
			b = append(b, 'l')
			for i := 1; i < len(xs); i++ {
				if i > 1 && xs[i]-xs[i-1] >= 0 {
					b = append(b, ' ')
				}
				b = strconv.AppendInt(b, int64(xs[i]-xs[i-1]), 10)
				if ys[i]-ys[i-1] >= 0 {
					b = append(b, ' ')
				}
				b = strconv.AppendInt(b, int64(ys[i]-ys[i-1]), 10)
			}
			b = append(b, 'z')
			for i := range xs {
				minX, maxX = math.Min(minX, float64(xs[i])), math.Max(maxX, float64(xs[i]))
				minY, maxY = math.Min(minY, float64(ys[i])), math.Max(maxY, float64(ys[i]))
			}
		}
	}
	if len(b) == 0 {
		return "", 0, 0
	}
	return string(b), int(math.Round((minX + maxX) / 2)), int(math.Round((minY + maxY) / 2))
}

// simplify is the Ramer-Douglas-Peucker algorithm: it keeps the points
// that lie farther than tol from the chord of the points kept around them.
func simplify(pts []point, tol float64) []point {
	if len(pts) < 4 {
		return pts
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	type span struct{ a, b int }
	stack := []span{{0, len(pts) - 1}}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		far, idx := tol, -1
		for i := s.a + 1; i < s.b; i++ {
			if d := segmentDistance(pts[i], pts[s.a], pts[s.b]); d > far {
				far, idx = d, i
			}
		}
		if idx >= 0 {
			keep[idx] = true
			stack = append(stack, span{s.a, idx}, span{idx, s.b})
		}
	}
	out := pts[:0:0]
	for i, p := range pts {
		if keep[i] {
			out = append(out, p)
		}
	}
	return out
}

// segmentDistance is the distance from p to the segment ab.
func segmentDistance(p, a, b point) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return math.Hypot(p.x-a.x, p.y-a.y)
	}
	t := ((p.x-a.x)*dx + (p.y-a.y)*dy) / l2
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(p.x-(a.x+t*dx), p.y-(a.y+t*dy))
}
