package charter

import (
	"fmt"
	"strings"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/apportion"
	"github.com/jirga/jirga/rules"
)

func (l *loader) checkBodies(c *Charter, parties *index[*jirga.Party], communities *index[*jirga.Community]) *index[*jirga.Body] {
	bs := newIndex[*jirga.Body]("body", len(c.Bodies))
	for _, b := range nonNil(c.Bodies) {
		bs.add(l, b.ID, b, &b.Source)
		l.checkBody(c, b, parties, communities)
	}
	c.bodies = bs.m
	return bs
}

func (l *loader) checkBody(c *Charter, b *jirga.Body, parties *index[*jirga.Party], communities *index[*jirga.Community]) {
	switch {
	case b.Territory != "" && b.PerLevel != "":
		l.errorf(b.Source.At("per_level"), "keep one", "body %q sets both territory and per_level", b.ID)
	case b.Territory != "":
		if c.territories[b.Territory] == nil {
			l.errorf(b.Source.At("territory"), jirga.Suggest(b.Territory, c.TerritoryIDs()), "unknown territory %q", b.Territory)
		}
	case b.PerLevel != "":
		if _, ok := c.levels[b.PerLevel]; !ok {
			l.errorf(b.Source.At("per_level"), jirga.Suggest(b.PerLevel, c.Levels), "unknown level %q", b.PerLevel)
		}
	}
	communities.ref(l, &b.Source, "community", b.Community)
	switch b.Voting {
	case "", jirga.VotingByMember, jirga.VotingByParty:
	default:
		l.errorf(b.Source.At("voting"), "use by_member or by_party", "unknown voting mode %q", b.Voting)
	}
	designations := map[string]bool{}
	for i, d := range b.Designations {
		if designations[d] {
			l.errorf(b.Source.At(fmt.Sprintf("designations[%d]", i)), "", "duplicate designation %q", d)
		}
		designations[d] = true
	}
	members := newIndex[*jirga.Member]("member", len(b.Members))
	for _, m := range nonNil(b.Members) {
		members.add(l, m.ID, m, &m.Source)
		parties.ref(l, &m.Source, "party", m.Party)
		if m.Territory != "" && c.territories[m.Territory] == nil {
			l.errorf(m.Source.At("territory"), jirga.Suggest(m.Territory, c.TerritoryIDs()), "unknown territory %q", m.Territory)
		}
		if m.Designation != "" && !designations[m.Designation] {
			l.errorf(m.Source.At("designation"), jirga.Suggest(m.Designation, b.Designations), "unknown designation %q of body %q", m.Designation, b.ID)
		}
		if m.Seats < 0 {
			l.errorf(m.Source.At("seats"), "", "seats of %q cannot be negative", m.ID)
		}
		for _, k := range sortedKeys(m.Attributes) {
			if m.Attributes[k] < 0 {
				l.errorf(m.Source.At("attributes"), "", "attribute %q of %q cannot be negative", k, m.ID)
			}
		}
	}
	if b.SeatsFrom != nil {
		l.checkAllocation(b, parties)
	}
	l.checkBodyRules(b)
}

func (l *loader) checkAllocation(b *jirga.Body, parties *index[*jirga.Party]) {
	a := b.SeatsFrom
	if a.Seats <= 0 {
		l.errorf(a.Source.At("seats"), "", "seats_from of %q must allocate at least one seat", b.ID)
	}
	if a.Method == "" {
		l.errorf(a.Source.Pos, "e.g. method: dhondt", "seats_from of %q names no method", b.ID)
	} else if !contains(apportion.Methods, a.Method) {
		l.errorf(a.Source.At("method"), strings.TrimSpace(jirga.Suggest(a.Method, apportion.Methods)+" methods: "+strings.Join(apportion.Methods, ", ")), "unknown apportionment method %q", a.Method)
	} else if a.Seats > 0 && len(a.Votes) > 0 {
		l.allocate(b)
	}
}

