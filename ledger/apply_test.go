package ledger_test

import (
	"strings"
	"testing"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/engine"
	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ledger/ledgertest"
)

// members is the assembly size of the tests' ledger.
const members = 5

// window returns a closes_at an hour after the chain's clock.
func window(c *ledgertest.Chain) string { return c.Now.Add(time.Hour).Format(time.RFC3339) }

// must appends and fails the test on refusal.
func must(t *testing.T, c *ledgertest.Chain, name string, body ledger.Body) []jirga.Event {
	t.Helper()
	events, err := c.Do(name, body)
	if err != nil {
		t.Fatalf("%s %s: %v", name, body.EnvelopeKind(), err)
	}
	return events
}

// refused appends and checks the refusal's code and message, and that the
// state did not change.
func refused(t *testing.T, c *ledgertest.Chain, name string, body ledger.Body, code, want string) {
	t.Helper()
	before, height := c.State.Hash(), c.State.Height()
	_, err := c.Do(name, body)
	checkRefusal(t, err, code, want)
	if c.State.Hash() != before || c.State.Height() != height {
		t.Errorf("a refused envelope changed the state")
	}
}

func checkRefusal(t *testing.T, err error, code, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted, want %s error %q", code, want)
	}
	if jirga.ErrorCode(err) != code || !strings.Contains(err.Error(), want) {
		t.Errorf("error %q (code %s), want code %s containing %q", err, jirga.ErrorCode(err), code, want)
	}
}

// openMotion submits and opens a motion before the assembly.
func openMotion(t *testing.T, c *ledgertest.Chain, id string) {
	t.Helper()
	must(t, c, "m01", ledger.SubmitBody{ID: id, Body: "assembly", Kind: jirga.KindMotion, Title: "Motion " + id, ClosesAt: window(c)})
	must(t, c, "m01", ledger.OpenBody{Proposal: id})
}

// closeAfter moves the clock past the proposal's window and closes it.
func closeAfter(t *testing.T, c *ledgertest.Chain, id string) []jirga.Event {
	t.Helper()
	p, _ := c.State.Proposal(id)
	c.Now = p.ClosesAt
	return must(t, c, "m01", ledger.CloseBody{Proposal: id})
}

func TestVoteAndTally(t *testing.T) {
	t.Parallel()
	c := ledgertest.NewChain(members)
	openMotion(t, c, "p1")
	must(t, c, "m01", ledger.VoteBody{Proposal: "p1", Vote: "yes"})
	must(t, c, "m02", ledger.VoteBody{Proposal: "p1", Vote: "yes"})
	must(t, c, "m03", ledger.VoteBody{Proposal: "p1", Vote: "no"})
	must(t, c, "m04", ledger.VoteBody{Proposal: "p1", Vote: "abstain"})
	events := closeAfter(t, c, "p1")
	if len(events) != 1 || events[0].Kind != jirga.EventProposalClosed {
		t.Fatalf("close events = %+v", events)
	}
	p, _ := c.State.Proposal("p1")
	r := p.Result
	// Majority of seats voting (yes or no): 2 of 3.
	if p.Status != jirga.ProposalPassed || r == nil || !r.Passed || r.Yes != 2 || r.No != 1 || r.Abstain != 1 || r.Absent != 1 || r.Members != 5 {
		t.Fatalf("proposal = %+v, result %+v", p, r)
	}
	if len(r.Clauses) != 1 || !r.Clauses[0].Held || r.Effect != "none" {
		t.Errorf("clauses = %+v, effect %q", r.Clauses, r.Effect)
	}
}

