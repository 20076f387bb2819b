package ui_test

import (
	"context"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
	"github.com/jirga/jirga/examples"
	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ledger/ledgertest"
	"github.com/jirga/jirga/ui"
)

// realLedger runs package ledger's state machine over the Afghanistan
// example with an in-memory sequencer, and serves it to the UI as a Ledger
// and a Voter: what package http does with the embedded store.
type realLedger struct {
	mu      sync.Mutex
	genesis *ledger.Genesis
	files   []charter.File
	state   *ledger.State
	entries []*ledger.Entry
	now     time.Time
	engines map[*charter.Charter]*engine.Engine
	clients map[string]*ledgertest.Client
}

var (
	_ ui.Ledger = (*realLedger)(nil)
	_ ui.Voter  = (*realLedger)(nil)
)

// exampleFiles reads the embedded Afghanistan example as charter files,
// charter.yaml first.
func exampleFiles(t testing.TB) []charter.File {
	t.Helper()
	fsys := examples.Afghanistan()
	files := []charter.File{}
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
			return err
		}
		data, err := fs.ReadFile(fsys, path)
		files = append(files, charter.File{Path: path, Data: data})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].Path == charter.CharterFile })
	return files
}

// newRealLedger starts a ledger whose delegates act for the five party
// benches of the National Council (named by party id), with proposal P-1
// submitted and opened by the IEA bench's delegate, who has voted yes.
func newRealLedger(t testing.TB) *realLedger {
	t.Helper()
	files := exampleFiles(t)
	c, err := charter.LoadFiles(examples.AfghanistanName, files)
	if err != nil {
		t.Fatal(err)
	}
	l := &realLedger{files: files, now: ledgertest.Epoch.Add(time.Hour), engines: map[*charter.Charter]*engine.Engine{}, clients: map[string]*ledgertest.Client{}}
	var spec ledger.GenesisSpec
	for _, party := range []string{"iea", "nrf", "wahdat", "junbish", "aff"} {
		spec.Delegates = append(spec.Delegates, ledger.GenesisDelegate{Key: ledgertest.PublicKey(party), Name: party + " delegate",
			Mandates: []jirga.Mandate{{Body: "national-council", Member: "bench-" + party}}})
	}
	if l.genesis, err = ledger.NewGenesis(c, &spec, ledgertest.Epoch); err != nil {
		t.Fatal(err)
	}
	if l.state, err = ledger.NewState(l.genesis, files); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		who  string
		body ledger.Body
	}{
		{"iea", ledger.SubmitBody{ID: "P-1", Body: "national-council", Kind: jirga.KindMotion, Title: "Polio vaccination campaign in every province",
			Text: "The Council calls on every province to let vaccinators reach every child.", ClosesAt: ledgertest.Epoch.Add(72 * time.Hour).Format(time.RFC3339)}},
		{"iea", ledger.OpenBody{Proposal: "P-1"}},
		{"iea", ledger.VoteBody{Proposal: "P-1", Member: "bench-iea", Vote: jirga.VoteYes}},
	} {
		if _, err := l.append(l.client(step.who).Sign(step.body)); err != nil {
			t.Fatalf("%s: %v", step.body.EnvelopeKind(), err)
		}
	}
	return l
}

// client returns the signing client of a delegate, by party id.
func (l *realLedger) client(party string) *ledgertest.Client {
	cl, ok := l.clients[party]
	if !ok {
		cl = ledgertest.NewClient(l.state.ChainID(), party)
		l.clients[party] = cl
	}
	return cl
}

// append seals a signed envelope into the next entry and applies it.
func (l *realLedger) append(s *ledger.Signed) (uint64, error) {
	e := ledger.Seal(l.state.Height()+1, l.now, l.state.Head(), s)
	if _, err := l.state.Apply(e); err != nil {
		return 0, err
	}
	l.entries = append(l.entries, e)
	l.now = l.now.Add(time.Minute)
	return l.state.Height(), nil
}

// current returns the charter in force and its engine (Config.State).
func (l *realLedger) current() (*charter.Charter, *engine.Engine) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.state.Charter()
	e, ok := l.engines[c]
	if !ok {
		e, _ = engine.New(c)
		l.engines[c] = e
	}
	return c, e
}

func (l *realLedger) Proposals(context.Context) ([]jirga.Proposal, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.state.Proposals(), nil
}

func (l *realLedger) Proposal(_ context.Context, id string) (jirga.Proposal, []jirga.Vote, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	p, ok := l.state.Proposal(id)
	if !ok {
		return p, nil, jirga.Errorf(jirga.ENOTFOUND, "no proposal %q", id)
	}
	return p, l.state.Votes(id), nil
}

func (l *realLedger) Entries(_ context.Context, from uint64, limit int) ([]ui.Entry, uint64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []ui.Entry
	for _, e := range l.entries {
		if e.Index() >= from && len(out) < limit {
			s := e.Signed()
			out = append(out, ui.Entry{Index: e.Index(), Time: e.Time(), Kind: s.Kind(), Signer: s.Signer(),
				Body: s.Envelope().Body, Hash: e.Hash(), PrevHash: e.PrevHash()})
		}
	}
	return out, l.state.Height(), nil
}

// Verify replays every entry on a fresh state from the genesis.
func (l *realLedger) Verify(context.Context) ui.Verification {
	l.mu.Lock()
	defer l.mu.Unlock()
	v := ui.Verification{ChainID: l.state.ChainID(), Head: l.state.Head(), Height: l.state.Height()}
	s, err := ledger.NewState(l.genesis, l.files)
	for _, e := range l.entries {
		if err != nil {
			break
		}
		_, err = s.Apply(e)
	}
	if err == nil && s.Hash() != l.state.Hash() {
		err = jirga.Errorf(jirga.EINTERNAL, "replayed state %s differs from %s", s.Hash(), l.state.Hash())
	}
	if err != nil {
		v.Problem = err.Error()
		return v
	}
	v.OK = true
	return v
}

func (l *realLedger) Signer(_ context.Context, key string) (ui.SignerInfo, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	d, ok := l.state.Delegate(key)
	if !ok {
		return ui.SignerInfo{}, jirga.Errorf(jirga.ENOTFOUND, "no delegate with key %q", key)
	}
	return ui.SignerInfo{ChainID: l.state.ChainID(), Delegate: d, NextSeq: l.state.NextSeq(key)}, nil
}

func (l *realLedger) Submit(_ context.Context, signed []byte) (uint64, error) {
	s, err := ledger.ParseSigned(signed)
	if err != nil {
		return 0, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.append(s)
}
