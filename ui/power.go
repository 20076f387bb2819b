package ui

import (
	"html/template"
	"math/big"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/power"
	"github.com/jirga/jirga/rules"
)

// Power computations the UI runs while a page waits are bounded: a game
// that needs more work is estimated instead, with a fixed seed.
const (
	uiMaxExact = 200_000_000
	uiSamples  = 20000
	maxWhatIf  = 1_000_000 // the most seats a member may hold in a what-if
)

// bodyRow is a body in the list of bodies.
type bodyRow struct {
	*jirga.Body
	Where string
	Seats int64
	Chart template.HTML
}

type bodiesData struct{ Bodies []bodyRow }

func (h *Handler) bodies(r *http.Request, st *state) (*view, error) {
	d := &bodiesData{}
	for _, b := range st.charter.Bodies {
		d.Bodies = append(d.Bodies, bodyRow{Body: b, Where: h.bodyWhere(st, b), Seats: totalSeats(b), Chart: h.seatChart(st, b)})
	}
	return &view{Template: "bodies", Title: h.locale.T("nav.bodies"), Nav: "bodies", Data: d}, nil
}

// bodyWhere says where a body sits: "Afghanistan", "every province",
// "Afghanistan, for the Hanafi Sunni community".
func (h *Handler) bodyWhere(st *state, b *jirga.Body) string {
	var s string
	switch {
	case b.PerLevel != "":
		s = h.locale.T("body.perlevel", b.PerLevel)
	case b.Territory != "":
		s = b.Territory
		if t := st.charter.Territory(b.Territory); t != nil {
			s = t.Name
		}
	}
	if b.Community != "" {
		name := b.Community
		if cm := st.charter.Community(b.Community); cm != nil {
			name = cm.Name
		}
		s = h.locale.T("body.forcommunity", s, name)
	}
	return s
}

func totalSeats(b *jirga.Body) int64 {
	var n int64
	for _, m := range b.Members {
		n += m.Seats
	}
	return n
}

// memberColour is the colour of a member's party, or grey.
func (st *state) memberColour(m *jirga.Member) string {
	if c, ok := st.colour[m.Party]; ok {
		return c
	}
	return colourNone
}

// seatChart draws a body's seats, grouped by party in charter order (one
// seat per member when no member holds seats).
func (h *Handler) seatChart(st *state, b *jirga.Body) template.HTML {
	groups := seatGroups(st, b, totalSeats(b) > 0)
	return drawSeatChart(h.locale.T("body.seatchart", b.Name), groups)
}

func seatGroups(st *state, b *jirga.Body, bySeats bool) []seatGroup {
	var groups []seatGroup
	add := func(label, colour string, n int) {
		for i := range groups {
			if groups[i].Label == label {
				groups[i].Seats += n
				return
			}
		}
		groups = append(groups, seatGroup{Label: label, Colour: colour, Seats: n})
	}
	order := append([]*jirga.Party(nil), st.charter.Parties...)
	for _, p := range order {
		for _, m := range b.Members {
			if m.Party == p.ID {
				add(nameOr(p.Name, p.ID), st.colour[p.ID], seatsOf(m, bySeats))
			}
		}
	}
	for _, m := range b.Members {
		if st.charter.Party(m.Party) != nil {
			continue
		}
		label, colour := nameOr(m.Name, m.ID), colourNone
		if m.Designation != "" {
			label = m.Designation
			for i, d := range b.Designations {
				if d == m.Designation {
					colour = palette[(i+1)%len(palette)]
				}
			}
		}
		add(label, colour, seatsOf(m, bySeats))
	}
	return groups
}

func seatsOf(m *jirga.Member, bySeats bool) int {
	if bySeats {
		return int(m.Seats)
	}
	return 1
}

// powerKey names a cached power computation.
type powerKey struct{ body, rule string }

// powerView is the power of each member under one rule of a body.
type powerView struct {
	Rule  *jirga.BodyRule
	Chart template.HTML
	Rows  []powerRow
	// Dummies and Veto name members by name.
	Dummies []string
	Veto    []string
	Exact   bool
	Method  string
	Samples int
	// Err says why the rule has no power indices.
	Err string
}

type powerRow struct {
	Member                     *jirga.Member
	Weight                     string
	Banzhaf, ShapleyShubik     string // exact fractions
	BanzhafF, ShapleyShubikF   float64
	BanzhafCI, ShapleyShubikCI *power.Interval
	Veto, Dummy                bool
}

// bodyData is a body's page: its seats, members and the power of each
// member under each rule, and the what-if form.
type bodyData struct {
	Body     *jirga.Body
	Where    string
	Seats    int64
	Chart    template.HTML
	Members  []memberRow
	Powers   []*powerView
	WhatIf   bool
	Errors   []string
	HasSeats bool
	Groups   []seatGroup
}

