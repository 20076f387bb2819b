package ui_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/examples"
	jhttp "github.com/jirga/jirga/http"
	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ledger/ledgertest"
	"github.com/jirga/jirga/sqlite"
	"github.com/jirga/jirga/ui"
)

// fullServer is jirga serve in a test: package http's server on
// 127.0.0.1:0 over the SQLite ledger store of the Afghanistan example, with
// the UI mounted at "/".
type fullServer struct {
	URL     string
	chainID string
	// clients sign for the delegates of the five party benches, by party
	// id.
	clients map[string]*ledgertest.Client
}

// startServer starts the full server. Its ledger's delegates act for the
// National Council's party benches; P-1, a motion, is submitted and opened
// by the IEA bench's delegate, who votes yes.
func startServer(t testing.TB) *fullServer {
	t.Helper()
	ctx := context.Background()
	files, err := ledger.ReadCharterFiles(examples.Afghanistan())
	if err != nil {
		t.Fatal(err)
	}
	c, err := charter.LoadFiles(examples.AfghanistanName, files)
	if err != nil {
		t.Fatal(err)
	}
	var spec ledger.GenesisSpec
	parties := []string{"iea", "nrf", "wahdat", "junbish", "aff"}
	for _, party := range parties {
		spec.Delegates = append(spec.Delegates, ledger.GenesisDelegate{Key: ledgertest.PublicKey(party), Name: party + " delegate",
			Mandates: []jirga.Mandate{{Body: "national-council", Member: "bench-" + party}}})
	}
	g, err := ledger.NewGenesis(c, &spec, ledgertest.Epoch)
	if err != nil {
		t.Fatal(err)
	}
	// The sequencer's clock: a minute per entry from an hour after the
	// genesis, so that every run makes the same chain.
	var mu sync.Mutex
	now := ledgertest.Epoch.Add(time.Hour)
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Minute)
		return now
	}
	store, err := sqlite.OpenWith(filepath.Join(t.TempDir(), "jirga.db"), sqlite.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := store.Init(ctx, g, files); err != nil {
		t.Fatal(err)
	}
	l := ui.FromStore(sqlite.ServerLedger{Store: store})
	h, err := ui.New(ui.Config{Charter: c, State: l.Current, Files: examples.Afghanistan(), Ledger: l})
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := jhttp.NewServer(jhttp.Config{Charter: c, Ledger: sqlite.ServerLedger{Store: store}, UI: h, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Open("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close(context.Background()) })
	f := &fullServer{URL: srv.URL(), chainID: g.ChainID(), clients: map[string]*ledgertest.Client{}}
	for _, p := range parties {
		f.clients[p] = ledgertest.NewClient(f.chainID, p)
	}
	closes := ledgertest.Epoch.Add(72 * time.Hour).Format(time.RFC3339)
	for _, b := range []ledger.Body{
		ledger.SubmitBody{ID: "P-1", Body: "national-council", Kind: jirga.KindMotion, Title: "Polio vaccination campaign in every province",
			Text: "The Council calls on every province to let vaccinators reach every child.", ClosesAt: closes},
		ledger.OpenBody{Proposal: "P-1"},
		ledger.VoteBody{Proposal: "P-1", Member: "bench-iea", Vote: jirga.VoteYes},
	} {
		f.post(t, f.clients["iea"].Sign(b))
	}
	return f
}

// post submits a signed envelope to the JSON API, POST /api/envelopes.
func (f *fullServer) post(t testing.TB, s *ledger.Signed) {
	t.Helper()
	body, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Post(f.URL+"/api/envelopes", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		msg, _ := io.ReadAll(res.Body)
		t.Fatalf("POST /api/envelopes %s: %s %s", s, res.Status, msg)
	}
}

// Before its genesis a store reads as an empty ledger, and the pages show
// the configured charter.
func TestStoreWithoutGenesis(t *testing.T) {
	t.Parallel()
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "jirga.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	l := ui.FromStore(sqlite.ServerLedger{Store: store})
	h, err := ui.New(ui.Config{Charter: afghanistan(t), State: l.Current, Files: examples.Afghanistan(), Ledger: l})
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"/": "Who governs where", "/proposals": "No proposals yet.", "/ledger": "Ledger"} {
		code, body := get(t, h, path)
		if code != http.StatusOK || !bytes.Contains([]byte(body), []byte(want)) {
			t.Errorf("GET %s: %d, no %q", path, code, want)
		}
	}
	if code, _ := get(t, h, "/proposals/P-1"); code != http.StatusNotFound {
		t.Errorf("a proposal before the genesis: %d", code)
	}
}

// The store's ledger through the UI: the proposal, its votes, the
// entries in words, and a verification that replays the database.
func TestStoreLedgerPages(t *testing.T) {
	t.Parallel()
	f := startServer(t)
	for path, wants := range map[string][]string{
		"/proposals":      {"P-1", "Polio vaccination campaign in every province", "open for voting"},
		"/proposals/P-1":  {"Islamic Emirate bench", "As the votes stand, the proposal fails.", "1.1 half the seats present"},
		"/ledger":         {"Chain verified: 3 entries", "votes for bench-iea: yes on", f.chainID},
		"/bodies":         {"National Council (Loya Shura)"},
		"/api/proposals":  {`"id":"P-1"`},
		"/territories/AF": {"Afghanistan"},
	} {
		res, err := http.Get(f.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %s", path, res.Status)
		}
		for _, w := range wants {
			if !bytes.Contains(body, []byte(w)) {
				t.Errorf("GET %s: no %q", path, w)
			}
		}
	}
}