// TestDoubleVote: a member's second vote replaces its first and is
// counted once.
func TestDoubleVote(t *testing.T) {
	t.Parallel()
	c := ledgertest.NewChain(members)
	openMotion(t, c, "p1")
	ev := must(t, c, "m02", ledger.VoteBody{Proposal: "p1", Vote: "yes"})
	if ev[0].Kind != jirga.EventVoteCast {
		t.Errorf("first vote: %s", ev[0].Kind)
	}
	ev = must(t, c, "m02", ledger.VoteBody{Proposal: "p1", Vote: "yes"})
	ev2 := must(t, c, "m02", ledger.VoteBody{Proposal: "p1", Vote: "no"})
	if ev[0].Kind != jirga.EventVoteChanged || ev2[0].Kind != jirga.EventVoteChanged {
		t.Errorf("later votes: %s, %s", ev[0].Kind, ev2[0].Kind)
	}
	must(t, c, "m03", ledger.VoteBody{Proposal: "p1", Vote: "yes"})
	votes := c.State.Votes("p1")
	if len(votes) != 2 || votes[0].Member != "m02" || votes[0].Vote != "no" || votes[1].Member != "m03" {
		t.Fatalf("votes = %+v", votes)
	}
	out, err := c.State.Tally("p1")
	if err != nil || out.Turnout.Yes != 1 || out.Turnout.No != 1 {
		t.Fatalf("tally = %+v, %v", out, err)
	}
	closeAfter(t, c, "p1")
	p, _ := c.State.Proposal("p1")
	// 1 yes of 2 voting is not a strict majority.
	if p.Status != jirga.ProposalRejected || p.Result.Yes != 1 || p.Result.No != 1 {
		t.Errorf("proposal %s, result %+v", p.Status, p.Result)
	}
}

func TestSecurity(t *testing.T) {
	t.Parallel()
	c := ledgertest.NewChain(members)
	openMotion(t, c, "p1")

	t.Run("unknown key", func(t *testing.T) {
		refused(t, c, "stranger", ledger.VoteBody{Proposal: "p1", Vote: "yes"}, jirga.EUNAUTHORIZED, "is not a registered delegate")
	})
	t.Run("replayed envelope", func(t *testing.T) {
		cl := c.Client("m02")
		first := cl.Sign(ledger.VoteBody{Proposal: "p1", Vote: "yes"})
		if _, err := c.Append(first); err != nil {
			t.Fatal(err)
		}
		before := c.State.Hash()
		_, err := c.Append(first)
		checkRefusal(t, err, jirga.ECONFLICT, "was already used (a replay?)")
		// The same seq with another body is a replay too.
		_, err = c.Append(cl.SignSeq(cl.Seq(), ledger.VoteBody{Proposal: "p1", Vote: "no"}))
		checkRefusal(t, err, jirga.ECONFLICT, "was already used")
		_, err = c.Append(cl.SignSeq(cl.Seq()+2, ledger.VoteBody{Proposal: "p1", Vote: "no"}))
		checkRefusal(t, err, jirga.ECONFLICT, "skips ahead: the next is")
		if c.State.Hash() != before {
			t.Error("a replay changed the state")
		}
	})
	t.Run("envelope for another ledger", func(t *testing.T) {
		other := ledgertest.NewClient(strings.Repeat("ab", 32), "m03")
		before := c.State.Hash()
		_, err := c.Append(other.Sign(ledger.VoteBody{Proposal: "p1", Vote: "yes"}))
		checkRefusal(t, err, jirga.EINVALID, "not this ledger")
		if c.State.Hash() != before {
			t.Error("state changed")
		}
	})
	t.Run("vote by a non-member", func(t *testing.T) {
		// The council's red delegate has no seat in the assembly.
		refused(t, c, "red", ledger.VoteBody{Proposal: "p1", Vote: "yes"}, jirga.EUNAUTHORIZED, `signer acts for no member of body "assembly"`)
		refused(t, c, "m03", ledger.VoteBody{Proposal: "p1", Vote: "yes", Member: "m04"}, jirga.EUNAUTHORIZED, `does not act for member "m04"`)
		refused(t, c, "m03", ledger.VoteBody{Proposal: "p1", Vote: "yes", Member: "m99"}, jirga.EINVALID, `has no member "m99"`)
	})
	t.Run("bad vote", func(t *testing.T) {
		refused(t, c, "m03", ledger.VoteBody{Proposal: "p1", Vote: "maybe"}, jirga.EINVALID, `unknown vote "maybe"`)
		refused(t, c, "m03", ledger.VoteBody{Proposal: "nope", Vote: "yes"}, jirga.ENOTFOUND, `no proposal "nope"`)
	})
	t.Run("revoked key", func(t *testing.T) {
		must(t, c, "m05", ledger.RevokeBody{Key: ledgertest.PublicKey("m05"), Reason: "key lost"})
		d, _ := c.State.Delegate(ledgertest.PublicKey("m05"))
		if d.Status != jirga.DelegateRevoked {
			t.Fatalf("status = %s", d.Status)
		}
		refused(t, c, "m05", ledger.VoteBody{Proposal: "p1", Vote: "yes"}, jirga.EUNAUTHORIZED, "was revoked")
		// Another member cannot revoke m04: its mandate does not cover m04's.
		refused(t, c, "m03", ledger.RevokeBody{Key: ledgertest.PublicKey("m04")}, jirga.EUNAUTHORIZED, "do not cover mandate")
	})
}

