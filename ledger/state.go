package ledger

import (
	"cmp"
	"slices"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/rules"
)

// State is the governance state derived from a ledger: the charter in
// force (with the laws enacted on the ledger), the delegates and their
// sequence numbers, and the proposals with their ballots. It is built from
// a genesis by NewState and advanced by Apply; the same entries always
// give the same state (Hash).
//
// A State is not safe for concurrent use: the store serialises Apply and
// lets readers in between. The values its accessors return are copies.
type State struct {
	genesis *Genesis
	chainID string
	height  uint64
	head    string
	time    time.Time

	files   []charter.File
	charter *charter.Charter

	delegates map[string]*jirga.Delegate
	keys      []string // registration order

	proposals map[string]*proposal
	ids       []string // submission order
}

// proposal is a proposal with its ballots, by member id.
type proposal struct {
	jirga.Proposal
	ballots map[string]*jirga.Vote
}

// NewState returns the state at the genesis of a ledger: the charter in
// files (charter.yaml first, as charter.LoadFiles takes them) must load
// without error and hash to the genesis's charter hash, and the genesis
// delegates must fit the charter.
func NewState(g *Genesis, files []charter.File) (*State, error) {
	if g == nil {
		return nil, invalidf("no genesis")
	}
	if g.Format != Format {
		return nil, invalidf("genesis: format %q is not %q", g.Format, Format)
	}
	files = sortFiles(files)
	c, err := loadCharter(files)
	if err != nil {
		return nil, err
	}
	if c.Hash != g.CharterHash {
		return nil, invalidf("genesis names charter %s, but the charter files hash to %s", g.CharterHash, c.Hash)
	}
	if c.ID != g.CharterID {
		return nil, invalidf("genesis names charter id %q, but the charter's id is %q", g.CharterID, c.ID)
	}
	ds, err := newDelegates(c, g.Delegates)
	if err != nil {
		return nil, err
	}
	s := &State{
		genesis:   g,
		chainID:   g.ChainID(),
		time:      g.Time,
		files:     files,
		charter:   c,
		delegates: map[string]*jirga.Delegate{},
		proposals: map[string]*proposal{},
	}
	s.head = s.chainID
	for _, d := range ds {
		s.delegates[d.Key] = d
		s.keys = append(s.keys, d.Key)
	}
	return s, nil
}

// sortFiles returns charter.yaml first, then the other files by path.
func sortFiles(files []charter.File) []charter.File {
	out := slices.Clone(files)
	slices.SortStableFunc(out, func(a, b charter.File) int {
		switch {
		case a.Path == charter.CharterFile:
			return -1
		case b.Path == charter.CharterFile:
			return 1
		}
		return cmp.Compare(a.Path, b.Path)
	})
	return out
}

// loadCharter loads charter files under no directory name, so that the
// result does not depend on where a node keeps them.
func loadCharter(files []charter.File) (*charter.Charter, error) {
	c, err := charter.LoadFiles("", files)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// newDelegates checks the genesis delegates against the charter.
func newDelegates(c *charter.Charter, list []GenesisDelegate) ([]*jirga.Delegate, error) {
	var out []*jirga.Delegate
	seen := map[string]bool{}
	for i, gd := range list {
		if err := CheckKey(gd.Key); err != nil {
			return nil, invalidf("delegate %d (%s): %s", i+1, gd.Name, jirga.ErrorMessage(err))
		}
		if seen[gd.Key] {
			return nil, invalidf("delegate %d (%s): key %s is listed twice", i+1, gd.Name, gd.Key)
		}
		seen[gd.Key] = true
		if err := checkMandates(c, gd.Mandates); err != nil {
			return nil, invalidf("delegate %d (%s): %s", i+1, gd.Name, jirga.ErrorMessage(err))
		}
		out = append(out, &jirga.Delegate{Key: gd.Key, Name: gd.Name, Mandates: slices.Clone(gd.Mandates), Status: jirga.DelegateActive})
	}
	return out, nil
}

// ChainID returns the ledger's chain id (the genesis hash).
func (s *State) ChainID() string { return s.chainID }

// Genesis returns the ledger's genesis.
func (s *State) Genesis() *Genesis { return s.genesis }

// Height returns the index of the last entry applied (0 at the genesis).
func (s *State) Height() uint64 { return s.height }

// Head returns the hash of the last entry applied (the chain id at the
// genesis).
func (s *State) Head() string { return s.head }

// Time returns the time of the last entry applied (the genesis time at
// the genesis).
func (s *State) Time() time.Time { return s.time }

// Charter returns the charter in force: the genesis charter as amended,
// with the laws enacted on the ledger and without those repealed. It is
// rebuilt only when a proposal changes it, is immutable, and can be given
// to engine.New.
func (s *State) Charter() *charter.Charter { return s.charter }

// Files returns the files of the charter in force, charter.yaml first.
// Laws enacted on the ledger are laws/ledger/<proposal id>.yaml.
func (s *State) Files() []charter.File { return slices.Clone(s.files) }

// Delegate returns the delegate with the given key.
func (s *State) Delegate(key string) (jirga.Delegate, bool) {
	d, ok := s.delegates[key]
	if !ok {
		return jirga.Delegate{}, false
	}
	return copyDelegate(d), true
}

// Delegates returns every delegate in the order of registration.
func (s *State) Delegates() []jirga.Delegate {
	out := make([]jirga.Delegate, len(s.keys))
	for i, k := range s.keys {
		out[i] = copyDelegate(s.delegates[k])
	}
	return out
}

func copyDelegate(d *jirga.Delegate) jirga.Delegate {
	c := *d
	c.Mandates = slices.Clone(d.Mandates)
	return c
}

// NextSeq returns the signer_seq the delegate with the given key must use
// next (1 for an unknown key).
func (s *State) NextSeq(key string) uint64 {
	if d, ok := s.delegates[key]; ok {
		return d.Seq + 1
	}
	return 1
}

// Proposal returns the proposal with the given id.
func (s *State) Proposal(id string) (jirga.Proposal, bool) {
	p, ok := s.proposals[id]
	if !ok {
		return jirga.Proposal{}, false
	}
	return p.Proposal, true
}

// Proposals returns every proposal in the order of submission.
func (s *State) Proposals() []jirga.Proposal {
	out := make([]jirga.Proposal, len(s.ids))
	for i, id := range s.ids {
		out[i] = s.proposals[id].Proposal
	}
	return out
}

// Votes returns the latest ballot of each member on a proposal, in member
// id order.
func (s *State) Votes(id string) []jirga.Vote {
	p, ok := s.proposals[id]
	if !ok {
		return nil
	}
	out := make([]jirga.Vote, 0, len(p.ballots))
	for _, v := range p.ballots {
		out = append(out, *v)
	}
	slices.SortFunc(out, func(a, b jirga.Vote) int { return cmp.Compare(a.Member, b.Member) })
	return out
}

// Tally counts a proposal's ballots as they stand under the rule that
// decides it: the live count of an open proposal, or the count at close.
func (s *State) Tally(id string) (*rules.Outcome, error) {
	p, ok := s.proposals[id]
	if !ok {
		return nil, jirga.Errorf(jirga.ENOTFOUND, "no proposal %q", id)
	}
	return s.tally(p)
}
