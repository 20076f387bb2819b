package ui

import (
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
)

// svgWriter builds SVG markup. Text and attribute values go through
// text/attr, which escape them; numbers are written by num.
type svgWriter struct{ b strings.Builder }

func (w *svgWriter) raw(s ...string) {
	for _, x := range s {
		w.b.WriteString(x)
	}
}

// text writes escaped character data.
func (w *svgWriter) text(s string) { w.b.WriteString(template.HTMLEscapeString(s)) }

// attr writes name="value" with the value escaped, preceded by a space.
func (w *svgWriter) attr(name, value string) {
	w.b.WriteString(" ")
	w.b.WriteString(name)
	w.b.WriteString(`="`)
	w.b.WriteString(template.HTMLEscapeString(value))
	w.b.WriteString(`"`)
}

func (w *svgWriter) html() template.HTML { return template.HTML(w.b.String()) }

// num formats a coordinate with at most one decimal.
func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64)
}

// palette colours parties that declare no colour, in order.
var palette = []string{"#4b5563", "#0e7490", "#9333ea", "#be185d", "#4d7c0f", "#b45309", "#1e40af", "#9f1239"}

// Colours of the map and charts besides the parties'.
const (
	colourNone     = "#9ca3af" // governed by no party
	colourLivable  = "#0f766e"
	colourExcluded = "#e5e7eb"
	colourOther    = "#d1d5db" // other territories on a territory's map
	colourBanzhaf  = "#1d4ed8"
	colourShapley  = "#c2410c"
)

// mapShape is one territory drawn on a map.
type mapShape struct {
	Shape
	Fill  string // a colour or url(#pattern)
	Title string // the accessible name: territory and what the map says of it
	Href  string // empty: not a link
	Class string
}

// stripePattern is a pattern of diagonal stripes, one per colour, for a
// territory governed by a coalition.
type stripePattern struct {
	ID      string
	Colours []string
}

const stripeWidth = 5

func writePattern(w *svgWriter, p stripePattern) {
	size := stripeWidth * len(p.Colours)
	w.raw(`<pattern patternUnits="userSpaceOnUse" patternTransform="rotate(45)"`)
	w.attr("id", p.ID)
	w.raw(` width="`, strconv.Itoa(size), `" height="`, strconv.Itoa(size), `">`)
	for i, c := range p.Colours {
		w.raw(`<rect y="0" height="`, strconv.Itoa(size), `" width="`, strconv.Itoa(stripeWidth), `" x="`, strconv.Itoa(i*stripeWidth), `"`)
		w.attr("fill", c)
		w.raw(`/>`)
	}
	w.raw(`</pattern>`)
}

// drawMap draws shapes as an SVG map. Each territory with an Href is a
// link with its title as accessible name, reachable by keyboard.
func drawMap(g *Geography, label string, shapes []mapShape, patterns []stripePattern) template.HTML {
	var w svgWriter
	w.raw(`<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `, strconv.Itoa(g.Width), " ", strconv.Itoa(g.Height), `"`)
	w.attr("aria-label", label)
	w.raw(`>`)
	if len(patterns) > 0 {
		w.raw(`<defs>`)
		for _, p := range patterns {
			writePattern(&w, p)
		}
		w.raw(`</defs>`)
	}
	for _, s := range shapes {
		if s.Path == "" {
			continue
		}
		if s.Href != "" {
			w.raw(`<a`)
			w.attr("href", s.Href)
			w.raw(`>`)
		}
		w.raw(`<path`)
		if s.Class != "" {
			w.attr("class", s.Class)
		}
		w.attr("fill", s.Fill)
		w.attr("d", s.Path)
		w.raw(`><title>`)
		w.text(s.Title)
		w.raw(`</title></path>`)
		if s.Href != "" {
			w.raw(`</a>`)
		}
	}
	w.raw(`</svg>`)
	return w.html()
}

// swatch draws a small legend key filled with fill (a colour or a
// url(#pattern) defined by the map on the same page). It is decorative:
// the legend's text says what it means.
func swatch(fill string) template.HTML {
	var w svgWriter
	w.raw(`<svg class="swatch" aria-hidden="true" viewBox="0 0 20 14" width="20" height="14"><rect x=".5" y=".5" width="19" height="13" stroke="#1f2937"`)
	w.attr("fill", fill)
	w.raw(`/></svg>`)
	return w.html()
}

// powerBar is one member's indices in a power chart.
type powerBar struct {
	Label                  string
	Banzhaf, ShapleyShubik float64
}

// Layout of bar charts.
const (
	barChartWidth = 640
	barLabelWidth = 215
	barRow        = 30
	barThick      = 11
)

