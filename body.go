package jirga

// Voting modes of a body.
const (
	// VotingByMember: each member votes one by one with its own weight.
	VotingByMember = "by_member"
	// VotingByParty: a party's delegates cast all the seats of its members.
	VotingByParty = "by_party"
)

// Body is a decision-making institution.
type Body struct {
	Source Source `yaml:"-" json:"-"`
	ID     string `yaml:"id" json:"id"`
	Name   string `yaml:"name" json:"name"`
	// Territory is where the body legislates. A body with PerLevel instead
	// sits in every territory of that level (e.g. a provincial council in
	// each province); a law then names the territory it is enacted for.
	Territory string `yaml:"territory" json:"territory,omitempty"`
	PerLevel  string `yaml:"per_level" json:"per_level,omitempty"`
	// Community makes the body the legislator of a community's personal law.
	Community string `yaml:"community" json:"community,omitempty"`
	Voting    string `yaml:"voting" json:"voting,omitempty"`
	// Designations name the blocs members declare (e.g. nationalist,
	// unionist, other) for parallel consent and weighted majorities.
	Designations []string  `yaml:"designations" json:"designations,omitempty"`
	Members      []*Member `yaml:"members" json:"members"`
	// SeatsFrom fills the members' seats by an apportionment of votes.
	SeatsFrom *Allocation `yaml:"seats_from" json:"seats_from,omitempty"`
	Rules     []*BodyRule `yaml:"rules" json:"rules"`
	Note      string      `yaml:"note" json:"note,omitempty"`
}

// Member is one voting member of a body: a party's bloc, a territory's
// delegation, a state, a canton, a validator...
type Member struct {
	Source      Source `yaml:"-" json:"-"`
	ID          string `yaml:"id" json:"id"`
	Name        string `yaml:"name" json:"name,omitempty"`
	Party       string `yaml:"party" json:"party,omitempty"`
	Territory   string `yaml:"territory" json:"territory,omitempty"`
	Seats       int64  `yaml:"seats" json:"seats,omitempty"`
	Designation string `yaml:"designation" json:"designation,omitempty"`
	// Attributes are numeric weights such as population or a canton's vote.
	Attributes map[string]float64 `yaml:"attributes" json:"attributes,omitempty"`
}

// Allocation apportions a body's seats from votes (see package apportion):
// on load, each member whose party has votes here receives that party's
// seats.
type Allocation struct {
	Source    Source           `yaml:"-" json:"-"`
	Method    string           `yaml:"method" json:"method"`
	Seats     int64            `yaml:"seats" json:"seats"`
	Threshold string           `yaml:"threshold" json:"threshold,omitempty"`
	Votes     map[string]int64 `yaml:"votes" json:"votes"`
	// TieBreak separates equal claims: "votes" (the default), "lot:SEED",
	// "order:A,B" or "secondary" with Secondary votes by party (such as
	// first-preference votes, named by SecondaryName).
	TieBreak      string           `yaml:"tie_break" json:"tie_break,omitempty"`
	Secondary     map[string]int64 `yaml:"secondary" json:"secondary,omitempty"`
	SecondaryName string           `yaml:"secondary_name" json:"secondary_name,omitempty"`
}

// Proposal kinds. A body maps each kind to one of its decision rules.
const (
	KindEnactLaw      = "enact_law"
	KindRepealLaw     = "repeal_law"
	KindAmendCharter  = "amend_charter"
	KindAllocateSeats = "allocate_seats"
	KindMotion        = "motion"
	KindVitalInterest = "vital_interest"
)

// ProposalKinds lists every proposal kind, in a fixed order.
var ProposalKinds = []string{KindEnactLaw, KindRepealLaw, KindAmendCharter, KindAllocateSeats, KindMotion, KindVitalInterest}

// BodyRule is a named decision rule of a body and the kinds of matter it
// decides.
type BodyRule struct {
	Source Source        `yaml:"-" json:"-"`
	ID     string        `yaml:"id" json:"id"`
	Name   string        `yaml:"name" json:"name,omitempty"`
	Kinds  []string      `yaml:"kinds" json:"kinds,omitempty"`
	Text   string        `yaml:"text" json:"text,omitempty"`
	Rule   *DecisionRule `yaml:"rule" json:"rule"`
}

// DecisionRule is a tree over a vote: exactly one of All, Any, Not,
// Threshold, Quorum or Veto is set. Package rules gives it its meaning.
type DecisionRule struct {
	Source    Source          `yaml:"-" json:"-"`
	All       []*DecisionRule `yaml:"all" json:"all,omitempty"`
	Any       []*DecisionRule `yaml:"any" json:"any,omitempty"`
	Not       *DecisionRule   `yaml:"not" json:"not,omitempty"`
	Threshold *Threshold      `yaml:"threshold" json:"threshold,omitempty"`
	// Quorum is a threshold on participation: its Votes default to
	// "present".
	Quorum *Threshold `yaml:"quorum" json:"quorum,omitempty"`
	Veto   *Veto      `yaml:"veto" json:"veto,omitempty"`
	// Label names the clause in tally breakdowns.
	Label string `yaml:"label" json:"label,omitempty"`
}

// Threshold bases: whose weight forms the denominator.
const (
	BaseAll     = "all"     // every member, present or not
	BasePresent = "present" // members who cast any vote, abstentions included
	BaseVoting  = "voting"  // members who voted yes, no or veto; abstentions left out
)

// Threshold counted votes: whose weight forms the numerator.
const (
	VotesYes     = "yes"
	VotesNo      = "no"      // no, and no-with-veto
	VotesNotYes  = "not_yes" // everyone in the base who did not vote yes
	VotesAbstain = "abstain"
	VotesVeto    = "veto" // no-with-veto only
	VotesPresent = "present"
)

// Threshold is a leaf of a decision rule: the share or count of a weight of
// some votes among a base, optionally within designations.
type Threshold struct {
	Source Source `yaml:"-" json:"-"`
	// Share is a fraction ("1/2", "2/3", "0.55", "65%") of the base; Count
	// an absolute amount of weight. Exactly one is set.
	Share string `yaml:"share" json:"share,omitempty"`
	Count string `yaml:"count" json:"count,omitempty"`
	// Strict means "more than" instead of "at least".
	Strict bool `yaml:"strict" json:"strict,omitempty"`
	// Weight is what is counted: "members" (default), "seats", "votes"
	// (citizen votes reported per member) or a numeric member attribute.
	Weight string `yaml:"weight" json:"weight,omitempty"`
	// Base is all, present or voting (default voting).
	Base string `yaml:"base" json:"base,omitempty"`
	// Votes is which votes count toward the threshold (default yes).
	Votes string `yaml:"votes" json:"votes,omitempty"`
	// Designation restricts the count and base to one designation; Each
	// applies the threshold within each listed designation (parallel
	// consent, minimum shares per bloc).
	Designation string   `yaml:"designation" json:"designation,omitempty"`
	Each        []string `yaml:"each" json:"each,omitempty"`
}

// What an abstention or absence by a veto player means.
const (
	VetoAbstainIsNotVeto = "not_veto" // UN Security Council practice since 1946
	VetoAbstainIsVeto    = "veto"     // concurrence required: only yes consents
)

// Veto gives players a veto: the motion fails if any of them votes no.
type Veto struct {
	Source  Source   `yaml:"-" json:"-"`
	Players []string `yaml:"players" json:"players"`
	// Abstain says what an abstention (or absence) by a player means:
	// "not_veto" (default) or "veto".
	Abstain string `yaml:"abstain" json:"abstain,omitempty"`
}
