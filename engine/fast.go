package engine

import (
	"github.com/jirga/jirga"
)

// The compact index serves Decide, which needs only the verdict. Per
// (territory, action) and (community, action) it lists the rules that can
// bind — void rules left out — as small values rather than pointers, so a
// question reads a few contiguous words instead of chasing a pointer per
// rule. Decide evaluates each distinct condition once per question and
// skips a rule whose level already binds with the same effect, then
// resolves bounding and precedence with bit operations. Ask keeps the
// pointer walk, since its trace names every rule; both follow
// docs/semantics.md and the tests hold them to the same verdicts.

// crule is a rule in the compact index.
type crule struct {
	cond   int32 // index in Engine.preds, or -1 for no condition
	level  int8  // depth of the law's territory; -1 for a community law
	effect uint8 // effPermit, effForbid or effOblige
}

const (
	effPermit uint8 = iota
	effForbid
	effOblige
)

// maxFastLevel bounds the levels the bit masks can hold.
const maxFastLevel = 30

// communityBit marks community rules in an effect's mask.
const communityBit = 1 << 31

func effectOf(s string) uint8 {
	switch s {
	case jirga.Forbid:
		return effForbid
	case jirga.Oblige:
		return effOblige
	}
	return effPermit
}

// buildFast builds the compact index from the rules, or leaves it nil when
// the charter is too deep for the masks.
func (e *Engine) buildFast(memo map[*Rule]int32) {
	for _, lv := range e.levels {
		if lv > maxFastLevel {
			return
		}
	}
	e.fastPlace = compact(e.byPlace, memo)
	e.fastComm = compact(e.byComm, memo)
}

func compact(lists [][]*Rule, memo map[*Rule]int32) [][]crule {
	out := make([][]crule, len(lists))
	for i, rs := range lists {
		var cs []crule
		for _, r := range rs {
			if r.Void != "" {
				continue
			}
			cs = append(cs, crule{cond: memo[r], level: int8(r.Level), effect: effectOf(r.Effect)})
		}
		out[i] = cs
	}
	return out
}

// condCache remembers the conditions evaluated for one question.
type condCache struct {
	ids  [64]int32
	vals [64]bool
	n    int
}

// eval returns whether condition id holds, evaluating it at most once per
// question while the cache has room. An error counts as not holding: the
// rule does not apply (docs/semantics.md, rule 4).
func (c *condCache) eval(e *Engine, id int32, en env) bool {
	if id < 0 {
		return true
	}
	for i := 0; i < c.n; i++ {
		if c.ids[i] == id {
			return c.vals[i]
		}
	}
	ok, err := e.preds[id](en)
	ok = ok && err == nil
	if c.n < len(c.ids) {
		c.ids[c.n], c.vals[c.n] = id, ok
		c.n++
	}
	return ok
}

// decideFast is Decide on the compact index.
func (e *Engine) decideFast(t, a int, f *Facts) jirga.Verdict {
	var bind [3]uint32 // per effect, the levels (and communityBit) that bind
	var cache condCache
	en := env{facts: f, place: e.places[t]}
	nA := len(e.actions)
	for _, ti := range e.chain[t] {
		for _, r := range e.fastPlace[int(ti)*nA+a] {
			bit := uint32(1) << uint(r.level)
			if bind[r.effect]&bit == 0 && cache.eval(e, r.cond, en) {
				bind[r.effect] |= bit
			}
		}
	}
	for _, m := range f.comms {
		for _, r := range e.fastComm[m*nA+a] {
			if bind[r.effect]&communityBit == 0 && cache.eval(e, r.cond, en) {
				bind[r.effect] |= communityBit
			}
		}
	}
	if d := e.domain[a]; d != nil && d.Competence == jirga.CompetenceConcurrent {
		permit, forbid, oblige := bind[effPermit], bind[effForbid], bind[effOblige]
		bind[effForbid] = unbounded(forbid, permit|oblige)
		bind[effPermit] = unbounded(permit, forbid)
		bind[effOblige] = unbounded(oblige, forbid)
	}
	switch {
	case bind[effForbid] != 0 && bind[effOblige] != 0:
		return jirga.Conflict
	case bind[effForbid] != 0:
		return jirga.Forbidden
	case bind[effOblige] != 0:
		return jirga.Obliged
	case bind[effPermit] != 0:
		return jirga.Permitted
	}
	if e.c.Default == jirga.DefaultForbidden && len(e.protect[a]) == 0 {
		return jirga.Forbidden
	}
	return jirga.Permitted
}

// unbounded drops from mask the territorial levels below the highest level
// of contra: a rule contradicted by a binding rule of a higher level is
// bounded by it. Community rules are never bounded.
func unbounded(mask, contra uint32) uint32 {
	territorial := contra &^ communityBit
	if territorial == 0 {
		return mask
	}
	top := territorial & -territorial // the highest level (lowest bit)
	// Keep levels at or above top, and the community bit.
	keep := (top << 1) - 1 | communityBit
	return mask & keep
}
