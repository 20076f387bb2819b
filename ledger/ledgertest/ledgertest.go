// Package ledgertest builds ledgers for tests and benchmarks: a small
// charter with bodies of every kind, deterministic delegate keys, clients
// that sign envelopes with the right sequence numbers, an in-memory
// sequencer, and a deterministic generator of long ledgers.
//
// Everything is derived from names and numbers: the same calls give the
// same keys, envelopes, entries and hashes on every machine.
package ledgertest

import (
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/ledger"
)

// Epoch is the genesis time of the ledgers this package builds.
var Epoch = time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)

// Key returns the deterministic private key of a name.
func Key(name string) ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("jirga-ledgertest:" + name))
	return ed25519.NewKeyFromSeed(seed[:])
}

// PublicKey returns the ledger form of the public key of a name.
func PublicKey(name string) string {
	return ledger.EncodeKey(Key(name).Public().(ed25519.PublicKey))
}

// Member returns the id of the i-th member (from 1) of the assembly.
func Member(i int) string { return fmt.Sprintf("m%02d", i) }

// CharterFiles returns the test charter with an assembly of n members
// (n ≥ 3), as charter files:
//
//   - assembly: votes by member; member i belongs to party red when i is
//     odd, blue when even, one seat each; a strict majority of seats
//     voting passes enact_law, repeal_law, motion and allocate_seats, two
//     thirds of all seats amend_charter, and vital_interest needs a
//     majority of the seats voting within each party's designation.
//   - council: votes by party: red (6 seats), blue (4 seats) and an
//     independent (1 seat); a strict majority of seats voting.
//   - provincial: sits in each province; members gov (3 seats) and opp
//     (2 seats); a strict majority of seats voting.
//   - elders: the community c1's council, one member; enact_law.
//
// Rights: relocate (movement, a national domain) is protected; family is
// a belief domain of communal competence. One law is in force:
// laws/national/movement.yaml (id movement-act, enacted by the assembly,
// permitting relocate).
func CharterFiles(n int) []charter.File {
	var b strings.Builder
	b.WriteString(`jirga: 1
id: ledgertest
title: Ledger test charter
default: permitted
levels: [nation, province]
person:
  - {name: age, type: int}
parties:
  - {id: red, name: Red}
  - {id: blue, name: Blue}
communities:
  - {id: c1, name: Community One}
territories:
  - {id: N, name: Nation, level: nation}
  - {id: P1, name: Province One, level: province, parent: N}
  - {id: P2, name: Province Two, level: province, parent: N}
domains:
  - {id: education, name: Education, competence: province}
  - {id: movement, name: Movement, competence: nation}
  - {id: family, name: Family, competence: community, belief: true}
actions:
  - {id: attend_school, name: Attend school, domain: education}
  - {id: relocate, name: Relocate, domain: movement}
  - {id: marry, name: Marry, domain: family}
rights:
  - {id: free-movement, name: Free movement, protects: [relocate]}
  - {id: conscience, name: Freedom of conscience, non_coercion: [family]}
bodies:
  - id: assembly
    name: Assembly
    territory: N
    voting: by_member
    designations: [red, blue]
    members:
`)
	for i := 1; i <= n; i++ {
		party := "red"
		if i%2 == 0 {
			party = "blue"
		}
		fmt.Fprintf(&b, "      - {id: %s, party: %s, seats: 1, designation: %s}\n", Member(i), party, party)
	}
	b.WriteString(`    rules:
      - id: majority
        kinds: [enact_law, repeal_law, motion, allocate_seats]
        rule: {threshold: {share: 1/2, strict: true, weight: seats, base: voting}}
      - id: amendment
        kinds: [amend_charter]
        rule: {threshold: {share: 2/3, weight: seats, base: all}}
      - id: both-parties
        kinds: [vital_interest]
        rule: {threshold: {share: 1/2, strict: true, weight: seats, base: voting, each: [red, blue]}}
  - id: council
    name: Council
    territory: N
    voting: by_party
    members:
      - {id: red, party: red, seats: 6}
      - {id: blue, party: blue, seats: 4}
      - {id: independent, seats: 1}
    rules:
      - id: majority
        kinds: [enact_law, repeal_law, motion]
        rule: {threshold: {share: 1/2, strict: true, weight: seats, base: voting}}
  - id: provincial
    name: Provincial council
    per_level: province
    voting: by_member
    members:
      - {id: gov, seats: 3}
      - {id: opp, seats: 2}
    rules:
      - id: majority
        kinds: [enact_law, repeal_law, motion]
        rule: {threshold: {share: 1/2, strict: true, weight: seats, base: voting}}
  - id: elders
    name: Council of Community One
    territory: N
    community: c1
    voting: by_member
    members:
      - {id: elder, seats: 1}
    rules:
      - id: majority
        kinds: [enact_law, repeal_law]
        rule: {threshold: {share: 1/2, strict: true}}
`)
	law := `id: movement-act
title: Movement Act
enacted_by: assembly
territory: N
domain: movement
rules:
  - id: relocate-freely
    permit: relocate
`
	return []charter.File{
		{Path: charter.CharterFile, Data: []byte(b.String())},
		{Path: "laws/national/movement.yaml", Data: []byte(law)},
	}
}

