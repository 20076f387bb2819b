package ui

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/rules"
)

// proposalsData is the list of proposals.
type proposalsData struct {
	Proposals []proposalRow
	NoLedger  bool
}

type proposalRow struct {
	jirga.Proposal
	BodyName string
}

func (h *Handler) proposals(r *http.Request, st *state) (*view, error) {
	ps, err := h.cfg.Ledger.Proposals(r.Context())
	if err != nil {
		return nil, err
	}
	_, none := h.cfg.Ledger.(noLedger)
	d := &proposalsData{NoLedger: none}
	for _, p := range ps {
		d.Proposals = append(d.Proposals, proposalRow{Proposal: p, BodyName: bodyName(st, p.Body)})
	}
	return &view{Template: "proposals", Title: h.locale.T("nav.proposals"), Nav: "proposals", Data: d}, nil
}

func bodyName(st *state, id string) string {
	if b := st.charter.Body(id); b != nil {
		return nameOr(b.Name, b.ID)
	}
	return id
}

// proposalData is one proposal's page.
type proposalData struct {
	P         jirga.Proposal
	Body      *jirga.Body
	BodyName  string
	Territory string
	Rule      *jirga.BodyRule
	Votes     []voteRow
	// NotVoted lists the members without a ballot.
	NotVoted []*jirga.Member
	Tally    *rules.Outcome
	TallyErr string
	Open     bool
	// CanSign is true when the ledger takes votes signed in the browser.
	CanSign bool
	Command string
	Members []option
	Choices []string
}

type voteRow struct {
	jirga.Vote
	Name   string
	Party  string
	Swatch any
}