func TestVotingWindow(t *testing.T) {
	t.Parallel()
	c := ledgertest.NewChain(members)
	opens := c.Now.Add(10 * time.Minute)
	closes := c.Now.Add(time.Hour)
	must(t, c, "m01", ledger.SubmitBody{ID: "p1", Body: "assembly", Kind: jirga.KindMotion, Title: "T",
		OpensAt: opens.Format(time.RFC3339), ClosesAt: closes.Format(time.RFC3339)})
	refused(t, c, "m02", ledger.VoteBody{Proposal: "p1", Vote: "yes"}, jirga.ECONFLICT, "not open for voting yet")
	refused(t, c, "m01", ledger.OpenBody{Proposal: "p1"}, jirga.ECONFLICT, "opens at 2026-05-01T01:10:00")
	refused(t, c, "m01", ledger.CloseBody{Proposal: "p1"}, jirga.ECONFLICT, "only an open proposal can be closed")
	c.Now = opens
	refused(t, c, "red", ledger.OpenBody{Proposal: "p1"}, jirga.EUNAUTHORIZED, "no mandate")
	must(t, c, "m02", ledger.OpenBody{Proposal: "p1"})
	must(t, c, "m02", ledger.VoteBody{Proposal: "p1", Vote: "yes"})
	refused(t, c, "m01", ledger.CloseBody{Proposal: "p1"}, jirga.ECONFLICT, "open for voting until 2026-05-01T02:00:00")
	c.Now = closes // the window is [opens, closes)
	refused(t, c, "m03", ledger.VoteBody{Proposal: "p1", Vote: "yes"}, jirga.ECONFLICT, "closed at 2026-05-01T02:00:00")
	must(t, c, "m03", ledger.CloseBody{Proposal: "p1"})
	refused(t, c, "m04", ledger.VoteBody{Proposal: "p1", Vote: "no"}, jirga.ECONFLICT, "voting has ended")
	refused(t, c, "m01", ledger.CloseBody{Proposal: "p1"}, jirga.ECONFLICT, "is passed: only an open proposal")
	refused(t, c, "m01", ledger.WithdrawBody{Proposal: "p1"}, jirga.ECONFLICT, "can no longer be withdrawn")
	p, _ := c.State.Proposal("p1")
	if p.Status != jirga.ProposalPassed || p.Result.Yes != 1 || p.Opened != 2 || p.Closed != 4 {
		t.Errorf("proposal = %+v %+v", p, p.Result)
	}
}