// drawPowerChart draws a horizontal bar chart with the Banzhaf and
// Shapley-Shubik index of each member, both on a scale from 0 to the
// largest value.
func drawPowerChart(title string, bars []powerBar, banzhaf, shapley string) template.HTML {
	maxV := 0.0
	for _, b := range bars {
		maxV = math.Max(maxV, math.Max(b.Banzhaf, b.ShapleyShubik))
	}
	if maxV == 0 {
		maxV = 1
	}
	top := 26
	h := top + barRow*len(bars) + 6
	span := float64(barChartWidth - barLabelWidth - 60)
	var w svgWriter
	w.raw(`<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 `, strconv.Itoa(barChartWidth), " ", strconv.Itoa(h), `"`)
	w.attr("aria-label", title)
	w.raw(`>`)
	// Key.
	w.raw(`<rect x="`, strconv.Itoa(barLabelWidth), `" y="6" width="12" height="12" fill="`, colourBanzhaf, `"/>`)
	w.raw(`<text x="`, strconv.Itoa(barLabelWidth+16), `" y="16">`)
	w.text(banzhaf)
	w.raw(`</text><rect x="`, strconv.Itoa(barLabelWidth+170), `" y="6" width="12" height="12" fill="`, colourShapley, `"/>`)
	w.raw(`<text x="`, strconv.Itoa(barLabelWidth+186), `" y="16">`)
	w.text(shapley)
	w.raw(`</text>`)
	for i, b := range bars {
		y := top + i*barRow
		w.raw(`<text class="label" x="`, strconv.Itoa(barLabelWidth-8), `" y="`, strconv.Itoa(y+barThick+4), `" text-anchor="end">`)
		w.text(truncate(b.Label, 27))
		w.raw(`</text>`)
		for j, v := range []float64{b.Banzhaf, b.ShapleyShubik} {
			colour := colourBanzhaf
			if j == 1 {
				colour = colourShapley
			}
			by := y + j*(barThick+1)
			bw := v / maxV * span
			w.raw(`<rect x="`, strconv.Itoa(barLabelWidth), `" y="`, strconv.Itoa(by), `" height="`, strconv.Itoa(barThick), `" width="`, num(bw), `" fill="`, colour, `"/>`)
			w.raw(`<text class="value" x="`, num(float64(barLabelWidth)+bw+4), `" y="`, strconv.Itoa(by+barThick-1), `">`, strconv.FormatFloat(v, 'f', 3, 64), `</text>`)
		}
	}
	w.raw(`</svg>`)
	return w.html()
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// seatGroup is a run of seats of one colour in a seat chart.
type seatGroup struct {
	Label  string
	Colour string
	Seats  int
}

// maxChartSeats bounds the seats drawn one by one; larger bodies are
// scaled down.
const maxChartSeats = 600

// drawSeatChart draws a hemicycle: seats in concentric rows, each group's
// seats in one wedge from left to right.
func drawSeatChart(title string, groups []seatGroup) template.HTML {
	total := 0
	for _, g := range groups {
		total += g.Seats
	}
	const cx, cy, outer = 200, 200, 180 // leaves room for the largest dot
	var w svgWriter
	w.raw(`<svg class="seats" xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 400 212"`)
	w.attr("aria-label", title)
	w.raw(`>`)
	if total == 0 || total > maxChartSeats {
		w.raw(`</svg>`)
		return w.html()
	}
	seats, r := hemicycle(total, cx, cy, outer)
	i := 0
	for _, g := range groups {
		if g.Seats == 0 {
			continue
		}
		w.raw(`<g`)
		w.attr("fill", g.Colour)
		w.raw(`><title>`)
		w.text(g.Label + ": " + strconv.Itoa(g.Seats))
		w.raw(`</title>`)
		for k := 0; k < g.Seats; k++ {
			p := seats[i]
			i++
			w.raw(`<circle cx="`, num(p.x), `" cy="`, num(p.y), `" r="`, num(r), `"/>`)
		}
		w.raw(`</g>`)
	}
	w.raw(`</svg>`)
	return w.html()
}

// hemicycleRows is how many rows a hemicycle of total seats has: one up
// to ten seats, then about twice as many seats in a row as there are rows.
func hemicycleRows(total int) int {
	if total <= 10 {
		return 1
	}
	return int(math.Ceil(math.Sqrt(float64(total) / 4)))
}

// maxSeatRadius is the largest radius of a seat's dot.
const maxSeatRadius = 12

// hemicycle places total seats on concentric half circles around (cx, cy),
// the outermost of radius outer and the innermost at 40 % of it; each row
// holds seats in proportion to its length. The seats come sorted by angle,
// from left to right, so that consecutive seats form wedges. It returns
// the seats and a dot radius that keeps neighbours apart.
func hemicycle(total int, cx, cy, outer float64) ([]point, float64) {
	rows := hemicycleRows(total)
	inner := outer * 0.4
	radii := make([]float64, rows)
	sum := 0.0
	for i := range radii {
		if rows == 1 {
			radii[i] = (outer + inner) / 2
		} else {
			radii[i] = inner + (outer-inner)*float64(i)/float64(rows-1)
		}
		sum += radii[i]
	}
	// Seats per row by largest remainders of total × radius / sum.
	counts := make([]int, rows)
	rem := make([]float64, rows)
	given := 0
	for i, r := range radii {
		exact := float64(total) * r / sum
		counts[i] = int(exact)
		rem[i] = exact - float64(counts[i])
		given += counts[i]
	}
	order := make([]int, rows)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rem[order[a]] > rem[order[b]] })
	for k := 0; given < total; k++ {
		counts[order[k%rows]]++
		given++
	}
	type seat struct {
		p     point
		angle float64
		row   int
	}
	var all []seat
	for i, n := range counts {
		for k := 0; k < n; k++ {
			a := math.Pi / 2
			if n > 1 {
				a = math.Pi * float64(k) / float64(n-1)
			}
			// Angle π is the left end: seats run from π down to 0.
			a = math.Pi - a
			all = append(all, seat{point{cx + radii[i]*math.Cos(a), cy - radii[i]*math.Sin(a)}, a, i})
		}
	}
	sort.SliceStable(all, func(a, b int) bool {
		if all[a].angle != all[b].angle {
			return all[a].angle > all[b].angle
		}
		return all[a].row < all[b].row
	})
	out := make([]point, len(all))
	for i, s := range all {
		out[i] = s.p
	}
	r := float64(maxSeatRadius)
	if rows > 1 {
		r = math.Min(r, 0.4*(outer-inner)/float64(rows-1))
	}
	for i, n := range counts {
		if n > 1 {
			r = math.Min(r, 0.4*math.Pi*radii[i]/float64(n-1))
		}
	}
	return out, r
}
