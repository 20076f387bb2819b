package ledger_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ledger/ledgertest"
)

// afghanistan starts a ledger on the flagship example with a delegate for
// each party bench of the National Council and for Farah's provincial
// council.
func afghanistan(t *testing.T) *ledgertest.Chain {
	t.Helper()
	const dir = "../examples/afghanistan"
	c, err := charter.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	files, err := ledger.ReadCharterFiles(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	var ds []ledger.GenesisDelegate
	for _, p := range []string{"iea", "nrf", "wahdat", "junbish", "aff"} {
		ds = append(ds, ledger.GenesisDelegate{Key: ledgertest.PublicKey(p), Name: p + " bench", Mandates: []jirga.Mandate{{Body: "national-council", Member: "bench-" + p}}})
	}
	for _, m := range []string{"governing-bench", "opposition-bench"} {
		ds = append(ds, ledger.GenesisDelegate{Key: ledgertest.PublicKey("farah-" + m), Name: "Farah " + m, Mandates: []jirga.Mandate{{Body: "provincial-council", Territory: "AF-FRA", Member: m}}})
	}
	g, err := ledger.NewGenesis(c, &ledger.GenesisSpec{Delegates: ds}, ledgertest.Epoch)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ledger.NewState(g, files)
	if err != nil {
		t.Fatalf("NewState: %v", err)
	}
	if s.Charter().Hash != c.Hash {
		t.Fatalf("charter in force %s, loaded %s", s.Charter().Hash, c.Hash)
	}
	return &ledgertest.Chain{State: s, Now: ledgertest.Epoch.Add(time.Hour), Step: time.Second}
}

// TestAfghanistanRepeal repeals the example's planted national dress code
// (ultra vires: dress is a provincial domain) under the National
// Council's ordinary rule, and a provincial law that shares its file with
// eighteen others.
func TestAfghanistanRepeal(t *testing.T) {
	t.Parallel()
	c := afghanistan(t)
	laws := len(c.State.Charter().Laws)
	closes := c.Now.Add(time.Hour).Format(time.RFC3339)
	must(t, c, "nrf", ledger.SubmitBody{ID: "repeal-dress-code", Body: "national-council", Kind: jirga.KindRepealLaw, Title: "Repeal the national dress code", LawID: "national-dress-code", ClosesAt: closes})
	must(t, c, "nrf", ledger.OpenBody{Proposal: "repeal-dress-code"})
	// "With at least half of the 100 seats present, a proposal passes when
	// more than half of the seats voting yes or no vote yes": the IEA's 40
	// seats against, the other four benches' 60 for.
	must(t, c, "iea", ledger.VoteBody{Proposal: "repeal-dress-code", Vote: "no"})
	for _, p := range []string{"nrf", "wahdat", "junbish", "aff"} {
		must(t, c, p, ledger.VoteBody{Proposal: "repeal-dress-code", Vote: "yes"})
	}
	out, err := c.State.Tally("repeal-dress-code")
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Clauses) != 3 || out.Clauses[1].Label != "half the seats present" || out.Clauses[1].Counted.String() != "100/1" ||
		out.Clauses[2].Counted.String() != "60/1" || out.Clauses[2].Required.String() != "50/1" {
		t.Errorf("clauses = %+v", out.Clauses)
	}
	c.Now = c.Now.Add(2 * time.Hour)
	events := must(t, c, "iea", ledger.CloseBody{Proposal: "repeal-dress-code"})
	if len(events) != 2 || events[1].Kind != jirga.EventLawRepealed || events[1].Law != "national-dress-code" {
		t.Fatalf("events %+v", events)
	}
	ch := c.State.Charter()
	if ch.Law("national-dress-code") != nil || len(ch.Laws) != laws-1 {
		t.Errorf("law still in force (%d laws, had %d)", len(ch.Laws), laws)
	}

	// Farah's education law is the second of nineteen documents in
	// laws/provinces/iea-governed/education.yaml.
	must(t, c, "farah-opposition-bench", ledger.SubmitBody{ID: "farah-schools", Body: "provincial-council", Territory: "AF-FRA", Kind: jirga.KindRepealLaw, Title: "Repeal", LawID: "farah-education-law", ClosesAt: c.Now.Add(time.Hour).Format(time.RFC3339)})
	refused(t, c, "iea", ledger.OpenBody{Proposal: "farah-schools"}, jirga.EUNAUTHORIZED, `no mandate in body "provincial-council" of "AF-FRA"`)
	must(t, c, "farah-opposition-bench", ledger.OpenBody{Proposal: "farah-schools"})
	must(t, c, "farah-opposition-bench", ledger.VoteBody{Proposal: "farah-schools", Vote: "yes"})
	must(t, c, "farah-governing-bench", ledger.VoteBody{Proposal: "farah-schools", Vote: "no"})
	c.Now = c.Now.Add(2 * time.Hour)
	must(t, c, "farah-governing-bench", ledger.CloseBody{Proposal: "farah-schools"})
	p, _ := c.State.Proposal("farah-schools")
	// 6 opposition seats against 9 governing seats.
	if p.Status != jirga.ProposalRejected || p.Result.Yes != 1 || p.Result.No != 1 || ch.Law("farah-education-law") == nil {
		t.Fatalf("farah-schools: %s %+v", p.Status, p.Result)
	}
	must(t, c, "farah-governing-bench", ledger.SubmitBody{ID: "farah-schools-2", Body: "provincial-council", Territory: "AF-FRA", Kind: jirga.KindRepealLaw, Title: "Repeal", LawID: "farah-education-law", ClosesAt: c.Now.Add(time.Hour).Format(time.RFC3339)})
	must(t, c, "farah-governing-bench", ledger.OpenBody{Proposal: "farah-schools-2"})
	must(t, c, "farah-governing-bench", ledger.VoteBody{Proposal: "farah-schools-2", Vote: "yes"})
	c.Now = c.Now.Add(2 * time.Hour)
	must(t, c, "farah-governing-bench", ledger.CloseBody{Proposal: "farah-schools-2"})
	ch = c.State.Charter()
	if ch.Law("farah-education-law") != nil || ch.Law("badghis-education-law") == nil || ch.Law("ghor-education-law") == nil || len(ch.Laws) != laws-2 {
		t.Errorf("after the repeal: farah %v, badghis %v, ghor %v, %d laws", ch.Law("farah-education-law") != nil, ch.Law("badghis-education-law") != nil, ch.Law("ghor-education-law") != nil, len(ch.Laws))
	}
	for _, f := range c.State.Files() {
		if f.Path == "laws/provinces/iea-governed/education.yaml" && strings.Contains(string(f.Data), "farah") {
			t.Error("the file still mentions Farah")
		}
	}
}