func TestSubmitRefusals(t *testing.T) {
	t.Parallel()
	c := ledgertest.NewChain(members)
	ok := ledger.SubmitBody{ID: "p1", Body: "assembly", Kind: jirga.KindMotion, Title: "T", ClosesAt: window(c)}
	edit := func(f func(*ledger.SubmitBody)) ledger.SubmitBody { b := ok; f(&b); return b }
	tests := []struct {
		name               string
		body               ledger.SubmitBody
		signer, code, want string
	}{
		{"unknown body", edit(func(b *ledger.SubmitBody) { b.Body = "asembly" }), "m01", jirga.EINVALID, `no body "asembly" (did you mean "assembly"?)`},
		{"unknown kind", edit(func(b *ledger.SubmitBody) { b.Kind = "coup" }), "m01", jirga.EINVALID, `unknown proposal kind "coup"`},
		{"no rule for the kind", edit(func(b *ledger.SubmitBody) { b.Body = "council"; b.Kind = jirga.KindAmendCharter }), "red", jirga.EINVALID, `body "council" has no decision rule for amend_charter`},
		{"not a member", ok, "red", jirga.EUNAUTHORIZED, `no mandate in body "assembly"`},
		{"bad id", edit(func(b *ledger.SubmitBody) { b.ID = "../etc" }), "m01", jirga.EINVALID, "proposal id"},
		{"window in the past", edit(func(b *ledger.SubmitBody) { b.ClosesAt = "2026-05-01T00:00:00Z" }), "m01", jirga.EINVALID, "is not after the time of submission"},
		{"bad time", edit(func(b *ledger.SubmitBody) { b.ClosesAt = "tomorrow" }), "m01", jirga.EINVALID, "must be an RFC 3339 time"},
		{"opens after it closes", edit(func(b *ledger.SubmitBody) { b.OpensAt = "2030-01-01T00:00:00Z" }), "m01", jirga.EINVALID, "is not before closes_at"},
		{"no title", edit(func(b *ledger.SubmitBody) { b.Title = "" }), "m01", jirga.EINVALID, "title must not be empty"},
		{"law on a motion", edit(func(b *ledger.SubmitBody) { b.Law = "id: x" }), "m01", jirga.EINVALID, "a motion proposal has no law"},
		{"law missing", edit(func(b *ledger.SubmitBody) { b.Kind = jirga.KindEnactLaw }), "m01", jirga.EINVALID, "a enact_law proposal needs law"},
		{"territory of a national body", edit(func(b *ledger.SubmitBody) { b.Territory = "P1" }), "m01", jirga.EINVALID, "leave out the territory"},
		{"provincial body without territory", edit(func(b *ledger.SubmitBody) { b.Body = "provincial" }), "P1-gov", jirga.EINVALID, "sits in every province: name the territory"},
		{"provincial body of another province", edit(func(b *ledger.SubmitBody) { b.Body = "provincial"; b.Territory = "P2" }), "P1-gov", jirga.EUNAUTHORIZED, `no mandate in body "provincial" of "P2"`},
		{"repeal of an unknown law", edit(func(b *ledger.SubmitBody) { b.Kind = jirga.KindRepealLaw; b.LawID = "movement-akt" }), "m01", jirga.EINVALID, `no law "movement-akt" is in force (did you mean "movement-act"?)`},
		{"repeal by another body", edit(func(b *ledger.SubmitBody) { b.Body = "council"; b.Kind = jirga.KindRepealLaw; b.LawID = "movement-act" }), "red", jirga.EINVALID, `only that body can repeal it`},
		{"amendment that does not load", edit(func(b *ledger.SubmitBody) { b.Kind = jirga.KindAmendCharter; b.Charter = "jirga: 1\nid: x\n" }), "m01", jirga.EINVALID, "amended charter of proposal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			refused(t, c, tt.signer, tt.body, tt.code, tt.want)
		})
	}
	must(t, c, "m01", ok)
	refused(t, c, "m02", ok, jirga.ECONFLICT, `proposal "p1" already exists`)
}

// lawText is a law of the assembly in the movement domain.
func lawText(id, effect, when string) string {
	s := "id: " + id + "\ntitle: Law " + id + "\nenacted_by: assembly\nterritory: N\ndomain: movement\nrules:\n  - id: r1\n    " + effect + ": relocate\n"
	if when != "" {
		s += "    when: " + when + "\n"
	}
	return s
}

