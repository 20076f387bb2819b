package rules

import (
	"fmt"
	"strings"

	"github.com/jirga/jirga"
)

// Vote is how a member votes.
type Vote string

// Votes a member can cast. A member with no ballot is absent.
const (
	Absent  Vote = "absent"
	Yes     Vote = "yes"
	No      Vote = "no"
	Abstain Vote = "abstain"
	// NoWithVeto is a no that also counts toward veto thresholds (Cosmos
	// SDK's "no with veto"). Everywhere else it counts as no.
	NoWithVeto Vote = "veto"
)

// ParseVote reads a vote word, case-insensitively: yes (aye, for, y), no
// (nay, against, n), abstain (abstention), veto (no_with_veto) or absent.
func ParseVote(s string) (Vote, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "aye", "for", "y":
		return Yes, nil
	case "no", "nay", "against", "n":
		return No, nil
	case "abstain", "abstention", "abstained":
		return Abstain, nil
	case "veto", "no_with_veto", "nowithveto", "no-with-veto":
		return NoWithVeto, nil
	case "absent", "":
		return Absent, nil
	}
	return "", fmt.Errorf("unknown vote %q: use yes, no, abstain, veto or absent", s)
}

// Citizens are the votes of a territorial member's citizens, such as a
// canton's result in a popular vote.
type Citizens struct {
	Yes int64 `json:"yes"`
	No  int64 `json:"no"`
}

// Vote is the member's own vote that its citizens' result determines
// (Swiss Constitution Art. 142(3)): yes when more citizens voted yes than
// no, no when more voted no, and abstain on an exact tie, so that a tied
// canton counts for neither side and is not a yes.
func (c Citizens) Vote() Vote {
	switch {
	case c.Yes > c.No:
		return Yes
	case c.No > c.Yes:
		return No
	}
	return Abstain
}

// Ballot is one member's vote: either a vote, or the citizen votes it
// reports (its own vote then follows from them).
type Ballot struct {
	Vote     Vote      `json:"vote,omitempty"`
	Citizens *Citizens `json:"citizens,omitempty"`
	// Pos is where the ballot was read, for error messages.
	Pos jirga.Pos `json:"-"`
}

// cast returns the member's vote: its citizens' result when it reports one.
func (b Ballot) cast() (Vote, error) {
	if b.Citizens == nil {
		switch b.Vote {
		case "":
			return Absent, nil
		case Yes, No, Abstain, NoWithVeto, Absent:
			return b.Vote, nil
		}
		return "", fmt.Errorf("unknown vote %q: use yes, no, abstain, veto or absent", b.Vote)
	}
	if b.Citizens.Yes < 0 || b.Citizens.No < 0 {
		return "", fmt.Errorf("citizen votes cannot be negative (yes %d, no %d)", b.Citizens.Yes, b.Citizens.No)
	}
	v := b.Citizens.Vote()
	if b.Vote != "" && b.Vote != v {
		return "", fmt.Errorf("vote %q contradicts its citizens' result (yes %d, no %d gives %s)", b.Vote, b.Citizens.Yes, b.Citizens.No, v)
	}
	return v, nil
}

// Votes are the ballots of a division, by member id. A member without a
// ballot is absent.
type Votes map[string]Ballot