type memberRow struct {
	*jirga.Member
	Party      string
	Swatch     template.HTML
	Input      string // the what-if field's name
	InputValue string
	Changed    bool
}

func (h *Handler) body(r *http.Request, st *state) (*view, error) {
	c := st.charter
	b := c.Body(r.PathValue("id"))
	if b == nil {
		ids := make([]string, len(c.Bodies))
		for i, x := range c.Bodies {
			ids[i] = x.ID
		}
		return nil, jirga.Errorf(jirga.ENOTFOUND, "no body %q%s", r.PathValue("id"), didYouMean(r.PathValue("id"), ids))
	}
	d := &bodyData{Body: b, Where: h.bodyWhere(st, b), HasSeats: totalSeats(b) > 0}
	whatIf, errs := readWhatIf(b, r.URL.Query())
	d.Errors = errs
	shown := b
	if whatIf != nil && len(errs) == 0 {
		shown, d.WhatIf = whatIf, true
	}
	d.Seats = totalSeats(shown)
	d.Groups = seatGroups(st, shown, d.Seats > 0)
	d.Chart = drawSeatChart(h.locale.T("body.seatchart", b.Name), d.Groups)
	for i, m := range shown.Members {
		row := memberRow{Member: m, Party: m.Party, Swatch: swatch(st.memberColour(m)), Input: "seats." + m.ID,
			InputValue: strconv.FormatInt(m.Seats, 10), Changed: m.Seats != b.Members[i].Seats}
		if p := c.Party(m.Party); p != nil {
			row.Party = nameOr(p.Short, p.Name)
		}
		if v := r.URL.Query().Get(row.Input); v != "" && len(errs) > 0 {
			row.InputValue = v
		}
		d.Members = append(d.Members, row)
	}
	for _, rl := range b.Rules {
		if d.WhatIf {
			d.Powers = append(d.Powers, h.computePower(shown, rl))
			continue
		}
		key := powerKey{b.ID, rl.ID}
		if pv, ok := st.power.Load(key); ok {
			d.Powers = append(d.Powers, pv.(*powerView))
			continue
		}
		pv := h.computePower(b, rl)
		st.power.Store(key, pv)
		d.Powers = append(d.Powers, pv)
	}
	return &view{Template: "body", Title: b.Name, Nav: "bodies", Data: d}, nil
}

// readWhatIf reads the what-if form: "seats.<member>" fields. It returns a
// copy of b with the seats changed, or nil when the form changes nothing.
func readWhatIf(b *jirga.Body, q url.Values) (*jirga.Body, []string) {
	var errs []string
	cp := *b
	cp.Members = make([]*jirga.Member, len(b.Members))
	changed := false
	for i, m := range b.Members {
		mc := *m
		cp.Members[i] = &mc
		raw := strings.TrimSpace(q.Get("seats." + m.ID))
		if raw == "" {
			continue
		}
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || n < 0 || n > maxWhatIf {
			errs = append(errs, "seats of "+nameOr(m.Name, m.ID)+": "+strconv.Quote(raw)+" is not a whole number from 0 to "+strconv.Itoa(maxWhatIf))
			continue
		}
		if n != m.Seats {
			mc.Seats, changed = n, true
		}
	}
	if !changed {
		return nil, errs
	}
	return &cp, errs
}

// computePower works out the Banzhaf and Shapley-Shubik indices of every
// member of b under rule rl: exactly when that is cheap enough, otherwise
// by a seeded Monte Carlo estimate.
func (h *Handler) computePower(b *jirga.Body, rl *jirga.BodyRule) *powerView {
	pv := &powerView{Rule: rl}
	g, err := rules.Game(b, rl.Rule)
	if err != nil {
		pv.Err = jirga.ErrorMessage(err)
		return pv
	}
	reduced, kept := withoutNullPlayers(g)
	res, err := power.Compute(reduced, power.Options{MaxExact: uiMaxExact})
	if jirga.ErrorCode(err) == jirga.EINVALID && strings.Contains(err.Error(), "estimate") {
		res, err = power.Compute(reduced, power.Options{Estimate: true, Samples: uiSamples, Seed: 1})
	}
	if err != nil {
		pv.Err = jirga.ErrorMessage(err)
		return pv
	}
	pv.Exact, pv.Method, pv.Samples = res.Exact, res.Method, res.Samples
	weights := h.ruleWeights(rl.Rule)
	var bars []powerBar
	players := make([]power.PlayerPower, len(g.Players))
	for i := range players {
		players[i] = power.PlayerPower{ID: g.Players[i], Banzhaf: new(big.Rat), ShapleyShubik: new(big.Rat), Dummy: true}
	}
	for k, i := range kept {
		players[i] = res.Players[k]
	}
	for i, p := range players {
		m := b.Members[i]
		row := powerRow{Member: m, Weight: weights(m), Banzhaf: ratString(p.Banzhaf), ShapleyShubik: ratString(p.ShapleyShubik),
			BanzhafF: ratFloat(p.Banzhaf), ShapleyShubikF: ratFloat(p.ShapleyShubik), BanzhafCI: p.BanzhafCI, ShapleyShubikCI: p.ShapleyShubikCI,
			Veto: p.Veto, Dummy: p.Dummy}
		if !res.Exact {
			row.Banzhaf, row.ShapleyShubik = "", ""
		}
		pv.Rows = append(pv.Rows, row)
		if p.Dummy || (!res.Exact && p.Swings != nil && p.Swings.Sign() == 0) {
			pv.Dummies = append(pv.Dummies, nameOr(m.Name, m.ID))
			continue
		}
		if p.Veto {
			pv.Veto = append(pv.Veto, nameOr(m.Name, m.ID))
		}
		bars = append(bars, powerBar{Label: nameOr(m.Name, m.ID), Banzhaf: row.BanzhafF, ShapleyShubik: row.ShapleyShubikF})
	}
	L := h.locale
	pv.Chart = drawPowerChart(L.T("power.chart", nameOr(rl.Name, rl.ID)), bars, L.T("power.banzhaf"), L.T("power.shapley"))
	return pv
}