func TestLawFailsReview(t *testing.T) {
	t.Parallel()
	c := ledgertest.NewChain(members)
	sb := ledger.SubmitBody{ID: "ban", Body: "assembly", Kind: jirga.KindEnactLaw, Title: "Ban moving", Law: lawText("ban", "forbid", ""), ClosesAt: window(c)}
	before := c.State.Hash()
	_, err := c.Do("m01", sb)
	checkRefusal(t, err, jirga.EINVALID, `law "ban" of proposal "ban" fails constitutional review: 1 finding`)
	je := err.(*jirga.Error)
	if len(je.Diagnostics) != 1 || je.Diagnostics[0].Pos.String() != "laws/ledger/ban.yaml:7:5" ||
		!strings.Contains(je.Diagnostics[0].Message, "protected_action_forbidden") {
		t.Errorf("findings = %+v", je.Diagnostics)
	}
	// A law outside the body's competence: education is provincial.
	sb.Law = strings.Replace(strings.Replace(lawText("ban", "permit", ""), "movement", "education", 1), "relocate", "attend_school", 1)
	_, err = c.Do("m01", sb)
	checkRefusal(t, err, jirga.EINVALID, "fails constitutional review")
	if !strings.Contains(err.Error(), "ultra_vires") {
		t.Errorf("error %v does not name ultra_vires", err)
	}
	// A law that does not load at all.
	sb.Law = "id: ban\ntitle: x\nenacted_by: assembly\nterritory: N\ndomain: movement\nrules:\n  - id: r1\n    permit: fly\n"
	_, err = c.Do("m01", sb)
	checkRefusal(t, err, jirga.EINVALID, `law of proposal "ban"`)
	if !strings.Contains(err.Error(), "laws/ledger/ban.yaml:8") {
		t.Errorf("error %v does not locate the unknown action", err)
	}
	// A law enacted by another body than the proposal's.
	sb.Law = strings.Replace(lawText("ban", "permit", ""), "enacted_by: assembly", "enacted_by: council", 1)
	_, err = c.Do("m01", sb)
	checkRefusal(t, err, jirga.EINVALID, `enacted_by is "council", but the proposal is before body "assembly"`)
	if c.State.Hash() != before {
		t.Error("refused laws changed the state")
	}
}

func TestEnactLaw(t *testing.T) {
	t.Parallel()
	c := ledgertest.NewChain(members)
	// The law obliges adults to register a move: a new rule that changes
	// what ask answers about relocate for an adult.
	law := lawText("registration", "oblige", "person.age >= 18")
	must(t, c, "m01", ledger.SubmitBody{ID: "reg", Body: "assembly", Kind: jirga.KindEnactLaw, Title: "Registration", Law: law, ClosesAt: window(c)})
	p, _ := c.State.Proposal("reg")
	if p.LawID != "registration" {
		t.Errorf("law id = %q", p.LawID)
	}
	refused(t, c, "m02", ledger.SubmitBody{ID: "reg2", Body: "assembly", Kind: jirga.KindEnactLaw, Title: "Again", Law: law, ClosesAt: window(c)},
		jirga.ECONFLICT, `law "registration" is already proposed by proposal "reg"`)
	must(t, c, "m01", ledger.OpenBody{Proposal: "reg"})
	for _, m := range []string{"m01", "m02", "m03"} {
		must(t, c, m, ledger.VoteBody{Proposal: "reg", Vote: "yes"})
	}
	if verdict(t, c, 30) != jirga.Permitted {
		t.Fatal("relocate is not permitted before the law")
	}
	events := closeAfter(t, c, "reg")
	if len(events) != 2 || events[1].Kind != jirga.EventLawEnacted || events[1].Law != "registration" || events[1].Charter != c.State.Charter().Hash {
		t.Fatalf("events = %+v", events)
	}
	p, _ = c.State.Proposal("reg")
	if p.Result.Effect != "law enacted" {
		t.Errorf("effect = %q", p.Result.Effect)
	}
	if got := verdict(t, c, 30); got != jirga.Obliged {
		t.Errorf("relocate at 30 after the law = %s, want obliged", got)
	}
	if got := verdict(t, c, 10); got != jirga.Permitted {
		t.Errorf("relocate at 10 after the law = %s, want permitted", got)
	}
	if c.State.Charter().Law("registration").Source.File != "laws/ledger/reg.yaml" {
		t.Errorf("law file = %s", c.State.Charter().Law("registration").Source.File)
	}

	// Repeal it again.
	must(t, c, "m02", ledger.SubmitBody{ID: "unreg", Body: "assembly", Kind: jirga.KindRepealLaw, Title: "Repeal", LawID: "registration", ClosesAt: window(c)})
	must(t, c, "m02", ledger.OpenBody{Proposal: "unreg"})
	for _, m := range []string{"m01", "m02", "m03"} {
		must(t, c, m, ledger.VoteBody{Proposal: "unreg", Vote: "yes"})
	}
	events = closeAfter(t, c, "unreg")
	if len(events) != 2 || events[1].Kind != jirga.EventLawRepealed || events[1].Law != "registration" {
		t.Fatalf("events = %+v", events)
	}
	if got := verdict(t, c, 30); got != jirga.Permitted {
		t.Errorf("relocate at 30 after the repeal = %s, want permitted", got)
	}
	if c.State.Charter().Law("registration") != nil || len(c.State.Files()) != 2 {
		t.Errorf("law still in force; files %d", len(c.State.Files()))
	}
}

