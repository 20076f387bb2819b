package sqlite_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ledger/ledgertest"
	"github.com/jirga/jirga/sqlite"
)

// members is the assembly size of the test ledger.
const members = 32

// clock is a settable clock for the sequencer.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Millisecond)
	return c.now
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// fixture is a store on a new test ledger with its clients.
type fixture struct {
	t     testing.TB
	path  string
	store *sqlite.Store
	clock *clock
	chain string
	cl    map[string]*ledgertest.Client
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{t: t, path: filepath.Join(t.TempDir(), "jirga.db"), clock: &clock{now: ledgertest.Epoch.Add(time.Hour)}, cl: map[string]*ledgertest.Client{}}
	f.open()
	g, files := ledgertest.Genesis(members)
	if err := f.store.Init(context.Background(), g, files); err != nil {
		t.Fatal(err)
	}
	f.chain = g.ChainID()
	t.Cleanup(func() { f.store.Close() })
	return f
}

func (f *fixture) open() {
	f.t.Helper()
	s, err := sqlite.OpenWith(f.path, sqlite.Options{Now: f.clock.Now})
	if err != nil {
		f.t.Fatal(err)
	}
	f.store = s
}

func (f *fixture) reopen() {
	f.t.Helper()
	if err := f.store.Close(); err != nil {
		f.t.Fatal(err)
	}
	f.open()
}

func (f *fixture) client(name string) *ledgertest.Client {
	cl, ok := f.cl[name]
	if !ok {
		cl = ledgertest.NewClient(f.chain, name)
		f.cl[name] = cl
	}
	return cl
}

// do signs body as name and appends it through the wire format, as a
// server would: encode, ParseSigned, Append.
func (f *fixture) do(name string, body ledger.Body) (*sqlite.Receipt, error) {
	cl := f.client(name)
	s := cl.Sign(body)
	wire, _ := s.MarshalJSON()
	parsed, err := ledger.ParseSigned(wire)
	if err != nil {
		f.t.Fatal(err)
	}
	r, err := f.store.Append(context.Background(), parsed)
	if err != nil {
		cl.Rewind(s.Seq() - 1)
	}
	return r, err
}

func (f *fixture) must(name string, body ledger.Body) *sqlite.Receipt {
	f.t.Helper()
	r, err := f.do(name, body)
	if err != nil {
		f.t.Fatalf("%s %s: %v", name, body.EnvelopeKind(), err)
	}
	return r
}

