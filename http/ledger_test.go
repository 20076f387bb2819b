package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jirga/jirga"
	jhttp "github.com/jirga/jirga/http"
	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ledger/ledgertest"
	"github.com/jirga/jirga/sqlite"
)

// clock is the store's clock in tests: it starts an hour after the
// genesis and moves only when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// ledgerFixture is a server running the test ledger of package
// ledgertest (an assembly of members m01..mNN) on a fresh SQLite store.
type ledgerFixture struct {
	base    string
	chainID string
	clock   *clock
	store   *sqlite.Store
	server  *jhttp.Server
	clients map[string]*ledgertest.Client
}

func newLedgerFixture(t *testing.T, members int, cfg jhttp.Config) *ledgerFixture {
	t.Helper()
	clk := &clock{now: ledgertest.Epoch.Add(time.Hour)}
	st, err := sqlite.OpenWith(filepath.Join(t.TempDir(), "jirga.db"), sqlite.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	g, files := ledgertest.Genesis(members)
	if err := st.Init(context.Background(), g, files); err != nil {
		t.Fatal(err)
	}
	cfg.Ledger = sqlite.ServerLedger{Store: st}
	s, base := startServer(t, cfg)
	return &ledgerFixture{base: base, chainID: g.ChainID(), clock: clk, store: st, server: s, clients: map[string]*ledgertest.Client{}}
}

func (f *ledgerFixture) client(name string) *ledgertest.Client {
	c, ok := f.clients[name]
	if !ok {
		c = ledgertest.NewClient(f.chainID, name)
		f.clients[name] = c
	}
	return c
}

// submit posts an envelope signed by name and returns the response.
func (f *ledgerFixture) submit(t *testing.T, name string, body ledger.Body) response {
	t.Helper()
	return f.post(t, f.client(name).Sign(body))
}

func (f *ledgerFixture) post(t *testing.T, s *ledger.Signed) response {
	t.Helper()
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return post(t, f.base+"/api/envelopes", string(data))
}

func (f *ledgerFixture) height(t *testing.T) uint64 {
	t.Helper()
	var info jhttp.LedgerInfo
	get(t, f.base+"/api/ledger").decode(t, &info)
	return info.Height
}

// accepted checks a 201 receipt and returns it.
func accepted(t *testing.T, r response, index uint64, kind string) jhttp.Receipt {
	t.Helper()
	var rc jhttp.Receipt
	r.decode(t, &rc)
	if r.status != 201 || rc.Index != index || rc.Kind != kind || len(rc.Hash) != 64 || len(rc.Events) == 0 {
		t.Fatalf("want entry %d %s: %d %s", index, kind, r.status, r.body)
	}
	return rc
}

var closes = ledgertest.Epoch.Add(48 * time.Hour).Format(time.RFC3339)

func TestEnvelopesAndProposals(t *testing.T) {
	t.Parallel()
	f := newLedgerFixture(t, 5, jhttp.Config{})
	accepted(t, f.submit(t, "m01", ledger.SubmitBody{ID: "P-1", Body: "assembly", Kind: jirga.KindMotion, Title: "A motion", ClosesAt: closes}), 1, ledger.KindSubmit)
	accepted(t, f.submit(t, "m01", ledger.OpenBody{Proposal: "P-1"}), 2, ledger.KindOpen)
	for i, who := range []string{"m01", "m02", "m03"} {
		rc := accepted(t, f.submit(t, who, ledger.VoteBody{Proposal: "P-1", Vote: jirga.VoteYes}), uint64(3+i), ledger.KindVote)
		if ev := rc.Events[0]; ev.Kind != jirga.EventVoteCast || ev.Proposal != "P-1" || ev.Members[0] != who {
			t.Errorf("vote event %+v", ev)
		}
	}
	rc := accepted(t, f.submit(t, "m02", ledger.VoteBody{Proposal: "P-1", Vote: jirga.VoteNo}), 6, ledger.KindVote)
	if rc.Events[0].Kind != jirga.EventVoteChanged {
		t.Errorf("changed vote: %+v", rc.Events)
	}

	// The proposal with every vote and the live tally: 2 yes of 3 voting.
	var pv struct {
		jirga.Proposal
		Votes []jirga.Vote
		Tally struct {
			Passed  bool
			Turnout struct{ Members, Yes, No, Absent int }
			Clauses []struct {
				Label string
				Held  bool
			}
		}
	}
	r := get(t, f.base+"/api/proposals/P-1")
	r.decode(t, &pv)
	if r.status != 200 || pv.Status != jirga.ProposalOpen || pv.Proposer != ledgertest.PublicKey("m01") || len(pv.Votes) != 3 ||
		!pv.Tally.Passed || pv.Tally.Turnout.Yes != 2 || pv.Tally.Turnout.No != 1 || pv.Tally.Turnout.Absent != 2 || len(pv.Tally.Clauses) != 1 {
		t.Errorf("proposal: %d %s", r.status, r.body)
	}
	var votes struct{ Votes []jirga.Vote }
	get(t, f.base+"/api/proposals/P-1/votes").decode(t, &votes)
	if len(votes.Votes) != 3 || votes.Votes[1].Member != "m02" || votes.Votes[1].Vote != "no" || votes.Votes[1].Index != 6 {
		t.Errorf("votes %+v", votes.Votes)
	}
	var list struct{ Proposals []jirga.Proposal }
	get(t, f.base+"/api/proposals?status=open").decode(t, &list)
	if len(list.Proposals) != 1 || list.Proposals[0].ID != "P-1" {
		t.Errorf("open proposals %+v", list.Proposals)
	}
	get(t, f.base+"/api/proposals?status=passed").decode(t, &list)
	if len(list.Proposals) != 0 {
		t.Errorf("passed proposals %+v", list.Proposals)
	}

	// Closing after the window tallies the proposal.
	f.clock.Add(48 * time.Hour)
	rc = accepted(t, f.submit(t, "m01", ledger.CloseBody{Proposal: "P-1"}), 7, ledger.KindClose)
	if rc.Events[0].Kind != jirga.EventProposalClosed || rc.Events[0].Result == nil || !rc.Events[0].Result.Passed {
		t.Errorf("close events %+v", rc.Events)
	}
	get(t, f.base+"/api/proposals?status=passed").decode(t, &list)
	if len(list.Proposals) != 1 {
		t.Errorf("passed proposals %+v", list.Proposals)
	}

	// A delegate registers a second key for its own seat; the new key may
	// then act.
	backup := ledgertest.PublicKey("m01-backup")
	rc = accepted(t, f.submit(t, "m01", ledger.RegisterBody{Delegate: ledger.GenesisDelegate{Key: backup, Name: "m01 backup",
		Mandates: []jirga.Mandate{{Body: "assembly", Member: "m01"}}}}), 8, ledger.KindRegister)
	if rc.Events[0].Kind != jirga.EventDelegateRegistered || rc.Events[0].Delegate != backup {
		t.Errorf("register events %+v", rc.Events)
	}
	var ds struct{ Delegates []jirga.Delegate }
	get(t, f.base+"/api/delegates").decode(t, &ds)
	if n := len(ds.Delegates); n == 0 || ds.Delegates[n-1].Key != backup || ds.Delegates[n-1].Since != 8 {
		t.Errorf("delegates %+v", ds.Delegates)
	}

	// The signer's next sequence number, for clients that sign.
	var sg jhttp.Signer
	r = get(t, f.base+"/api/delegates/"+ledgertest.PublicKey("m01"))
	r.decode(t, &sg)
	if r.status != 200 || sg.ChainID != f.chainID || sg.NextSeq != 6 || sg.Delegate.Mandates[0].Member != "m01" {
		t.Errorf("delegate: %d %s", r.status, r.body)
	}
	for _, tc := range []struct{ path, want string }{
		{"/api/proposals/P-2", `no proposal "P-2" (did you mean "P-1"?)`},
		{"/api/proposals/nope/votes", `no proposal "nope"`},
		{"/api/delegates/AAAA", `no delegate has key "AAAA"`},
	} {
		r := get(t, f.base+tc.path)
		if e := r.apiError(t); r.status != 404 || !strings.Contains(e.Message, tc.want) {
			t.Errorf("%s: %d %+v", tc.path, r.status, e)
		}
	}
	if r := get(t, f.base+"/api/proposals?status=done"); r.status != 400 {
		t.Errorf("status=done: %d", r.status)
	}
}

// Every refusal writes nothing and answers with the status its reason maps
// to.
func TestEnvelopeRefusals(t *testing.T) {
	t.Parallel()
	f := newLedgerFixture(t, 5, jhttp.Config{MaxBodyBytes: 64 << 10})
	accepted(t, f.submit(t, "m01", ledger.SubmitBody{ID: "P-1", Body: "assembly", Kind: jirga.KindMotion, Title: "A motion", ClosesAt: closes}), 1, ledger.KindSubmit)
	accepted(t, f.submit(t, "m01", ledger.OpenBody{Proposal: "P-1"}), 2, ledger.KindOpen)
	vote := f.client("m02").Sign(ledger.VoteBody{Proposal: "P-1", Vote: jirga.VoteYes})
	accepted(t, f.post(t, vote), 3, ledger.KindVote)
	accepted(t, f.submit(t, "m05", ledger.RevokeBody{Key: ledgertest.PublicKey("m05"), Reason: "lost"}), 4, ledger.KindRevoke)

	forged, _ := json.Marshal(f.client("m03").Sign(ledger.VoteBody{Proposal: "P-1", Vote: jirga.VoteYes}))
	forged = []byte(strings.Replace(string(forged), `"vote":"yes"`, `"vote":"no"`, 1))
	stranger := ledgertest.NewClient(f.chainID, "stranger").Sign(ledger.VoteBody{Proposal: "P-1", Vote: jirga.VoteYes})
	otherChain := ledgertest.NewClient(strings.Repeat("0", 64), "m04").Sign(ledger.VoteBody{Proposal: "P-1", Vote: jirga.VoteYes})
	replayed, _ := json.Marshal(vote)
	skipped := f.client("m04").SignSeq(5, ledger.VoteBody{Proposal: "P-1", Vote: jirga.VoteYes})
	illFormedLaw := "id: family-act\ntitle: Family Act\nenacted_by: assembly\nterritory: N\ndomain: family\nrules:\n  - {id: r1, forbid: marry}\n"

	for _, tc := range []struct {
		name   string
		body   string
		status int
		code   string
		want   string
	}{
		{"malformed JSON", `{"envelope":`, 400, "invalid", ""},
		{"not a signed envelope", `{"vote":"yes"}`, 400, "invalid", ""},
		{"oversized", `{"envelope":{"body":"` + strings.Repeat("x", 70<<10) + `"}}`, 413, "too_large", "limit of 65536 bytes"},
		{"forged signature", string(forged), 401, "unauthorized", "signature does not verify"},
		{"unknown key", sig(t, stranger), 401, "unauthorized", "not a registered delegate"},
		{"revoked key", sig(t, f.client("m05").Sign(ledger.VoteBody{Proposal: "P-1", Vote: jirga.VoteYes})), 401, "unauthorized", "was revoked"},
		{"replay", string(replayed), 409, "conflict", "already used (a replay?)"},
		{"skipped sequence", sig(t, skipped), 409, "conflict", "skips ahead"},
		{"other ledger", sig(t, otherChain), 400, "invalid", "chain_id"},
		{"non-member", sig(t, f.client("red").Sign(ledger.VoteBody{Proposal: "P-1", Vote: jirga.VoteYes})), 403, "forbidden", ""},
		{"unknown proposal", sig(t, f.client("m03").SignSeq(1, ledger.VoteBody{Proposal: "P-9", Vote: jirga.VoteYes})), 404, "not_found", `no proposal "P-9"`},
		{"failing review", sig(t, f.client("m04").Sign(ledger.SubmitBody{ID: "P-2", Body: "assembly", Kind: jirga.KindEnactLaw, Title: "Family Act",
			Law: illFormedLaw, LawID: "family-act", ClosesAt: closes})), 400, "invalid", "fails constitutional review"},
	} {
		before := f.height(t)
		r := post(t, f.base+"/api/envelopes", tc.body)
		e := r.apiError(t)
		if r.status != tc.status || e.Code != tc.code || !strings.Contains(e.Message, tc.want) {
			t.Errorf("%s: %d %+v; want %d %s %q", tc.name, r.status, e, tc.status, tc.code, tc.want)
		}
		if after := f.height(t); after != before {
			t.Errorf("%s: height %d → %d: a refused envelope was written", tc.name, before, after)
		}
	}
	// The m03 and m04 clients signed refused envelopes: rewind them.
	f.client("m03").Rewind(0)
	f.client("m04").Rewind(0)

	// Outside the window: the vote is refused once the proposal has
	// closed for voting.
	f.clock.Add(48 * time.Hour)
	r := f.submit(t, "m03", ledger.VoteBody{Proposal: "P-1", Vote: jirga.VoteYes})
	if e := r.apiError(t); r.status != 409 || !strings.Contains(e.Message, "closed at") {
		t.Errorf("late vote: %d %+v", r.status, e)
	}
}

func sig(t *testing.T, s *ledger.Signed) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A law enacted on the ledger joins the charter the read endpoints serve;
// the events, entries and verification follow the chain.
func TestLedgerReads(t *testing.T) {
	t.Parallel()
	f := newLedgerFixture(t, 3, jhttp.Config{})
	law := "id: residence-act\ntitle: Residence Act\nenacted_by: assembly\nterritory: N\ndomain: movement\nrules:\n  - {id: register, permit: relocate}\n"
	accepted(t, f.submit(t, "m01", ledger.SubmitBody{ID: "L-1", Body: "assembly", Kind: jirga.KindEnactLaw, Title: "Residence Act", Law: law, LawID: "residence-act", ClosesAt: closes}), 1, ledger.KindSubmit)
	accepted(t, f.submit(t, "m01", ledger.OpenBody{Proposal: "L-1"}), 2, ledger.KindOpen)
	for i, who := range []string{"m01", "m02", "m03"} {
		accepted(t, f.submit(t, who, ledger.VoteBody{Proposal: "L-1", Vote: jirga.VoteYes}), uint64(3+i), ledger.KindVote)
	}
	if r := get(t, f.base+"/api/laws/residence-act"); r.status != 404 {
		t.Errorf("law in force before it passed: %d", r.status)
	}
	f.clock.Add(48 * time.Hour)
	rc := accepted(t, f.submit(t, "m02", ledger.CloseBody{Proposal: "L-1"}), 6, ledger.KindClose)
	if len(rc.Events) != 2 || rc.Events[1].Kind != jirga.EventLawEnacted || rc.Events[1].Law != "residence-act" {
		t.Errorf("close events %+v", rc.Events)
	}
	var lv jhttp.LawView
	r := get(t, f.base+"/api/laws/residence-act")
	r.decode(t, &lv)
	if r.status != 200 || lv.Title != "Residence Act" || !strings.HasSuffix(lv.Pos.File, "laws/ledger/L-1.yaml") {
		t.Errorf("enacted law: %d %s", r.status, r.body)
	}
	var cv jhttp.CharterView
	get(t, f.base+"/api/charter").decode(t, &cv)
	if cv.Summary.Laws != 2 {
		t.Errorf("charter in force has %d laws", cv.Summary.Laws)
	}

	var info jhttp.LedgerInfo
	get(t, f.base+"/api/ledger").decode(t, &info)
	if info.ChainID != f.chainID || info.Height != 6 || info.Proposals != 1 || info.CharterHash != cv.Hash || len(info.StateHash) != 64 {
		t.Errorf("ledger info %+v", info)
	}

	// Entries and events, two entries a page.
	var kinds []string
	var entries []json.RawMessage
	for after := uint64(0); ; {
		var p struct {
			Events []jirga.Event
			Height uint64
			Next   uint64
		}
		get(t, f.base+"/api/ledger/events?limit=2&after="+itoa(after)).decode(t, &p)
		var ep struct {
			Entries []json.RawMessage
			Next    uint64
		}
		get(t, f.base+"/api/ledger/entries?limit=2&after="+itoa(after)).decode(t, &ep)
		entries = append(entries, ep.Entries...)
		if p.Next != ep.Next || p.Height != 6 {
			t.Fatalf("after %d: events next %d, entries next %d, height %d", after, p.Next, ep.Next, p.Height)
		}
		for _, e := range p.Events {
			kinds = append(kinds, itoa(e.Index)+":"+e.Kind)
		}
		if p.Next == after {
			break
		}
		after = p.Next
	}
	want := "1:proposal.submitted 2:proposal.opened 3:vote.cast 4:vote.cast 5:vote.cast 6:proposal.closed 6:law.enacted"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("events %s\nwant   %s", got, want)
	}
	// The entries are the record: each decodes and chains to the one before.
	prev := f.chainID
	for i, raw := range entries {
		e, err := ledger.DecodeEntry(raw)
		if err != nil || e.Index() != uint64(i+1) || e.PrevHash() != prev {
			t.Fatalf("entry %d: %v", i+1, err)
		}
		prev = e.Hash()
	}
	if prev != info.Head || len(entries) != 6 {
		t.Errorf("%d entries, last %s, head %s", len(entries), prev, info.Head)
	}

	var v jhttp.Verification
	r = get(t, f.base+"/api/ledger/verify")
	r.decode(t, &v)
	if r.status != 200 || !v.OK || v.Height != 6 || v.Head != info.Head || v.StateHash != info.StateHash {
		t.Errorf("verify: %d %s", r.status, r.body)
	}
	// The export verifies on its own, to the same head and state.
	r = get(t, f.base+"/api/ledger/export")
	st, err := ledger.VerifyExport(bytes.NewReader(r.body))
	if r.status != 200 || r.header.Get("Content-Type") != "application/x-ndjson" || err != nil ||
		st.Height() != 6 || st.Head() != info.Head || st.Hash() != info.StateHash {
		t.Errorf("export: %d %v", r.status, err)
	}
	if r := get(t, f.base+"/metrics"); !strings.Contains(string(r.body), "jirga_ledger_height 6") {
		t.Error("metrics lack the ledger height")
	}
	for _, q := range []string{"?after=x", "?limit=0", "?limit=1001"} {
		if r := get(t, f.base+"/api/ledger/events"+q); r.status != 400 {
			t.Errorf("events%s: %d", q, r.status)
		}
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

// Without a ledger, the ledger endpoints say so.
func TestNoLedger(t *testing.T) {
	t.Parallel()
	_, base := startServer(t, jhttp.Config{})
	for _, path := range []string{"/api/ledger", "/api/ledger/export", "/api/ledger/entries", "/api/ledger/events", "/api/ledger/verify", "/api/proposals", "/api/proposals/P-1", "/api/delegates", "/api/delegates/k"} {
		r := get(t, base+path)
		if e := r.apiError(t); r.status != 404 || e.Message != "this server keeps no ledger" {
			t.Errorf("%s: %d %+v", path, r.status, e)
		}
	}
	if r := post(t, base+"/api/envelopes", `{}`); r.status != 404 {
		t.Errorf("envelopes: %d", r.status)
	}
}