// verdict asks whether a person of the given age may relocate in P1.
func verdict(t *testing.T, c *ledgertest.Chain, age int) jirga.Verdict {
	t.Helper()
	e, err := engine.New(c.State.Charter())
	if err != nil {
		t.Fatal(err)
	}
	facts, err := e.Facts(map[string]any{"age": age}, nil)
	if err != nil {
		t.Fatal(err)
	}
	q, err := e.NewQuestion("P1", "relocate", facts)
	if err != nil {
		t.Fatal(err)
	}
	return e.Decide(q)
}

// TestPassedLawThatNoLongerFits: two laws that each pass review alone
// but conflict with each other. The first to pass enters into force; the
// second passes its vote but cannot enter into force, and says why.
func TestPassedLawThatNoLongerFits(t *testing.T) {
	t.Parallel()
	c := ledgertest.NewChain(members)
	school := func(id, effect, when string) string {
		return "id: " + id + "\ntitle: " + id + "\nenacted_by: provincial\nterritory: P1\ndomain: education\nrules:\n  - id: r1\n    " + effect + ": attend_school\n    when: " + when + "\n"
	}
	for _, p := range []struct{ id, law string }{
		{"a", school("oblige-school", "oblige", "person.age >= 6 && person.age < 16")},
		{"b", school("forbid-school", "forbid", "person.age >= 10")},
	} {
		must(t, c, "P1-gov", ledger.SubmitBody{ID: p.id, Body: "provincial", Territory: "P1", Kind: jirga.KindEnactLaw, Title: p.id, Law: p.law, ClosesAt: window(c)})
		must(t, c, "P1-gov", ledger.OpenBody{Proposal: p.id})
		must(t, c, "P1-gov", ledger.VoteBody{Proposal: p.id, Vote: "yes"})
	}
	p, _ := c.State.Proposal("b")
	c.Now = p.ClosesAt
	must(t, c, "P1-gov", ledger.CloseBody{Proposal: "a"})
	events := must(t, c, "P1-gov", ledger.CloseBody{Proposal: "b"})
	if len(events) != 1 {
		t.Errorf("closing b caused %+v", events)
	}
	p, _ = c.State.Proposal("b")
	if p.Status != jirga.ProposalPassed || !strings.HasPrefix(p.Result.Effect, "not in force: law \"forbid-school\" of proposal \"b\" fails constitutional review") {
		t.Errorf("b: %s, effect %q", p.Status, p.Result.Effect)
	}
	if c.State.Charter().Law("oblige-school") == nil || c.State.Charter().Law("forbid-school") != nil {
		t.Error("wrong laws in force")
	}
}

func TestWithdraw(t *testing.T) {
	t.Parallel()
	c := ledgertest.NewChain(members)
	openMotion(t, c, "p1")
	refused(t, c, "m02", ledger.WithdrawBody{Proposal: "p1"}, jirga.EUNAUTHORIZED, "only the proposer")
	ev := must(t, c, "m01", ledger.WithdrawBody{Proposal: "p1"})
	if ev[0].Kind != jirga.EventProposalWithdrawn {
		t.Errorf("event %s", ev[0].Kind)
	}
	refused(t, c, "m02", ledger.VoteBody{Proposal: "p1", Vote: "yes"}, jirga.ECONFLICT, "is withdrawn: voting has ended")
}

