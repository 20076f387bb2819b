package ledger

import (
	"errors"
	"fmt"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/token"
	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
)

// Format names the ledger format a genesis declares.
const Format = "jirga-ledger/1"

// Genesis is the start of a ledger: the charter adopted (its id and the
// hash of its files, charter.Charter.Hash), the time of adoption and the
// delegates who may act from the start. Its hash, the chain id, names the
// ledger: every envelope carries it, and the first entry's prev_hash is it.
type Genesis struct {
	Format      string
	CharterID   string
	CharterHash string
	Time        time.Time
	Delegates   []GenesisDelegate
}

// GenesisDelegate is a delegate of the genesis.
type GenesisDelegate struct {
	Key      string          `json:"key" yaml:"key"`
	Name     string          `json:"name" yaml:"name"`
	Mandates []jirga.Mandate `json:"mandates" yaml:"mandates"`
}

// Canonical returns the genesis as canonical JSON:
// {"charter":{"hash":"...","id":"..."},"delegates":[{"key":"...","mandates":[...],"name":"..."}],"format":"jirga-ledger/1","time":"..."}.
func (g *Genesis) Canonical() []byte {
	delegates := make([]any, len(g.Delegates))
	for i, d := range g.Delegates {
		delegates[i] = object{{"key", d.Key}, {"mandates", mandatesValue(d.Mandates)}, {"name", d.Name}}
	}
	v := object{
		{"charter", object{{"hash", g.CharterHash}, {"id", g.CharterID}}},
		{"delegates", delegates},
		{"format", g.Format},
		{"time", FormatTime(g.Time)},
	}
	return appendCanonical(nil, v)
}

// mandatesValue encodes mandates canonically, leaving out empty fields.
func mandatesValue(ms []jirga.Mandate) []any {
	out := make([]any, len(ms))
	for i, m := range ms {
		o := object{{"body", m.Body}}
		if m.Member != "" {
			o = append(o, member{"member", m.Member})
		}
		if m.Party != "" {
			o = append(o, member{"party", m.Party})
		}
		if m.Territory != "" {
			o = append(o, member{"territory", m.Territory})
		}
		out[i] = o
	}
	return out
}

// ChainID returns the hex SHA-256 of the canonical genesis.
func (g *Genesis) ChainID() string { return hashHex(g.Canonical()) }

// Events returns what the genesis records, as entry 0: the charter
// adopted, then each delegate registered.
func (g *Genesis) Events() []jirga.Event {
	events := []jirga.Event{{Index: 0, Time: g.Time, Kind: jirga.EventCharterAdopted, Charter: g.CharterHash}}
	for _, d := range g.Delegates {
		events = append(events, jirga.Event{Index: 0, Time: g.Time, Kind: jirga.EventDelegateRegistered, Delegate: d.Key})
	}
	return events
}

// MarshalJSON implements json.Marshaler with the canonical form.
func (g *Genesis) MarshalJSON() ([]byte, error) { return g.Canonical(), nil }

// ParseGenesis reads a genesis written by Canonical (in any formatting).
func ParseGenesis(data []byte) (*Genesis, error) {
	v, err := parseJSON(data)
	if err != nil {
		return nil, invalidf("genesis: %v", err)
	}
	f := newFields(v, "genesis")
	g := &Genesis{Format: f.str("format", true)}
	chVal, _ := f.value("charter", true)
	ts := f.str("time", true)
	list := f.list("delegates", true)
	if err := f.done(); err != nil {
		return nil, err
	}
	if g.Format != Format {
		return nil, invalidf("genesis: format %q is not %q", clip(g.Format), Format)
	}
	cf := newFields(chVal, "genesis charter")
	g.CharterID = cf.str("id", true)
	g.CharterHash = cf.str("hash", true)
	if err := cf.done(); err != nil {
		return nil, err
	}
	if g.Time, err = parseEntryTime(ts); err != nil {
		return nil, invalidf("genesis: %v", err)
	}
	for i, dv := range list {
		d, err := decodeGenesisDelegate(dv, fmt.Sprintf("genesis delegate %d", i+1))
		if err != nil {
			return nil, err
		}
		g.Delegates = append(g.Delegates, d)
	}
	return g, nil
}