// rows counts the stored entries.
func (f *fixture) rows() int {
	f.t.Helper()
	db, err := sql.Open("sqlite", "file:"+f.path+"?mode=ro")
	if err != nil {
		f.t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM events`).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

func (f *fixture) state() (hash string, height uint64) {
	f.store.View(func(s *ledger.State) error {
		hash, height = s.Hash(), s.Height()
		return nil
	})
	return hash, height
}

func (f *fixture) openMotion(id string) {
	f.must("m01", ledger.SubmitBody{ID: id, Body: "assembly", Kind: jirga.KindMotion, Title: "Motion " + id, ClosesAt: ledgertest.Epoch.Add(48 * time.Hour).Format(time.RFC3339)})
	f.must("m01", ledger.OpenBody{Proposal: id})
}

func TestOpenAppendReopen(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.openMotion("p1")
	r := f.must("m02", ledger.VoteBody{Proposal: "p1", Vote: "yes"})
	if r.Entry.Index() != 3 || len(r.Events) != 1 || r.Events[0].Kind != jirga.EventVoteCast || r.Events[0].Members[0] != "m02" {
		t.Errorf("receipt = %+v %+v", r.Entry.Raw(), r.Events)
	}
	f.must("m02", ledger.VoteBody{Proposal: "p1", Vote: "no"})
	hash, height := f.state()
	head, headHash := f.store.Head()
	f.reopen()
	h2, ht2 := f.state()
	if h2 != hash || ht2 != height || height != 4 {
		t.Errorf("after reopen: state %s at %d, want %s at %d", h2, ht2, hash, height)
	}
	if n, hh := f.store.Head(); n != head || hh != headHash {
		t.Errorf("head after reopen %d %s", n, hh)
	}
	var mode string
	db, _ := sql.Open("sqlite", "file:"+f.path)
	defer db.Close()
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v", mode, err)
	}
	var version int
	if err := db.QueryRow(`SELECT version FROM schema_version`).Scan(&version); err != nil || version != sqlite.SchemaVersion() || version < 1 {
		t.Errorf("schema_version = %d (%v), want %d", version, err, sqlite.SchemaVersion())
	}
	if _, err := db.Exec(`DELETE FROM events WHERE idx = 1`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("delete from events: %v", err)
	}
	entries, err := f.store.Entries(context.Background(), 2, 2)
	if err != nil || len(entries) != 2 || entries[0].Index() != 2 || entries[1].Signed().Kind() != ledger.KindVote {
		t.Errorf("Entries(2, 2) = %v, %v", entries, err)
	}
	// The entries' times come from the sequencer's clock, in order.
	if !entries[1].Time().After(entries[0].Time()) {
		t.Errorf("times %s, %s", entries[0].Time(), entries[1].Time())
	}
}

func TestGenesisOnce(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "new.db")
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Genesis() != nil || s.Charter() != nil {
		t.Error("a new store has a genesis")
	}
	cl := ledgertest.NewClient(strings.Repeat("0", 64), "m01")
	if _, err := s.Append(context.Background(), cl.Sign(ledger.OpenBody{Proposal: "x"})); jirga.ErrorCode(err) != jirga.ENOTFOUND || !strings.Contains(err.Error(), "no genesis") {
		t.Errorf("Append before Init: %v", err)
	}
	g, files := ledgertest.Genesis(3)
	if err := s.Init(context.Background(), g, files); err != nil {
		t.Fatal(err)
	}
	if err := s.Init(context.Background(), g, files); jirga.ErrorCode(err) != jirga.ECONFLICT {
		t.Errorf("second Init: %v", err)
	}
	if s.Genesis().ChainID() != g.ChainID() || s.Charter().ID != "ledgertest" {
		t.Error("genesis not kept")
	}
}

// TestRefusalsWriteNothing: each attack is refused with a clear error and
// leaves the database and the state as they were.
func TestRefusalsWriteNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.openMotion("p1")
	f.must("m03", ledger.RevokeBody{Key: ledgertest.PublicKey("m03")})
	f.must("m02", ledger.VoteBody{Proposal: "p1", Vote: "no"})
	f.must("m02", ledger.VoteBody{Proposal: "p1", Vote: "yes"}) // a double vote: the latest counts, once
	f.must("m01", ledger.SubmitBody{ID: "late", Body: "assembly", Kind: jirga.KindMotion, Title: "Not yet", OpensAt: "2030-01-01T00:00:00Z", ClosesAt: "2030-02-01T00:00:00Z"})
	replay := f.client("m02").SignSeq(1, ledger.VoteBody{Proposal: "p1", Vote: "yes"})

	rows := f.rows()
	hash, _ := f.state()
	tests := []struct {
		name       string
		append     func() error
		code, want string
	}{
		{"forged signature", func() error {
			s := f.client("m04").Sign(ledger.VoteBody{Proposal: "p1", Vote: "yes"})
			f.client("m04").Rewind(0)
			forged := ledgertest.Key("attacker")
			env := s.Envelope()
			canon, _ := env.Canonical()
			_, err := ledger.Verify(canon, ledger.EncodeSignature(signWith(forged, canon)))
			return err
		}, jirga.EUNAUTHORIZED, "signature does not verify with the signer's key"},
		{"unknown key", func() error {
			_, err := f.do("mallory", ledger.VoteBody{Proposal: "p1", Vote: "yes"})
			return err
		}, jirga.EUNAUTHORIZED, "is not a registered delegate"},
		{"revoked key", func() error {
			_, err := f.do("m03", ledger.VoteBody{Proposal: "p1", Vote: "yes"})
			return err
		}, jirga.EUNAUTHORIZED, "was revoked"},
		{"replayed envelope", func() error {
			_, err := f.store.Append(context.Background(), replay)
			return err
		}, jirga.ECONFLICT, "signer_seq 1 of " + ledgertest.PublicKey("m02") + " was already used"},
		{"vote by a non-member", func() error {
			_, err := f.do("blue", ledger.VoteBody{Proposal: "p1", Vote: "yes"})
			return err
		}, jirga.EUNAUTHORIZED, `acts for no member of body "assembly"`},
		{"vote outside the window", func() error {
			_, err := f.do("m05", ledger.VoteBody{Proposal: "late", Vote: "yes"})
			return err
		}, jirga.ECONFLICT, "not open for voting yet"},
		{"law that fails review", func() error {
			law := "id: stay\ntitle: Stay\nenacted_by: assembly\nterritory: N\ndomain: movement\nrules:\n  - id: r1\n    forbid: relocate\n"
			_, err := f.do("m01", ledger.SubmitBody{ID: "stay", Body: "assembly", Kind: jirga.KindEnactLaw, Title: "Stay", Law: law, ClosesAt: "2030-01-01T00:00:00Z"})
			return err
		}, jirga.EINVALID, "fails constitutional review: 1 finding\nlaws/ledger/stay.yaml:7:5: protected_action_forbidden"},
	}
	for _, tt := range tests {
		err := tt.append()
		if jirga.ErrorCode(err) != tt.code || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v (code %s), want %s containing %q", tt.name, err, jirga.ErrorCode(err), tt.code, tt.want)
		}
		if got := f.rows(); got != rows {
			t.Errorf("%s: %d rows, want %d", tt.name, got, rows)
		}
		if h, _ := f.state(); h != hash {
			t.Errorf("%s changed the state", tt.name)
		}
	}
	// After the window closes, votes are refused too.
	f.clock.Set(ledgertest.Epoch.Add(49 * time.Hour))
	if _, err := f.do("m05", ledger.VoteBody{Proposal: "p1", Vote: "yes"}); jirga.ErrorCode(err) != jirga.ECONFLICT || !strings.Contains(err.Error(), "closed at") {
		t.Errorf("vote after the window: %v", err)
	}
	// m02 voted twice: its latest vote counts, once.
	r := f.must("m01", ledger.CloseBody{Proposal: "p1"})
	if res := r.Events[0].Result; res == nil || res.Yes != 1 || res.Members != members {
		t.Errorf("close result = %+v", res)
	}
}

func TestConcurrentAppend(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.openMotion("p1")
	const perMember = 20
	var wg sync.WaitGroup
	errs := make(chan error, members)
	indexes := make(chan uint64, members*perMember)
	for m := 1; m <= members; m++ {
		cl := f.client(ledgertest.Member(m))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range perMember {
				vote := jirga.VoteValues[(m+k)%3]
				r, err := f.store.Append(context.Background(), cl.Sign(ledger.VoteBody{Proposal: "p1", Vote: vote}))
				if err != nil {
					errs <- fmt.Errorf("%s vote %d: %w", cl.Name, k, err)
					return
				}
				indexes <- r.Entry.Index()
			}
		}()
	}
	wg.Wait()
	close(errs)
	close(indexes)
	for err := range errs {
		t.Error(err)
	}
	seen := map[uint64]bool{}
	for i := range indexes {
		if seen[i] {
			t.Errorf("index %d acknowledged twice", i)
		}
		seen[i] = true
	}
	want := 2 + members*perMember
	if f.rows() != want || len(seen) != members*perMember {
		t.Errorf("rows %d, acknowledged %d, want %d", f.rows(), len(seen), want)
	}
	var votes []jirga.Vote
	f.store.View(func(s *ledger.State) error { votes = s.Votes("p1"); return nil })
	if len(votes) != members {
		t.Errorf("%d ballots, want one per member (%d)", len(votes), members)
	}
	for _, v := range votes {
		var m int
		fmt.Sscanf(v.Member, "m%d", &m)
		if want := jirga.VoteValues[(m+perMember-1)%3]; v.Vote != want {
			t.Errorf("%s: latest vote %s, want %s", v.Member, v.Vote, want)
		}
	}
	state, err := sqlite.Verify(context.Background(), f.path)
	if err != nil || state.Height() != uint64(want) {
		t.Fatalf("Verify: %v", err)
	}
}

func TestBrokenChainRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.openMotion("p1")
	for m := 1; m <= 5; m++ {
		f.must(ledgertest.Member(m), ledger.VoteBody{Proposal: "p1", Vote: "yes"})
	}
	f.store.Close()
	tests := []struct {
		name, sql, want string
	}{
		{"vote changed", `UPDATE events SET envelope = replace(envelope, '"yes"', '"no"') WHERE idx = 5`, "entry 5: signature does not verify"},
		{"hash changed", `UPDATE events SET hash = '` + strings.Repeat("ab", 32) + `' WHERE idx = 4`, "entry 4: hash mismatch"},
		{"entry deleted", `DELETE FROM events WHERE idx = 3`, "entry 4: index 4 out of sequence: the next entry is 3"},
		{"time moved", `UPDATE events SET time = '2026-05-01T01:00:00.000000000Z' WHERE idx = 6`, "entry 6: hash mismatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "broken.db")
			copyDB(t, f.path, path)
			db, err := sql.Open("sqlite", "file:"+path)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{`DROP TRIGGER events_no_update`, `DROP TRIGGER events_no_delete`, tt.sql} {
				if _, err := db.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			db.Close()
			_, err = sqlite.Open(path)
			if err == nil || !strings.Contains(err.Error(), "the chain is broken, refusing to start: "+tt.want) {
				t.Errorf("Open: %v, want %q", err, tt.want)
			}
			_, err = sqlite.Verify(context.Background(), path)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Verify: %v, want %q", err, tt.want)
			}
		})
	}
}

// copyDB copies a closed database with VACUUM INTO.
func copyDB(t *testing.T, from, to string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+from+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`VACUUM INTO ?`, to); err != nil {
		t.Fatal(err)
	}
}

func TestExportImport(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.openMotion("p1")
	for m := 1; m <= 4; m++ {
		f.must(ledgertest.Member(m), ledger.VoteBody{Proposal: "p1", Vote: "yes"})
	}
	var buf bytes.Buffer
	if err := f.store.Export(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(buf.Bytes(), []byte("\n")); n != 7 {
		t.Errorf("export has %d lines, want 7", n)
	}
	st, err := ledger.VerifyExport(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	hash, height := f.state()
	if st.Hash() != hash || st.Height() != height {
		t.Errorf("export replays to %s at %d, want %s at %d", st.Hash(), st.Height(), hash, height)
	}
	// Import the export into a new database.
	h, lines, err := ledger.ReadExport(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	entries := func(yield func(*ledger.Entry, error) bool) {
		for line, err := range lines {
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(ledger.DecodeEntry(line)) {
				return
			}
		}
	}
	path := filepath.Join(t.TempDir(), "imported.db")
	imported, err := sqlite.Import(context.Background(), path, h.Genesis, h.Files, entries)
	if err != nil || imported.Hash() != hash {
		t.Fatalf("Import: %v", err)
	}
	st2, err := sqlite.Verify(context.Background(), path)
	if err != nil || st2.Hash() != hash {
		t.Errorf("Verify(imported): %v", err)
	}
}

func signWith(priv ed25519.PrivateKey, msg []byte) []byte { return ed25519.Sign(priv, msg) }

// TestCloseWhileAppending closes the store under a load of appends: every
// Append returns, with a receipt or ErrClosed, and what was acknowledged
// is in the ledger.
func TestCloseWhileAppending(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.openMotion("p1")
	var wg sync.WaitGroup
	var acked sync.Map
	for m := 1; m <= 8; m++ {
		cl := f.client(ledgertest.Member(m))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				r, err := f.store.Append(context.Background(), cl.Sign(ledger.VoteBody{Proposal: "p1", Vote: "yes"}))
				if err != nil {
					if err != sqlite.ErrClosed {
						t.Errorf("Append: %v", err)
					}
					return
				}
				acked.Store(r.Entry.Index(), r.Entry.Hash())
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	f.store.Close()
	wg.Wait()
	f.open()
	acked.Range(func(k, v any) bool {
		entries, err := f.store.Entries(context.Background(), k.(uint64), 1)
		if err != nil || len(entries) != 1 || entries[0].Hash() != v.(string) {
			t.Errorf("acknowledged entry %v missing after reopen: %v", k, err)
		}
		return true
	})
}