func (h *Handler) proposal(r *http.Request, st *state) (*view, error) {
	p, votes, err := h.cfg.Ledger.Proposal(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	c := st.charter
	d := &proposalData{P: p, Body: c.Body(p.Body), BodyName: bodyName(st, p.Body), Open: p.Status == jirga.ProposalOpen, Choices: jirga.VoteValues}
	if t := c.Territory(p.Territory); t != nil {
		d.Territory = t.Name
	}
	_, d.CanSign = h.cfg.Ledger.(Voter)
	d.Command = voteCommand(serverURL(r), p.ID)
	ballots := rules.Votes{}
	voted := map[string]bool{}
	for _, v := range votes {
		row := voteRow{Vote: v, Name: v.Member}
		if d.Body != nil {
			for _, m := range d.Body.Members {
				if m.ID == v.Member {
					row.Name = nameOr(m.Name, m.ID)
					row.Party = st.partyName(m.Party)
					row.Swatch = swatch(st.memberColour(m))
				}
			}
		}
		d.Votes = append(d.Votes, row)
		ballots[v.Member] = rules.Ballot{Vote: rules.Vote(v.Vote)}
		voted[v.Member] = true
	}
	if d.Body != nil {
		for _, m := range d.Body.Members {
			d.Members = append(d.Members, option{Value: m.ID, Label: nameOr(m.Name, m.ID)})
			if !voted[m.ID] {
				d.NotVoted = append(d.NotVoted, m)
			}
		}
		for _, rl := range d.Body.Rules {
			if rl.ID == p.Rule {
				d.Rule = rl
			}
		}
	}
	if d.Rule != nil {
		d.Tally, err = rules.Tally(d.Body, d.Rule.Rule, ballots)
		if err != nil {
			d.TallyErr = jirga.ErrorMessage(err)
		}
	}
	title := p.ID
	if p.Title != "" {
		title = p.ID + ": " + p.Title
	}
	return &view{Template: "proposal", Title: title, Nav: "proposals", Data: d}, nil
}

// voteCommand is the command a delegate runs to vote on a proposal without
// a browser that signs: the key file is the one `jirga keygen` wrote.
func voteCommand(server, id string) string {
	return "jirga vote --url " + shellQuote(server) + " --key YOUR.key --proposal " + shellQuote(id) + " --vote yes"
}

// serverURL is the base URL the request reached, for commands to copy.
func serverURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// shellQuote quotes s for a POSIX shell when it needs quoting.
func shellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.:/@+=", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// ledgerData is the ledger page: the events and the chain's verification.
type ledgerData struct {
	Entries []entryView
	Height  uint64
	From    uint64
	// Prev and Next are the from indexes of the neighbouring pages, 0 when
	// there is none.
	Prev, Next uint64
	Verified   Verification
	HasLedger  bool
}

// entryView is an entry with what it did in words and the proposal it
// concerns.
type entryView struct {
	Entry
	Text     string
	Proposal string
}

// entryBody is what the ledger page reads of an envelope's body.
type entryBody struct {
	ID       string `json:"id"`
	Proposal string `json:"proposal"`
	Title    string `json:"title"`
	Vote     string `json:"vote"`
	Member   string `json:"member"`
	Key      string `json:"key"`
	Delegate struct {
		Name string `json:"name"`
		Key  string `json:"key"`
	} `json:"delegate"`
}

// entryView says in words what an entry did, from its kind and body.
func (h *Handler) entryView(e Entry) entryView {
	var b entryBody
	_ = json.Unmarshal(e.Body, &b) // an unreadable body leaves the fields empty
	v := entryView{Entry: e, Proposal: b.Proposal}
	L := h.locale
	switch e.Kind {
	case "proposal.submit":
		v.Proposal = b.ID
		v.Text = L.T("entry.proposal.submit", b.Title)
	case "proposal.vote":
		v.Text = L.T("entry.proposal.vote", b.Vote)
		if b.Member != "" {
			v.Text = L.T("entry.proposal.votefor", b.Member, b.Vote)
		}
	case "delegate.register":
		v.Text = L.T("entry.delegate.register", b.Delegate.Name, b.Delegate.Key)
	case "delegate.rotate", "delegate.revoke":
		v.Text = L.T("entry."+e.Kind, b.Key)
	default:
		v.Text = L.T("entry." + e.Kind)
	}
	return v
}

// eventsPerPage is how many entries the ledger page lists at once.
const eventsPerPage = 50

func (h *Handler) ledger(r *http.Request, st *state) (*view, error) {
	d := &ledgerData{From: 1}
	_, none := h.cfg.Ledger.(noLedger)
	d.HasLedger = !none
	if v := r.URL.Query().Get("from"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return nil, jirga.Errorf(jirga.EINVALID, "from must be an entry index (a whole number), not %q", v)
		}
		d.From = n
	}
	entries, height, err := h.cfg.Ledger.Entries(r.Context(), d.From, eventsPerPage)
	if err != nil {
		return nil, err
	}
	d.Height = height
	for _, e := range entries {
		d.Entries = append(d.Entries, h.entryView(e))
	}
	if d.From > 1 {
		d.Prev = 1
		if d.From > eventsPerPage {
			d.Prev = d.From - eventsPerPage
		}
	}
	if n := len(entries); n > 0 && entries[n-1].Index < height {
		d.Next = entries[n-1].Index + 1
	}
	d.Verified = h.cfg.Ledger.Verify(r.Context())
	return &view{Template: "ledger", Title: h.locale.T("nav.ledger"), Nav: "ledger", Data: d}, nil
}

// maxSigned bounds the body of a signed vote.
const maxSigned = 64 << 10

// signer serves GET /proposals/{id}/signer?key=K as JSON: what the
// browser needs to sign a vote with key K.
func (h *Handler) signer(w http.ResponseWriter, r *http.Request) {
	v, ok := h.cfg.Ledger.(Voter)
	if !ok {
		writeError(w, jirga.Errorf(jirga.ENOTFOUND, "this server takes no votes signed in the browser: use jirga vote"))
		return
	}
	info, err := v.Signer(r.Context(), r.URL.Query().Get("key"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, info)
}

// submitVote serves POST /proposals/{id}/votes: a signed envelope as JSON,
// passed to the ledger.
func (h *Handler) submitVote(w http.ResponseWriter, r *http.Request) {
	v, ok := h.cfg.Ledger.(Voter)
	if !ok {
		writeError(w, jirga.Errorf(jirga.ENOTFOUND, "this server takes no votes signed in the browser: use jirga vote"))
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxSigned))
	if err != nil {
		writeError(w, jirga.Errorf(jirga.EINVALID, "cannot read the signed vote: %v", err))
		return
	}
	index, err := v.Submit(r.Context(), data)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]uint64{"index": index})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// writeError answers a script's request with {"error": {"code", "message"}}.
func writeError(w http.ResponseWriter, err error) {
	status := statusOf(err)
	writeJSON(w, status, map[string]any{"error": map[string]string{"code": jirga.ErrorCode(err), "message": jirga.ErrorMessage(err)}})
}