// allocate apportions a body's seats_from and gives each member of a party
// with votes its party's seats; a member that also writes its seats is an
// error, since the allocation decides them.
func (l *loader) allocate(b *jirga.Body) {
	a := b.SeatsFrom
	parties := make([]apportion.Party, 0, len(a.Votes))
	for _, p := range sortedKeys(a.Votes) {
		parties = append(parties, apportion.Party{Name: p, Votes: a.Votes[p]})
	}
	opt := apportion.Options{Method: a.Method, Seats: int(a.Seats), Threshold: a.Threshold}
	if a.TieBreak != "" {
		tb, err := apportion.ParseTieBreak(a.TieBreak)
		if err != nil {
			l.errorf(a.Source.At("tie_break"), "write votes, lot:SEED, order:A,B or secondary", "seats_from of %q: unknown tie-break %q", b.ID, a.TieBreak)
			return
		}
		tb.Secondary, tb.SecondaryName = a.Secondary, a.SecondaryName
		opt.TieBreak = tb
	}
	res, err := apportion.Allocate(parties, opt)
	if err != nil {
		l.errorf(a.Source.At("threshold"), "", "seats_from of %q: %s", b.ID, jirga.ErrorMessage(err))
		return
	}
	seats := map[string]int64{}
	for _, p := range res.Parties {
		seats[p.Name] = int64(p.Seats)
	}
	for _, m := range nonNil(b.Members) {
		if _, ok := a.Votes[m.Party]; !ok || m.Party == "" {
			continue
		}
		if _, written := fieldWritten(&m.Source, "seats"); written {
			l.errorf(m.Source.At("seats"), "remove it: seats_from allocates the seats of "+m.Party, "member %q of body %q has seats written and allocated", m.ID, b.ID)
			continue
		}
		m.Seats = seats[m.Party]
	}
}