// TestByParty: in the council a party's delegate casts all its members'
// seats at once.
func TestByParty(t *testing.T) {
	t.Parallel()
	c := ledgertest.NewChain(members)
	must(t, c, "red", ledger.SubmitBody{ID: "c1", Body: "council", Kind: jirga.KindMotion, Title: "T", ClosesAt: window(c)})
	must(t, c, "blue", ledger.OpenBody{Proposal: "c1"})
	ev := must(t, c, "blue", ledger.VoteBody{Proposal: "c1", Vote: "yes"})
	if strings.Join(ev[0].Members, ",") != "blue" {
		t.Errorf("blue voted for %v", ev[0].Members)
	}
	refused(t, c, "red", ledger.VoteBody{Proposal: "c1", Vote: "no", Member: "red"}, jirga.EINVALID, "votes by party")
	must(t, c, "red", ledger.VoteBody{Proposal: "c1", Vote: "no"})
	must(t, c, "independent", ledger.VoteBody{Proposal: "c1", Vote: "yes", Member: "independent"})
	p, _ := c.State.Proposal("c1")
	c.Now = p.ClosesAt
	must(t, c, "red", ledger.CloseBody{Proposal: "c1"})
	p, _ = c.State.Proposal("c1")
	// Seats: yes 4 + 1 = 5, no 6: rejected.
	if p.Status != jirga.ProposalRejected || p.Result.Yes != 2 || p.Result.No != 1 {
		t.Errorf("council proposal %s %+v", p.Status, p.Result)
	}
}

func TestProvincialCouncil(t *testing.T) {
	t.Parallel()
	c := ledgertest.NewChain(members)
	law := "id: p1-schools\ntitle: Schools of P1\nenacted_by: provincial\nterritory: P1\ndomain: education\nrules:\n  - id: r1\n    oblige: attend_school\n    when: person.age >= 6 && person.age < 16\n"
	must(t, c, "P1-gov", ledger.SubmitBody{ID: "s1", Body: "provincial", Territory: "P1", Kind: jirga.KindEnactLaw, Title: "Schools", Law: law, ClosesAt: window(c)})
	refused(t, c, "P2-gov", ledger.OpenBody{Proposal: "s1"}, jirga.EUNAUTHORIZED, `no mandate in body "provincial" of "P1"`)
	must(t, c, "P1-opp", ledger.OpenBody{Proposal: "s1"})
	refused(t, c, "P2-gov", ledger.VoteBody{Proposal: "s1", Vote: "yes"}, jirga.EUNAUTHORIZED, "acts for no member")
	must(t, c, "P1-gov", ledger.VoteBody{Proposal: "s1", Vote: "yes"})
	must(t, c, "P1-opp", ledger.VoteBody{Proposal: "s1", Vote: "no"})
	p, _ := c.State.Proposal("s1")
	c.Now = p.ClosesAt
	must(t, c, "P1-opp", ledger.CloseBody{Proposal: "s1"})
	if c.State.Charter().Law("p1-schools") == nil {
		p, _ = c.State.Proposal("s1")
		t.Fatalf("law not enacted: %+v", p.Result)
	}
	// A law for P2 under a P1 proposal is refused.
	bad := strings.Replace(law, "territory: P1", "territory: P2", 1)
	refused(t, c, "P1-gov", ledger.SubmitBody{ID: "s2", Body: "provincial", Territory: "P1", Kind: jirga.KindEnactLaw, Title: "Schools", Law: strings.Replace(bad, "p1-schools", "p2-schools", 1), ClosesAt: window(c)},
		jirga.EINVALID, `territory is "P2", but the proposal is before the provincial of "P1"`)
}

