package ledger

import (
	"cmp"
	"slices"

	"github.com/jirga/jirga"
)

// Hash returns the hex SHA-256 of the state's canonical encoding (see
// Snapshot): two nodes that applied the same entries have the same state
// hash. It is the state root a replicated ledger can use as its app hash.
func (s *State) Hash() string { return hashHex(s.Snapshot()) }

// Snapshot returns the state as canonical JSON: the chain id, height and
// time; the hash of the charter in force; every delegate (by key) with its
// mandates, status and last signer_seq; every proposal (by id) with its
// status, result and latest ballots (by member). The genesis, the charter
// files and these facts are all a node needs to resume.
func (s *State) Snapshot() []byte {
	keys := slices.Clone(s.keys)
	slices.Sort(keys)
	delegates := make([]any, len(keys))
	for i, k := range keys {
		d := s.delegates[k]
		delegates[i] = object{
			{"key", d.Key},
			{"mandates", mandatesValue(d.Mandates)},
			{"name", d.Name},
			{"seq", int64(d.Seq)},
			{"since", int64(d.Since)},
			{"status", d.Status},
			{"successor", d.Successor},
		}
	}
	ids := slices.Clone(s.ids)
	slices.Sort(ids)
	proposals := make([]any, len(ids))
	for i, id := range ids {
		proposals[i] = proposalValue(s.proposals[id])
	}
	v := object{
		{"chain_id", s.chainID},
		{"charter", s.charter.Hash},
		{"delegates", delegates},
		{"height", int64(s.height)},
		{"proposals", proposals},
		{"time", FormatTime(s.time)},
	}
	return appendCanonical(nil, v)
}

func proposalValue(p *proposal) object {
	votes := make([]*jirga.Vote, 0, len(p.ballots))
	for _, v := range p.ballots {
		votes = append(votes, v)
	}
	slices.SortFunc(votes, func(a, b *jirga.Vote) int { return cmp.Compare(a.Member, b.Member) })
	ballots := make([]any, len(votes))
	for i, v := range votes {
		ballots[i] = object{{"delegate", v.Delegate}, {"index", int64(v.Index)}, {"member", v.Member}, {"vote", v.Vote}}
	}
	var result any
	if r := p.Result; r != nil {
		clauses := make([]any, len(r.Clauses))
		for i, c := range r.Clauses {
			clauses[i] = object{{"held", c.Held}, {"label", c.Label}, {"path", c.Path}}
		}
		result = object{
			{"absent", int64(r.Absent)}, {"abstain", int64(r.Abstain)}, {"clauses", clauses},
			{"effect", r.Effect}, {"members", int64(r.Members)}, {"no", int64(r.No)},
			{"passed", r.Passed}, {"veto", int64(r.Veto)}, {"yes", int64(r.Yes)},
		}
	}
	opens := ""
	if !p.OpensAt.IsZero() {
		opens = FormatTime(p.OpensAt)
	}
	return object{
		{"ballots", ballots},
		{"body", p.Body},
		{"charter", p.Charter},
		{"closed", int64(p.Closed)},
		{"closes_at", FormatTime(p.ClosesAt)},
		{"id", p.ID},
		{"kind", p.Kind},
		{"law", p.Law},
		{"law_id", p.LawID},
		{"opened", int64(p.Opened)},
		{"opens_at", opens},
		{"proposer", p.Proposer},
		{"result", result},
		{"rule", p.Rule},
		{"status", p.Status},
		{"submitted", int64(p.Submitted)},
		{"territory", p.Territory},
		{"text", p.Text},
		{"title", p.Title},
	}
}