func (l *loader) checkBodyRules(b *jirga.Body) {
	ids := map[string]bool{}
	kinds := map[string]string{}
	for _, r := range nonNil(b.Rules) {
		if r.ID == "" {
			l.errorf(r.Source.Pos, "give it an id", "rule of body %q has no id", b.ID)
		} else if ids[r.ID] {
			l.errorf(r.Source.At("id"), "", "duplicate rule id %q in body %q", r.ID, b.ID)
		}
		ids[r.ID] = true
		for i, k := range r.Kinds {
			at := r.Source.At(fmt.Sprintf("kinds[%d]", i))
			if !contains(jirga.ProposalKinds, k) {
				l.errorf(at, jirga.Suggest(k, jirga.ProposalKinds), "unknown proposal kind %q", k)
			} else if other, dup := kinds[k]; dup {
				l.errorf(at, "each kind of proposal has one rule", "rules %q and %q of body %q both decide %s", other, r.ID, b.ID, k)
			}
			kinds[k] = r.ID
		}
		if r.Rule == nil {
			l.errorf(r.Source.Pos, "add `rule:` with its decision rule", "rule %q of body %q has no decision rule", r.ID, b.ID)
			continue
		}
		l.diags = append(l.diags, rules.Check(b, r.Rule)...)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (l *loader) checkLaws(c *Charter, bodies *index[*jirga.Body], communities *index[*jirga.Community], domains *index[*jirga.Domain], actions *index[*jirga.Action]) {
	ls := newIndex[*jirga.Law]("law", len(c.Laws))
	env, err := newEnv(c.Charter)
	if err != nil {
		l.errorf(c.Charter.Source.Pos, "", "cannot build the condition environment: %v", err)
	}
	c.env = env
	var texts []string
	for _, law := range nonNil(c.Laws) {
		ls.add(l, law.ID, law, &law.Source)
		l.checkLaw(c, law, bodies, communities, domains, actions)
		for _, r := range nonNil(law.Rules) {
			if r.When != "" {
				texts = append(texts, r.When)
			}
		}
	}
	c.laws = ls.m
	c.conditions = map[*jirga.Rule]*Condition{}
	if env == nil {
		return
	}
	results := env.compileAll(texts)
	for _, law := range nonNil(c.Laws) {
		for _, r := range nonNil(law.Rules) {
			if r.When == "" {
				continue
			}
			res := results[r.When]
			if res.cond != nil {
				c.conditions[r] = res.cond
			}
			if len(res.errs) == 0 {
				continue
			}
			at := r.Source.At("when")
			data := l.data[at.File]
			raw := rawText(data, at)
			for _, ce := range res.errs {
				p := conditionPos(at, raw, ce)
				if strings.HasPrefix(raw, "|") || strings.HasPrefix(raw, ">") {
					p.Col += indentOf(data, p.Line)
				}
				l.errorf(p, condHint(ce.Message), "condition of rule %q: %s", r.ID, ce.Message)
			}
		}
	}
}

// condHint turns CEL's own suggestion into a hint.
func condHint(msg string) string {
	if strings.Contains(msg, "undeclared reference") && !strings.Contains(msg, "did you mean") {
		return "conditions may use person.<attr>, context.<attr> and place.<attr> as declared in charter.yaml"
	}
	return ""
}

func (l *loader) checkLaw(c *Charter, law *jirga.Law, bodies *index[*jirga.Body], communities *index[*jirga.Community], domains *index[*jirga.Domain], actions *index[*jirga.Action]) {
	body, hasBody := bodies.ref(l, &law.Source, "enacted_by", law.EnactedBy)
	if law.EnactedBy == "" {
		l.errorf(law.Source.Pos, "name the enacting body", "law %q has no enacted_by", law.ID)
	}
	switch {
	case law.Territory != "" && law.Community != "":
		l.errorf(law.Source.At("community"), "a law is territorial or communal, not both", "law %q sets both territory and community", law.ID)
	case law.Territory == "" && law.Community == "":
		l.errorf(law.Source.Pos, "add territory: <id> or community: <id>", "law %q has no scope", law.ID)
	case law.Territory != "":
		t := c.territories[law.Territory]
		if t == nil {
			l.errorf(law.Source.At("territory"), jirga.Suggest(law.Territory, c.TerritoryIDs()), "unknown territory %q", law.Territory)
		} else if hasBody {
			l.checkTerritorialFit(law, body, t)
		}
	default:
		if _, ok := communities.ref(l, &law.Source, "community", law.Community); ok && hasBody && body.Community != law.Community {
			l.errorf(law.Source.At("enacted_by"), "a community's law is enacted by that community's body", "body %q cannot enact law for community %q", body.ID, law.Community)
		}
	}
	domain, hasDomain := domains.ref(l, &law.Source, "domain", law.Domain)
	if law.Domain == "" {
		l.errorf(law.Source.Pos, "name its policy domain", "law %q has no domain", law.ID)
	}
	ids := map[string]bool{}
	for _, r := range nonNil(law.Rules) {
		l.checkRule(law, r, ids, actions)
		if a := actions.m[r.Action]; a != nil && hasDomain && a.Domain != domain.ID {
			l.errorf(r.Source.At(r.Effect), "a law acts in one domain", "action %q is in domain %q, but law %q is in domain %q", a.ID, a.Domain, law.ID, domain.ID)
		}
	}
	if len(law.Rules) == 0 {
		l.errorf(law.Source.Pos, "add rules: [...]", "law %q has no rules", law.ID)
	}
}

// checkTerritorialFit reports a territorial law whose enacting body does
// not sit in the law's territory.
func (l *loader) checkTerritorialFit(law *jirga.Law, body *jirga.Body, t *jirga.Territory) {
	switch {
	case body.Community != "" && body.Territory == "" && body.PerLevel == "":
		l.errorf(law.Source.At("territory"), "a community body enacts community law: use community: "+body.Community, "body %q is a community body and cannot enact a law for territory %q", body.ID, t.ID)
	case body.PerLevel != "" && body.PerLevel != t.Level:
		l.errorf(law.Source.At("territory"), fmt.Sprintf("body %q sits in each %s", body.ID, body.PerLevel), "body %q cannot enact a law for %q, a %s", body.ID, t.ID, t.Level)
	case body.Territory != "" && body.Territory != t.ID:
		l.errorf(law.Source.At("territory"), fmt.Sprintf("body %q sits in %q", body.ID, body.Territory), "body %q cannot enact a law for territory %q", body.ID, t.ID)
	}
}

func (l *loader) checkRule(law *jirga.Law, r *jirga.Rule, ids map[string]bool, actions *index[*jirga.Action]) {
	if r.ID == "" {
		l.errorf(r.Source.Pos, "give it an id", "rule of law %q has no id", law.ID)
	} else if ids[r.ID] {
		l.errorf(r.Source.At("id"), "rule ids are unique within a law", "duplicate rule id %q in law %q", r.ID, law.ID)
	}
	ids[r.ID] = true
	set := 0
	for _, e := range []struct{ effect, action string }{{jirga.Permit, r.Permit}, {jirga.Forbid, r.Forbid}, {jirga.Oblige, r.Oblige}} {
		if e.action != "" {
			set++
			r.Effect, r.Action = e.effect, e.action
		}
	}
	switch set {
	case 0:
		l.errorf(r.Source.Pos, "write permit: <action>, forbid: <action> or oblige: <action>", "rule %q has no effect", r.ID)
		return
	case 1:
	default:
		l.errorf(r.Source.Pos, "split it into one rule per effect", "rule %q has more than one effect", r.ID)
	}
	actions.ref(l, &r.Source, r.Effect, r.Action)
}