func TestDelegateKeys(t *testing.T) {
	t.Parallel()
	c := ledgertest.NewChain(members)
	// red grants a second key for its party's seats in the council.
	ev := must(t, c, "red", ledger.RegisterBody{Delegate: ledger.GenesisDelegate{Key: ledgertest.PublicKey("red-2"), Name: "red deputy", Mandates: []jirga.Mandate{{Body: "council", Party: "red"}}}})
	if ev[0].Kind != jirga.EventDelegateRegistered || ev[0].Delegate != ledgertest.PublicKey("red-2") {
		t.Errorf("event = %+v", ev[0])
	}
	// Nobody grants what it does not hold.
	refused(t, c, "red", ledger.RegisterBody{Delegate: ledger.GenesisDelegate{Key: ledgertest.PublicKey("thief"), Mandates: []jirga.Mandate{{Body: "council", Party: "blue"}}}},
		jirga.EUNAUTHORIZED, "do not cover mandate council:party=blue")
	refused(t, c, "red", ledger.RegisterBody{Delegate: ledger.GenesisDelegate{Key: ledgertest.PublicKey("red-2"), Mandates: []jirga.Mandate{{Body: "council", Party: "red"}}}},
		jirga.ECONFLICT, "already known")
	refused(t, c, "red", ledger.RegisterBody{Delegate: ledger.GenesisDelegate{Key: ledgertest.PublicKey("x"), Mandates: []jirga.Mandate{{Body: "council", Party: "green"}}}},
		jirga.EINVALID, `no member of body "council" belongs to party "green"`)
	identity := ledger.EncodeKey(append([]byte{1}, make([]byte, 31)...)) // a point of small order
	refused(t, c, "red", ledger.RegisterBody{Delegate: ledger.GenesisDelegate{Key: identity, Mandates: []jirga.Mandate{{Body: "council", Party: "red"}}}},
		jirga.EINVALID, "not a usable ed25519 public key")
	// red-2 rotates to red-3; red-2 stops working, red-3 acts.
	must(t, c, "red-2", ledger.RotateBody{Key: ledgertest.PublicKey("red-3")})
	refused(t, c, "red-2", ledger.SubmitBody{ID: "x", Body: "council", Kind: jirga.KindMotion, Title: "T", ClosesAt: window(c)}, jirga.EUNAUTHORIZED, "was rotated: its successor is "+ledgertest.PublicKey("red-3"))
	must(t, c, "red-3", ledger.SubmitBody{ID: "x", Body: "council", Kind: jirga.KindMotion, Title: "T", ClosesAt: window(c)})
	// The original red delegate revokes red-3: its mandates cover red-3's.
	must(t, c, "red", ledger.RevokeBody{Key: ledgertest.PublicKey("red-3")})
	refused(t, c, "red", ledger.RevokeBody{Key: ledgertest.PublicKey("red-3")}, jirga.ECONFLICT, "is already revoked")
	d, _ := c.State.Delegate(ledgertest.PublicKey("red-3"))
	if d.Status != jirga.DelegateRevoked || d.Seq != 1 || d.Since != 2 {
		t.Errorf("red-3 = %+v", d)
	}
	if n := len(c.State.Delegates()); n != members+10 {
		t.Errorf("delegates = %d", n)
	}
}

func TestAmendCharter(t *testing.T) {
	t.Parallel()
	c := ledgertest.NewChain(members)
	files := c.State.Files()
	amended := strings.Replace(string(files[0].Data), "title: Ledger test charter", "title: Ledger test charter, amended", 1)
	must(t, c, "m01", ledger.SubmitBody{ID: "am", Body: "assembly", Kind: jirga.KindAmendCharter, Title: "Amend", Charter: amended, ClosesAt: window(c)})
	must(t, c, "m01", ledger.OpenBody{Proposal: "am"})
	for _, m := range []string{"m01", "m02", "m03"} {
		must(t, c, m, ledger.VoteBody{Proposal: "am", Vote: "yes"})
	}
	// Two thirds of all 5 seats needs 4 (3.33...): 3 yes fail.
	closeAfter(t, c, "am")
	if p, _ := c.State.Proposal("am"); p.Status != jirga.ProposalRejected || c.State.Charter().Title != "Ledger test charter" {
		t.Fatalf("amendment with 3 of 5: %s, title %q", p.Status, c.State.Charter().Title)
	}
	must(t, c, "m01", ledger.SubmitBody{ID: "am2", Body: "assembly", Kind: jirga.KindAmendCharter, Title: "Amend", Charter: amended, ClosesAt: window(c)})
	must(t, c, "m01", ledger.OpenBody{Proposal: "am2"})
	for _, m := range []string{"m01", "m02", "m03", "m04"} {
		must(t, c, m, ledger.VoteBody{Proposal: "am2", Vote: "yes"})
	}
	events := closeAfter(t, c, "am2")
	if len(events) != 2 || events[1].Kind != jirga.EventCharterAmended {
		t.Fatalf("events %+v", events)
	}
	if c.State.Charter().Title != "Ledger test charter, amended" || c.State.Charter().Law("movement-act") == nil {
		t.Errorf("charter after amendment: %q", c.State.Charter().Title)
	}
}
