package ledger_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ledger/ledgertest"
)

// generated returns a generated ledger of n entries with a law every
// third proposal, and its genesis.
func generated(t testing.TB, n int) (*ledger.Genesis, []*ledger.Entry) {
	t.Helper()
	var entries []*ledger.Entry
	g, err := ledgertest.Generate(ledgertest.GenerateConfig{Entries: n, Members: 8, VotesPerMember: 2, LawEvery: 3}, func(e *ledger.Entry) error {
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return g, entries
}

func raws(entries []*ledger.Entry) func(func(ledger.RawEntry, error) bool) {
	return func(yield func(ledger.RawEntry, error) bool) {
		for _, e := range entries {
			if !yield(e.Raw(), nil) {
				return
			}
		}
	}
}

// TestDeterministicReplay applies the same log twice, entry by entry and
// through the parallel Replay, and gets the same state hash each time.
func TestDeterministicReplay(t *testing.T) {
	t.Parallel()
	g, entries := generated(t, 200)
	_, files := ledgertest.Genesis(8)
	var hashes []string
	for range 2 {
		s, err := ledger.NewState(g, files)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if _, err := s.Apply(e); err != nil {
				t.Fatalf("entry %d: %v", e.Index(), err)
			}
		}
		hashes = append(hashes, s.Hash())
	}
	s, err := ledger.NewState(g, files)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	if err := s.ReplayWith(raws(entries), func(e *ledger.Entry, events []jirga.Event) error {
		for _, ev := range events {
			if ev.Index != e.Index() {
				t.Errorf("event %s of entry %d has index %d", ev.Kind, e.Index(), ev.Index)
			}
			kinds[ev.Kind]++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	hashes = append(hashes, s.Hash())
	// 200 entries: rounds of a submit, an open, 16 votes and a close.
	if kinds[jirga.EventProposalSubmitted] != 11 || kinds[jirga.EventProposalClosed] != 10 || kinds[jirga.EventLawEnacted] != 3 ||
		kinds[jirga.EventVoteCast]+kinds[jirga.EventVoteChanged] != 200-11-11-10 {
		t.Errorf("events = %v", kinds)
	}
	if hashes[0] != hashes[1] || hashes[1] != hashes[2] {
		t.Errorf("state hashes differ: %v", hashes)
	}
	if s.Height() != 200 || s.Head() != entries[199].Hash() {
		t.Errorf("height %d head %s", s.Height(), s.Head())
	}
	// Laws were enacted along the way: round 3 proposed one and closed.
	if s.Charter().Law("law-p000003") == nil {
		t.Errorf("generated law not in force; proposals %d", len(s.Proposals()))
	}
	// The snapshot is canonical JSON.
	snap := s.Snapshot()
	if again, err := ledger.Canonical(snap); err != nil || !bytes.Equal(again, snap) {
		t.Errorf("snapshot is not canonical: %v", err)
	}
	// A different log gives a different state.
	short, _ := ledger.NewState(g, files)
	if err := short.Replay(raws(entries[:199])); err != nil || short.Hash() == hashes[0] {
		t.Errorf("a shorter log gives the same hash (%v)", err)
	}
}

// TestReplayNamesTheBadEntry tampers with one entry of a log in different
// ways; replay stops there and says what failed.
func TestReplayNamesTheBadEntry(t *testing.T) {
	t.Parallel()
	g, entries := generated(t, 60)
	_, files := ledgertest.Genesis(8)
	tests := []struct {
		name string
		edit func([]ledger.RawEntry)
		want string
	}{
		{"hash changed", func(r []ledger.RawEntry) { r[41].Hash = strings.Repeat("0", 64) }, "entry 42: hash mismatch: recorded 0000"},
		{"time changed", func(r []ledger.RawEntry) { r[41].Time = "2026-05-01T01:00:00.999000000Z" }, "entry 42: hash mismatch"},
		{"envelope swapped", func(r []ledger.RawEntry) { r[41].Envelope = r[40].Envelope }, "entry 42: signature does not verify"},
		{"entry dropped", func(r []ledger.RawEntry) { copy(r[41:], r[42:]) }, "entry 43: index 43 out of sequence: the next entry is 42"},
		{"entry re-sealed at another time", func(r []ledger.RawEntry) {
			e, err := ledger.NewEntry(r[41])
			if err != nil {
				panic(err)
			}
			r[41] = ledger.Seal(42, e.Time().Add(time.Nanosecond), e.PrevHash(), e.Signed()).Raw()
		}, "entry 43: prev_hash"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs := make([]ledger.RawEntry, len(entries))
			for i, e := range entries {
				rs[i] = e.Raw()
			}
			tt.edit(rs)
			s, err := ledger.NewState(g, files)
			if err != nil {
				t.Fatal(err)
			}
			err = s.Replay(func(yield func(ledger.RawEntry, error) bool) {
				for _, r := range rs {
					if !yield(r, nil) {
						return
					}
				}
			})
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Replay: %v, want %q", err, tt.want)
			}
		})
	}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(ledger.TimeFormat, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestExportRoundTrip writes a ledger as JSON lines and verifies it.
func TestExportRoundTrip(t *testing.T) {
	t.Parallel()
	g, entries := generated(t, 50)
	_, files := ledgertest.Genesis(8)
	var buf bytes.Buffer
	h := &ledger.Header{Genesis: g, Files: files}
	buf.Write(append(h.AppendJSON(nil), '\n'))
	for _, e := range entries {
		buf.Write(append(e.AppendJSON(nil), '\n'))
	}
	s, err := ledger.VerifyExport(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if s.Height() != 50 || s.Head() != entries[49].Hash() {
		t.Errorf("height %d head %s", s.Height(), s.Head())
	}
	// A charter file changed in the header no longer matches the genesis.
	bad := bytes.Replace(buf.Bytes(), []byte("Ledger test charter"), []byte("Ledger test charta"), 1)
	if _, err := ledger.VerifyExport(bytes.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "but the charter files hash to") {
		t.Errorf("VerifyExport(changed charter) = %v", err)
	}
	if _, err := ledger.VerifyExport(strings.NewReader("")); jirga.ErrorCode(err) != jirga.EINVALID {
		t.Errorf("VerifyExport(empty) = %v", err)
	}
}