func decodeGenesisDelegate(v any, what string) (GenesisDelegate, error) {
	f := newFields(v, what)
	d := GenesisDelegate{Key: f.str("key", true), Name: f.str("name", false)}
	list := f.list("mandates", true)
	if err := f.done(); err != nil {
		return d, err
	}
	for j, mv := range list {
		m, err := decodeMandate(mv, fmt.Sprintf("%s mandate %d", what, j+1))
		if err != nil {
			return d, err
		}
		d.Mandates = append(d.Mandates, m)
	}
	return d, nil
}

func decodeMandate(v any, what string) (jirga.Mandate, error) {
	f := newFields(v, what)
	m := jirga.Mandate{
		Body:      f.str("body", true),
		Territory: f.str("territory", false),
		Party:     f.str("party", false),
		Member:    f.str("member", false),
	}
	if err := f.done(); err != nil {
		return m, err
	}
	if err := m.Validate(); err != nil {
		return m, invalidf("%s: %s", what, jirga.ErrorMessage(err))
	}
	return m, nil
}

// GenesisSpec is what a person writes to start a ledger (delegates.yaml):
// the time of adoption, if it is to be fixed, and the delegates.
//
//	time: 2026-05-01T00:00:00Z
//	delegates:
//	  - name: Islamic Emirate bench
//	    key: 3q2-7wJg...
//	    mandates:
//	      - {body: national-council, member: bench-iea}
type GenesisSpec struct {
	Time      string            `yaml:"time"`
	Delegates []GenesisDelegate `yaml:"delegates"`
}

// ParseGenesisSpec reads a delegates file (YAML or JSON). Errors name the
// file, line and column.
func ParseGenesisSpec(file string, data []byte) (spec *GenesisSpec, err error) {
	defer func() {
		// The YAML decoder is third-party code: whatever it does on
		// hostile input, the caller gets an error.
		if r := recover(); r != nil {
			spec, err = nil, invalidf("%s: cannot parse YAML: %v", file, r)
		}
	}()
	spec = &GenesisSpec{}
	if err := yaml.UnmarshalWithOptions(data, spec, yaml.Strict()); err != nil {
		return nil, yamlError(file, err)
	}
	return spec, nil
}

// yamlError turns a YAML decoding error into a diagnostic at its position.
func yamlError(file string, err error) error {
	d := jirga.Diagnostic{Pos: jirga.Pos{File: file}, Message: err.Error()}
	var te interface {
		GetToken() *token.Token
		GetMessage() string
	}
	if errors.As(err, &te) {
		d.Message = te.GetMessage()
		if tk := te.GetToken(); tk != nil && tk.Position != nil {
			d.Line, d.Col = tk.Position.Line, tk.Position.Column
		}
	}
	return &jirga.Error{Code: jirga.EINVALID, Message: fmt.Sprintf("%s: invalid delegates file", file), Diagnostics: []jirga.Diagnostic{d}}
}

// NewGenesis makes the genesis of a ledger for a loaded charter. The
// spec's time is used when set, else at; every delegate's key and mandates
// are checked against the charter.
func NewGenesis(c *charter.Charter, spec *GenesisSpec, at time.Time) (*Genesis, error) {
	if c == nil || c.Hash == "" {
		return nil, invalidf("genesis: no charter")
	}
	g := &Genesis{Format: Format, CharterID: c.ID, CharterHash: c.Hash, Time: at.UTC(), Delegates: spec.Delegates}
	if spec.Time != "" {
		t, err := time.Parse(time.RFC3339Nano, spec.Time)
		if err != nil {
			return nil, invalidf("genesis: time %q is not an RFC 3339 time such as 2026-05-01T00:00:00Z", spec.Time)
		}
		g.Time = t.UTC()
	}
	if _, err := newDelegates(c, g.Delegates); err != nil {
		return nil, err
	}
	// Round-trip through the canonical form so that what is hashed is what
	// is parsed back.
	return ParseGenesis(g.Canonical())
}
