package ledgertest

import (
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/ledger"
)

// Chain is an in-memory sequencer over a State: it seals signed envelopes
// into entries at the time Now, applies them and keeps those accepted.
// Each accepted entry advances Now by Step.
type Chain struct {
	State   *ledger.State
	Entries []*ledger.Entry
	Now     time.Time
	Step    time.Duration

	clients map[string]*Client
}

// NewChain returns a chain on the test ledger with an assembly of n
// members, its clock one hour after the genesis.
func NewChain(n int) *Chain {
	g, files := Genesis(n)
	s, err := ledger.NewState(g, files)
	if err != nil {
		panic(fmt.Sprintf("ledgertest: state: %v", err))
	}
	return &Chain{State: s, Now: Epoch.Add(time.Hour), Step: time.Second, clients: map[string]*Client{}}
}

// Client returns the client of the delegate name on this chain.
func (c *Chain) Client(name string) *Client {
	if c.clients == nil {
		c.clients = map[string]*Client{}
	}
	cl, ok := c.clients[name]
	if !ok {
		cl = NewClient(c.State.ChainID(), name)
		c.clients[name] = cl
	}
	return cl
}

// Seal returns the entry that would place s next, at Now.
func (c *Chain) Seal(s *ledger.Signed) *ledger.Entry {
	return ledger.Seal(c.State.Height()+1, c.Now, c.State.Head(), s)
}

// Append seals and applies s. A refused envelope leaves the chain as it
// was; the client that signed it should Rewind.
func (c *Chain) Append(s *ledger.Signed) ([]jirga.Event, error) {
	e := c.Seal(s)
	events, err := c.State.Apply(e)
	if err != nil {
		return nil, err
	}
	c.Entries = append(c.Entries, e)
	c.Now = c.Now.Add(c.Step)
	return events, nil
}

// Do signs body as the named delegate and appends it; on refusal the
// client's sequence number is given back.
func (c *Chain) Do(name string, body ledger.Body) ([]jirga.Event, error) {
	cl := c.Client(name)
	s := cl.Sign(body)
	events, err := c.Append(s)
	if err != nil {
		cl.Rewind(s.Seq() - 1)
	}
	return events, err
}

// GenerateConfig shapes a generated ledger.
type GenerateConfig struct {
	// Entries is how many entries to generate.
	Entries int
	// Members is the size of the assembly (default 64).
	Members int
	// VotesPerMember is how many times each member votes on a proposal
	// (changing its vote after the first; default 4).
	VotesPerMember int
	// LawEvery makes every LawEvery-th proposal a law (enact_law) instead
	// of a motion; 0 means never.
	LawEvery int
}

// Generate produces a valid ledger deterministically: rounds in which
// member m01 submits and opens a proposal, every member votes (and
// changes its vote) VotesPerMember times, and m01 closes it. Entries are a
// millisecond apart. It calls yield with each entry in order and stops at
// the first error yield returns. Signing runs on every core.
func Generate(cfg GenerateConfig, yield func(*ledger.Entry) error) (*ledger.Genesis, error) {
	if cfg.Members == 0 {
		cfg.Members = 64
	}
	if cfg.VotesPerMember == 0 {
		cfg.VotesPerMember = 4
	}
	g, _ := Genesis(cfg.Members)
	gen := &generator{cfg: cfg, chain: g.ChainID(), clients: map[string]*Client{}, now: Epoch.Add(time.Hour), prev: g.ChainID()}
	for gen.index < uint64(cfg.Entries) {
		if err := gen.round(yield); err != nil {
			return g, err
		}
	}
	return g, nil
}

type generator struct {
	cfg     GenerateConfig
	chain   string
	clients map[string]*Client
	now     time.Time
	prev    string
	index   uint64
	rounds  int
}

// pending is an envelope to sign: who signs what with which number.
type pending struct {
	client *Client
	seq    uint64
	body   ledger.Body
	signed *ledger.Signed
}

func (g *generator) client(name string) *Client {
	cl, ok := g.clients[name]
	if !ok {
		cl = NewClient(g.chain, name)
		g.clients[name] = cl
	}
	return cl
}

func (g *generator) next(name string, body ledger.Body) pending {
	cl := g.client(name)
	cl.seq++
	return pending{client: cl, seq: cl.seq, body: body}
}

var votes = []string{jirga.VoteYes, jirga.VoteNo, jirga.VoteYes, jirga.VoteAbstain}

func (g *generator) round(yield func(*ledger.Entry) error) error {
	g.rounds++
	id := fmt.Sprintf("p%06d", g.rounds)
	n := g.cfg.Members * g.cfg.VotesPerMember
	// Submit, open, n votes: the close comes at closes_at exactly.
	closes := g.now.Add(time.Duration(n+2) * time.Millisecond)
	submit := ledger.SubmitBody{ID: id, Body: "assembly", Kind: jirga.KindMotion, Title: "Motion " + id, ClosesAt: closes.Format(time.RFC3339Nano)}
	if g.cfg.LawEvery > 0 && g.rounds%g.cfg.LawEvery == 0 {
		submit.Kind = jirga.KindEnactLaw
		submit.Title = "Law " + id
		submit.Law = fmt.Sprintf("id: law-%s\ntitle: Law %s\nenacted_by: assembly\nterritory: N\ndomain: movement\nrules:\n  - id: relocate-%s\n    permit: relocate\n    when: person.age >= %d\n", id, id, id, 16+g.rounds%10)
	}
	batch := []pending{g.next(Member(1), submit), g.next(Member(1), ledger.OpenBody{Proposal: id})}
	for k := range n {
		m := k%g.cfg.Members + 1
		batch = append(batch, g.next(Member(m), ledger.VoteBody{Proposal: id, Vote: votes[(k/g.cfg.Members+m)%len(votes)]}))
	}
	batch = append(batch, g.next(Member(1), ledger.CloseBody{Proposal: id}))
	signAll(batch)
	for _, p := range batch {
		if g.index >= uint64(g.cfg.Entries) {
			return nil
		}
		g.index++
		e := ledger.Seal(g.index, g.now, g.prev, p.signed)
		g.prev = e.Hash()
		g.now = g.now.Add(time.Millisecond)
		if err := yield(e); err != nil {
			return err
		}
	}
	return nil
}

// signAll signs a batch on every core.
func signAll(batch []pending) {
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(batch); i += workers {
				p := &batch[i]
				p.signed = p.client.SignSeq(p.seq, p.body)
			}
		}()
	}
	wg.Wait()
}