// Delegates returns the genesis delegates of the test charter with an
// assembly of n members: "m01".."mNN" for the assembly's members, "red"
// and "blue" for the council's parties (party mandates), "independent",
// "P1-gov", "P1-opp", "P2-gov", "P2-opp" for the provincial councils and
// "elder". Each delegate's key is Key(name).
func Delegates(n int) []ledger.GenesisDelegate {
	var ds []ledger.GenesisDelegate
	add := func(name string, ms ...jirga.Mandate) {
		ds = append(ds, ledger.GenesisDelegate{Key: PublicKey(name), Name: name, Mandates: ms})
	}
	for i := 1; i <= n; i++ {
		add(Member(i), jirga.Mandate{Body: "assembly", Member: Member(i)})
	}
	add("red", jirga.Mandate{Body: "council", Party: "red"})
	add("blue", jirga.Mandate{Body: "council", Party: "blue"})
	add("independent", jirga.Mandate{Body: "council", Member: "independent"})
	for _, p := range []string{"P1", "P2"} {
		add(p+"-gov", jirga.Mandate{Body: "provincial", Territory: p, Member: "gov"})
		add(p+"-opp", jirga.Mandate{Body: "provincial", Territory: p, Member: "opp"})
	}
	add("elder", jirga.Mandate{Body: "elders", Member: "elder"})
	return ds
}

// Genesis returns the genesis of the test ledger with an assembly of n
// members, and the charter files it names.
func Genesis(n int) (*ledger.Genesis, []charter.File) {
	files := CharterFiles(n)
	c, err := charter.LoadFiles("", files)
	if err != nil {
		panic(fmt.Sprintf("ledgertest: the test charter does not load: %v", err))
	}
	g, err := ledger.NewGenesis(c, &ledger.GenesisSpec{Delegates: Delegates(n)}, Epoch)
	if err != nil {
		panic(fmt.Sprintf("ledgertest: genesis: %v", err))
	}
	return g, files
}

// Client signs envelopes for one delegate, numbering them. It is safe for
// concurrent use, but a delegate's envelopes must reach the ledger in the
// order they were signed.
type Client struct {
	Name    string
	Key     ed25519.PrivateKey
	Public  string
	ChainID string

	mu  sync.Mutex
	seq uint64
}

// NewClient returns the client of the delegate Key(name) on a ledger.
func NewClient(chainID, name string) *Client {
	k := Key(name)
	return &Client{Name: name, Key: k, Public: ledger.EncodeKey(k.Public().(ed25519.PublicKey)), ChainID: chainID}
}

// Sign signs body with the client's next sequence number.
func (c *Client) Sign(body ledger.Body) *ledger.Signed {
	c.mu.Lock()
	c.seq++
	seq := c.seq
	c.mu.Unlock()
	return c.SignSeq(seq, body)
}

// SignSeq signs body with a given sequence number, leaving the client's
// count alone (for replay tests).
func (c *Client) SignSeq(seq uint64, body ledger.Body) *ledger.Signed {
	env, err := ledger.NewEnvelope(c.ChainID, c.Public, seq, body)
	if err != nil {
		panic(fmt.Sprintf("ledgertest: envelope: %v", err))
	}
	s, err := ledger.Sign(env, c.Key)
	if err != nil {
		panic(fmt.Sprintf("ledgertest: sign: %v", err))
	}
	return s
}

// Seq returns the last sequence number the client used.
func (c *Client) Seq() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seq
}

// Rewind makes the client's next sequence number seq+1, after an
// envelope it signed was refused.
func (c *Client) Rewind(seq uint64) {
	c.mu.Lock()
	c.seq = seq
	c.mu.Unlock()
}