// ruleWeights says what a member weighs under a rule: each weight the
// rule counts (seats, a numeric attribute), or one vote.
func (h *Handler) ruleWeights(r *jirga.DecisionRule) func(*jirga.Member) string {
	var names []string
	collectWeights(r, &names)
	return func(m *jirga.Member) string {
		var parts []string
		for _, n := range names {
			switch n {
			case rules.WeightSeats:
				parts = append(parts, h.locale.N("power.seats", m.Seats))
			case rules.WeightMembers, rules.WeightVotes:
			default:
				parts = append(parts, n+" "+strconv.FormatFloat(m.Attributes[n], 'f', -1, 64))
			}
		}
		if len(parts) == 0 {
			return h.locale.T("power.onevote")
		}
		return strings.Join(parts, ", ")
	}
}

// collectWeights lists the weights a rule's thresholds count, once each.
func collectWeights(r *jirga.DecisionRule, names *[]string) {
	if r == nil {
		return
	}
	for _, t := range []*jirga.Threshold{r.Threshold, r.Quorum} {
		if t == nil {
			continue
		}
		w := t.Weight
		if w == "" {
			w = rules.WeightMembers
		}
		if !contains(*names, w) {
			*names = append(*names, w)
		}
	}
	for _, c := range r.All {
		collectWeights(c, names)
	}
	for _, c := range r.Any {
		collectWeights(c, names)
	}
	collectWeights(r.Not, names)
}

func ratString(r *big.Rat) string {
	if r == nil {
		return ""
	}
	return rules.FormatRat(r)
}

func ratFloat(r *big.Rat) float64 {
	if r == nil {
		return 0
	}
	f, _ := r.Float64()
	return f
}

// withoutNullPlayers removes from g the players that weigh nothing in every
// clause: they never change whether a coalition wins, so they are dummies,
// and leaving them out changes no other player's Banzhaf or
// Shapley-Shubik index while it makes the game far cheaper to compute (the
// 34 provincial delegations of a rule that counts only the party benches'
// seats). It returns the smaller game and, for each of its players, its
// index in g.
func withoutNullPlayers(g power.Game) (power.Game, []int) {
	used := make([]bool, len(g.Players))
	var mark func(n *power.Node)
	mark = func(n *power.Node) {
		if n == nil {
			return
		}
		for i, w := range n.Weights {
			if w != 0 && i < len(used) {
				used[i] = true
			}
		}
		for _, c := range n.Children {
			mark(c)
		}
	}
	mark(g.Root)
	var kept []int
	for i, u := range used {
		if u {
			kept = append(kept, i)
		}
	}
	if len(kept) == len(g.Players) || len(kept) == 0 {
		all := make([]int, len(g.Players))
		for i := range all {
			all[i] = i
		}
		return g, all
	}
	var cp func(n *power.Node) *power.Node
	cp = func(n *power.Node) *power.Node {
		if n == nil {
			return nil
		}
		out := &power.Node{Op: n.Op, Quota: n.Quota, Label: n.Label}
		if n.Weights != nil {
			out.Weights = make([]int64, len(kept))
			for k, i := range kept {
				if i < len(n.Weights) {
					out.Weights[k] = n.Weights[i]
				}
			}
		}
		for _, c := range n.Children {
			out.Children = append(out.Children, cp(c))
		}
		return out
	}
	players := make([]string, len(kept))
	for k, i := range kept {
		players[k] = g.Players[i]
	}
	return power.Game{Players: players, Root: cp(g.Root)}, kept
}
