package ledger

import (
	"slices"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
)

// checkMandates checks that every mandate names a seat the charter has.
func checkMandates(c *charter.Charter, ms []jirga.Mandate) error {
	if len(ms) == 0 {
		return invalidf("a delegate needs at least one mandate")
	}
	for _, m := range ms {
		if err := checkMandate(c, m); err != nil {
			return err
		}
	}
	return nil
}

func checkMandate(c *charter.Charter, m jirga.Mandate) error {
	if err := m.Validate(); err != nil {
		return err
	}
	b := c.Body(m.Body)
	if b == nil {
		return invalidf("mandate %s: no body %q%s", m, m.Body, hint(m.Body, bodyIDs(c)))
	}
	if err := checkSitting(c, b, m.Territory); err != nil {
		return invalidf("mandate %s: %s", m, jirga.ErrorMessage(err))
	}
	if m.Member != "" {
		if memberOf(b, m.Member) == nil {
			return invalidf("mandate %s: body %q has no member %q%s", m, b.ID, m.Member, hint(m.Member, memberIDs(b)))
		}
		return nil
	}
	if b.Voting != jirga.VotingByParty {
		return invalidf("mandate %s: body %q votes by member, so a mandate names a member, not a party", m, b.ID)
	}
	for _, mem := range b.Members {
		if mem != nil && mem.Party == m.Party {
			return nil
		}
	}
	return invalidf("mandate %s: no member of body %q belongs to party %q", m, b.ID, m.Party)
}

// checkSitting checks the territory named for a body: required, at the
// body's level, for a body that sits in every territory of a level; absent
// otherwise.
func checkSitting(c *charter.Charter, b *jirga.Body, territory string) error {
	if b.PerLevel == "" {
		if territory != "" {
			return invalidf("body %q sits in one place only: leave out the territory", b.ID)
		}
		return nil
	}
	if territory == "" {
		return invalidf("body %q sits in every %s: name the territory", b.ID, b.PerLevel)
	}
	t := c.Territory(territory)
	if t == nil {
		return invalidf("no territory %q%s", territory, hint(territory, c.TerritoryIDs()))
	}
	if t.Level != b.PerLevel {
		return invalidf("territory %q is a %s, but body %q sits in every %s", t.ID, t.Level, b.ID, b.PerLevel)
	}
	return nil
}

func hint(got string, valid []string) string {
	if n := jirga.Nearest(got, valid); n != "" {
		return " (did you mean " + `"` + n + `"?)`
	}
	return ""
}

func bodyIDs(c *charter.Charter) []string {
	return charter.IDs(c.Bodies, func(b *jirga.Body) string { return b.ID })
}

func memberIDs(b *jirga.Body) []string {
	return charter.IDs(b.Members, func(m *jirga.Member) string { return m.ID })
}

func memberOf(b *jirga.Body, id string) *jirga.Member {
	for _, m := range b.Members {
		if m != nil && m.ID == id {
			return m
		}
	}
	return nil
}

// partyOf returns the party of a mandate's member ("" for a party mandate
// or a member without a party, or when the body is gone).
func partyOf(c *charter.Charter, m jirga.Mandate) string {
	if m.Member == "" {
		return ""
	}
	if b := c.Body(m.Body); b != nil {
		if mem := memberOf(b, m.Member); mem != nil {
			return mem.Party
		}
	}
	return ""
}

// covers reports whether mandates grant mandate o.
func covers(c *charter.Charter, mandates []jirga.Mandate, o jirga.Mandate) bool {
	party := partyOf(c, o)
	return slices.ContainsFunc(mandates, func(m jirga.Mandate) bool { return m.Covers(o, party) })
}

// sits reports whether a delegate holds any mandate in body b (in
// territory t for a body that sits in every territory of a level).
func sits(d *jirga.Delegate, body, territory string) bool {
	return slices.ContainsFunc(d.Mandates, func(m jirga.Mandate) bool { return m.Body == body && m.Territory == territory })
}

// seats returns the members of body b a delegate votes for, in body
// order: those its member mandates name and, in a body that votes by
// party, the members of the parties its party mandates name.
func seats(d *jirga.Delegate, b *jirga.Body, territory string) []string {
	var members []string
	for _, mem := range b.Members {
		if mem == nil {
			continue
		}
		if slices.ContainsFunc(d.Mandates, func(m jirga.Mandate) bool {
			return m.Body == b.ID && m.Territory == territory &&
				(m.Member == mem.ID || m.Party != "" && m.Party == mem.Party && b.Voting == jirga.VotingByParty)
		}) {
			members = append(members, mem.ID)
		}
	}
	return members
}

// holdsSeat reports whether a delegate holds a member mandate for member.
func holdsSeat(d *jirga.Delegate, body, territory, member string) bool {
	return slices.ContainsFunc(d.Mandates, func(m jirga.Mandate) bool {
		return m.Body == body && m.Territory == territory && m.Member == member
	})
}