// TestAfghanistanQuorum: the IEA bench alone is below the quorum of half
// the seats; and a national education law is ultra vires.
func TestAfghanistanQuorum(t *testing.T) {
	t.Parallel()
	c := afghanistan(t)
	must(t, c, "iea", ledger.SubmitBody{ID: "m1", Body: "national-council", Kind: jirga.KindMotion, Title: "Motion", ClosesAt: c.Now.Add(time.Hour).Format(time.RFC3339)})
	must(t, c, "iea", ledger.OpenBody{Proposal: "m1"})
	must(t, c, "iea", ledger.VoteBody{Proposal: "m1", Vote: "yes"})
	c.Now = c.Now.Add(2 * time.Hour)
	must(t, c, "iea", ledger.CloseBody{Proposal: "m1"})
	p, _ := c.State.Proposal("m1")
	if p.Status != jirga.ProposalRejected || p.Result.Clauses[1].Held || !p.Result.Clauses[2].Held {
		t.Errorf("m1: %s %+v", p.Status, p.Result.Clauses)
	}
	law := "id: national-schools\ntitle: National schools\nenacted_by: national-council\nterritory: AF\ndomain: education\nrules:\n  - id: r1\n    permit: attend_secondary_school\n"
	refused(t, c, "iea", ledger.SubmitBody{ID: "schools", Body: "national-council", Kind: jirga.KindEnactLaw, Title: "Schools", Law: law, ClosesAt: c.Now.Add(time.Hour).Format(time.RFC3339)},
		jirga.EINVALID, "ultra_vires")
}
