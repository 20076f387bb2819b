package ledger

import (
	"fmt"
	"slices"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/rules"
)

// Apply checks entry e against the state and, when it is valid, applies
// it and returns the events it caused. It is the ledger's state machine:
// deterministic, it reads nothing but the state and the entry's fields (no
// clock, no randomness, no map order), so every node that applies the same
// entries reaches the same state.
//
// It checks that the entry follows the last one (index, prev_hash, a time
// not before it, its hash), that the envelope is for this ledger, that its
// signer is an active delegate using its next signer_seq, and that the
// signer may do what the envelope asks under the charter's rules. The
// signature itself was verified when the *Entry was made. An invalid entry
// yields a *jirga.Error (code invalid, unauthorized, conflict or
// not_found) saying why, and leaves the state unchanged.
func (s *State) Apply(e *Entry) ([]jirga.Event, error) {
	if e == nil || e.signed == nil {
		return nil, invalidf("no entry")
	}
	if err := s.checkEntry(e); err != nil {
		return nil, err
	}
	env := &e.signed.env
	d, err := s.signer(env)
	if err != nil {
		return nil, err
	}
	a := &action{s: s, e: e, d: d, body: e.signed.body}
	var commit func()
	switch env.Kind {
	case KindRegister:
		commit, err = a.register()
	case KindRotate:
		commit, err = a.rotate()
	case KindRevoke:
		commit, err = a.revoke()
	case KindSubmit:
		commit, err = a.submit()
	case KindOpen:
		commit, err = a.open()
	case KindWithdraw:
		commit, err = a.withdraw()
	case KindVote:
		commit, err = a.vote()
	case KindClose:
		commit, err = a.close()
	default:
		err = invalidf("unknown kind %q", env.Kind)
	}
	if err != nil {
		return nil, err
	}
	// Everything is checked: from here on nothing fails.
	commit()
	d.Seq = env.SignerSeq
	s.height = e.index
	s.head = e.hash
	s.time = e.time
	return a.events, nil
}

// checkEntry checks the entry's place in the chain.
func (s *State) checkEntry(e *Entry) error {
	switch {
	case e.hash != e.computed:
		return invalidf("hash mismatch: recorded %s, computed %s", clip(e.hash), e.computed)
	case e.index != s.height+1:
		return invalidf("index %d out of sequence: the next entry is %d", e.index, s.height+1)
	case e.prevHash != s.head:
		return invalidf("prev_hash %s is not the hash of entry %d (%s)", clip(e.prevHash), s.height, s.head)
	case e.time.Before(s.time):
		return invalidf("time %s is before the previous entry's time %s", FormatTime(e.time), FormatTime(s.time))
	case e.signed.env.ChainID != s.chainID:
		return invalidf("envelope is for ledger %s, not this ledger %s (chain_id)", e.signed.env.ChainID, s.chainID)
	}
	return nil
}

// signer returns the envelope's signer if it may sign now.
func (s *State) signer(env *Envelope) (*jirga.Delegate, error) {
	d, ok := s.delegates[env.Signer]
	switch {
	case !ok:
		return nil, jirga.Errorf(jirga.EUNAUTHORIZED, "signer %s is not a registered delegate", env.Signer)
	case d.Status == jirga.DelegateRotated:
		return nil, jirga.Errorf(jirga.EUNAUTHORIZED, "signer %s was rotated: its successor is %s", env.Signer, d.Successor)
	case d.Status == jirga.DelegateRevoked:
		return nil, jirga.Errorf(jirga.EUNAUTHORIZED, "signer %s was revoked", env.Signer)
	case env.SignerSeq <= d.Seq:
		return nil, jirga.Errorf(jirga.ECONFLICT, "signer_seq %d of %s was already used (a replay?): the next is %d", env.SignerSeq, env.Signer, d.Seq+1)
	case env.SignerSeq > d.Seq+1:
		return nil, jirga.Errorf(jirga.ECONFLICT, "signer_seq %d of %s skips ahead: the next is %d", env.SignerSeq, env.Signer, d.Seq+1)
	}
	return d, nil
}

// action is one entry being applied: checks first, then a commit function
// that mutates the state and cannot fail.
type action struct {
	s      *State
	e      *Entry
	d      *jirga.Delegate
	body   object
	events []jirga.Event
}

func (a *action) event(kind string) *jirga.Event {
	a.events = append(a.events, jirga.Event{Index: a.e.index, Time: a.e.time, Kind: kind, Signer: a.d.Key})
	return &a.events[len(a.events)-1]
}

func unauthorized(format string, args ...any) error {
	return jirga.Errorf(jirga.EUNAUTHORIZED, format, args...)
}

func conflict(format string, args ...any) error {
	return jirga.Errorf(jirga.ECONFLICT, format, args...)
}

// newKey checks a key that is to be registered: well formed and never
// seen on this ledger.
func (a *action) newKey(key string) error {
	if err := CheckKey(key); err != nil {
		return err
	}
	if old, ok := a.s.delegates[key]; ok {
		return conflict("key %s is already known to the ledger (%s, %s)", key, old.Name, old.Status)
	}
	return nil
}

func (a *action) register() (func(), error) {
	gd, err := decodeRegister(a.body)
	if err != nil {
		return nil, err
	}
	if err := a.newKey(gd.Key); err != nil {
		return nil, err
	}
	if err := checkMandates(a.s.charter, gd.Mandates); err != nil {
		return nil, err
	}
	for _, m := range gd.Mandates {
		if !covers(a.s.charter, a.d.Mandates, m) {
			return nil, unauthorized("signer's mandates do not cover mandate %s: a delegate can grant only what it holds", m)
		}
	}
	nd := &jirga.Delegate{Key: gd.Key, Name: gd.Name, Mandates: slices.Clone(gd.Mandates), Status: jirga.DelegateActive, Since: a.e.index}
	ev := a.event(jirga.EventDelegateRegistered)
	ev.Delegate = nd.Key
	return func() {
		a.s.delegates[nd.Key] = nd
		a.s.keys = append(a.s.keys, nd.Key)
	}, nil
}

func (a *action) rotate() (func(), error) {
	key, err := decodeRotate(a.body)
	if err != nil {
		return nil, err
	}
	if err := a.newKey(key); err != nil {
		return nil, err
	}
	nd := &jirga.Delegate{Key: key, Name: a.d.Name, Mandates: slices.Clone(a.d.Mandates), Status: jirga.DelegateActive, Since: a.e.index}
	ev := a.event(jirga.EventDelegateRotated)
	ev.Delegate, ev.Successor = a.d.Key, key
	return func() {
		a.d.Status, a.d.Successor = jirga.DelegateRotated, key
		a.s.delegates[key] = nd
		a.s.keys = append(a.s.keys, key)
	}, nil
}

func (a *action) revoke() (func(), error) {
	r, err := decodeRevoke(a.body)
	if err != nil {
		return nil, err
	}
	t, ok := a.s.delegates[r.Key]
	switch {
	case !ok:
		return nil, jirga.Errorf(jirga.ENOTFOUND, "no delegate has key %s", clip(r.Key))
	case t.Status != jirga.DelegateActive:
		return nil, conflict("key %s is already %s", r.Key, t.Status)
	}
	if t != a.d {
		for _, m := range t.Mandates {
			if !covers(a.s.charter, a.d.Mandates, m) {
				return nil, unauthorized("signer's mandates do not cover mandate %s of %s: only the delegate itself or one holding all its mandates may revoke it", m, r.Key)
			}
		}
	}
	ev := a.event(jirga.EventDelegateRevoked)
	ev.Delegate = r.Key
	return func() { t.Status = jirga.DelegateRevoked }, nil
}

// lineage reports whether key is the delegate d or one it replaced.
func (s *State) lineage(d *jirga.Delegate, key string) bool {
	for k := key; k != ""; {
		if k == d.Key {
			return true
		}
		next, ok := s.delegates[k]
		if !ok || next.Successor == "" {
			return false
		}
		k = next.Successor
	}
	return false
}

// proposal looks up the proposal named by an open, withdraw or close body.
func (a *action) proposal() (*proposal, error) {
	id, err := proposalRef(a.body, a.e.signed.env.Kind)
	if err != nil {
		return nil, err
	}
	p, ok := a.s.proposals[id]
	if !ok {
		return nil, jirga.Errorf(jirga.ENOTFOUND, "no proposal %q", clip(id))
	}
	return p, nil
}

func (a *action) submit() (func(), error) {
	sb, err := decodeSubmit(a.body)
	if err != nil {
		return nil, err
	}
	c := a.s.charter
	if _, ok := a.s.proposals[sb.ID]; ok {
		return nil, conflict("proposal %q already exists", sb.ID)
	}
	b := c.Body(sb.Body)
	if b == nil {
		return nil, invalidf("no body %q%s", sb.Body, hint(sb.Body, bodyIDs(c)))
	}
	if !slices.Contains(jirga.ProposalKinds, sb.Kind) {
		return nil, invalidf("unknown proposal kind %q (known: %v)", sb.Kind, jirga.ProposalKinds)
	}
	rule := ruleFor(b, sb.Kind)
	if rule == nil {
		return nil, invalidf("body %q has no decision rule for %s proposals", b.ID, sb.Kind)
	}
	if err := checkSitting(c, b, sb.Territory); err != nil {
		return nil, err
	}
	if !sits(a.d, b.ID, sb.Territory) {
		return nil, unauthorized("signer has no mandate in %s: only its members' delegates may submit proposals to it", sitting(b.ID, sb.Territory))
	}
	if !sb.closes.After(a.e.time) {
		return nil, invalidf("closes_at %s is not after the time of submission %s", FormatTime(sb.closes), FormatTime(a.e.time))
	}
	if !sb.opens.IsZero() && !sb.opens.Before(sb.closes) {
		return nil, invalidf("opens_at %s is not before closes_at %s", FormatTime(sb.opens), FormatTime(sb.closes))
	}
	p := &proposal{Proposal: jirga.Proposal{
		ID: sb.ID, Body: b.ID, Territory: sb.Territory, Kind: sb.Kind, Title: sb.Title, Text: sb.Text,
		Law: sb.Law, LawID: sb.LawID, Charter: sb.Charter, Rule: rule.ID, Proposer: a.d.Key,
		OpensAt: sb.opens, ClosesAt: sb.closes, Status: jirga.ProposalSubmitted, Submitted: a.e.index,
	}, ballots: map[string]*jirga.Vote{}}
	if err := a.checkContent(&p.Proposal); err != nil {
		return nil, err
	}
	ev := a.event(jirga.EventProposalSubmitted)
	ev.Proposal, ev.Body = p.ID, p.Body
	return func() {
		a.s.proposals[p.ID] = p
		a.s.ids = append(a.s.ids, p.ID)
	}, nil
}

func sitting(body, territory string) string {
	if territory == "" {
		return fmt.Sprintf("body %q", body)
	}
	return fmt.Sprintf("body %q of %q", body, territory)
}

// ruleFor returns the body's first rule deciding kind.
func ruleFor(b *jirga.Body, kind string) *jirga.BodyRule {
	for _, r := range b.Rules {
		if r != nil && slices.Contains(r.Kinds, kind) {
			return r
		}
	}
	return nil
}

// checkContent checks what a proposal would do: a law to enact must pass
// review, a law to repeal must be in force, an amended charter must load.
// It fills LawID for enact_law.
func (a *action) checkContent(p *jirga.Proposal) error {
	need := map[string]string{jirga.KindEnactLaw: "law", jirga.KindRepealLaw: "law_id", jirga.KindAmendCharter: "charter"}[p.Kind]
	for _, f := range []struct{ name, value string }{{"law", p.Law}, {"law_id", p.LawID}, {"charter", p.Charter}} {
		switch {
		case f.name == need && f.value == "":
			return invalidf("a %s proposal needs %s", p.Kind, f.name)
		case f.name != need && f.value != "" && !(p.Kind == jirga.KindEnactLaw && f.name == "law_id"):
			return invalidf("a %s proposal has no %s", p.Kind, f.name)
		}
	}
	switch p.Kind {
	case jirga.KindEnactLaw:
		ch, err := enact(a.s.files, p)
		if err != nil {
			return err
		}
		if p.LawID != "" && p.LawID != ch.law.ID {
			return invalidf("law_id %q is not the id of the law, %q", p.LawID, ch.law.ID)
		}
		if other := a.s.pendingLaw(ch.law.ID); other != "" {
			return conflict("law %q is already proposed by proposal %q", ch.law.ID, other)
		}
		p.LawID = ch.law.ID
	case jirga.KindRepealLaw:
		if _, err := repeal(a.s.files, a.s.charter, p); err != nil {
			return err
		}
	case jirga.KindAmendCharter:
		if _, err := amend(a.s.files, p); err != nil {
			return err
		}
	}
	return nil
}

// pendingLaw returns the id of an undecided proposal that enacts law id.
func (s *State) pendingLaw(id string) string {
	for _, pid := range s.ids {
		p := s.proposals[pid]
		if p.Kind == jirga.KindEnactLaw && p.LawID == id && (p.Status == jirga.ProposalSubmitted || p.Status == jirga.ProposalOpen) {
			return pid
		}
	}
	return ""
}

func (a *action) open() (func(), error) {
	p, err := a.proposal()
	if err != nil {
		return nil, err
	}
	switch {
	case p.Status != jirga.ProposalSubmitted:
		return nil, conflict("proposal %q is %s: only a submitted proposal can be opened", p.ID, p.Status)
	case !sits(a.d, p.Body, p.Territory):
		return nil, unauthorized("signer has no mandate in %s", sitting(p.Body, p.Territory))
	case !p.OpensAt.IsZero() && a.e.time.Before(p.OpensAt):
		return nil, conflict("proposal %q opens at %s, not before (entry time %s)", p.ID, FormatTime(p.OpensAt), FormatTime(a.e.time))
	case !a.e.time.Before(p.ClosesAt):
		return nil, conflict("proposal %q closed for voting at %s (entry time %s)", p.ID, FormatTime(p.ClosesAt), FormatTime(a.e.time))
	}
	if p.Kind == jirga.KindEnactLaw {
		// The charter may have changed since submission.
		if _, err := enact(a.s.files, &p.Proposal); err != nil {
			return nil, err
		}
	}
	ev := a.event(jirga.EventProposalOpened)
	ev.Proposal, ev.Body = p.ID, p.Body
	return func() {
		p.Status = jirga.ProposalOpen
		p.Opened = a.e.index
	}, nil
}

func (a *action) withdraw() (func(), error) {
	p, err := a.proposal()
	if err != nil {
		return nil, err
	}
	switch {
	case p.Status != jirga.ProposalSubmitted && p.Status != jirga.ProposalOpen:
		return nil, conflict("proposal %q is %s: it can no longer be withdrawn", p.ID, p.Status)
	case !a.s.lineage(a.d, p.Proposer):
		return nil, unauthorized("only the proposer %s may withdraw proposal %q", p.Proposer, p.ID)
	}
	ev := a.event(jirga.EventProposalWithdrawn)
	ev.Proposal, ev.Body = p.ID, p.Body
	return func() {
		p.Status = jirga.ProposalWithdrawn
		p.Closed = a.e.index
	}, nil
}

func (a *action) vote() (func(), error) {
	v, err := decodeVote(a.body)
	if err != nil {
		return nil, err
	}
	p, ok := a.s.proposals[v.Proposal]
	if !ok {
		return nil, jirga.Errorf(jirga.ENOTFOUND, "no proposal %q", clip(v.Proposal))
	}
	switch {
	case p.Status == jirga.ProposalSubmitted:
		return nil, conflict("proposal %q is not open for voting yet", p.ID)
	case p.Status != jirga.ProposalOpen:
		return nil, conflict("proposal %q is %s: voting has ended", p.ID, p.Status)
	case !a.e.time.Before(p.ClosesAt):
		return nil, conflict("voting on proposal %q closed at %s (entry time %s)", p.ID, FormatTime(p.ClosesAt), FormatTime(a.e.time))
	}
	b := a.s.charter.Body(p.Body)
	if b == nil {
		return nil, conflict("body %q of proposal %q no longer exists", p.Body, p.ID)
	}
	members, err := a.voters(b, p, v.Member)
	if err != nil {
		return nil, err
	}
	changed := slices.ContainsFunc(members, func(m string) bool { return p.ballots[m] != nil })
	kind := jirga.EventVoteCast
	if changed {
		kind = jirga.EventVoteChanged
	}
	ev := a.event(kind)
	ev.Proposal, ev.Body, ev.Members, ev.Vote = p.ID, p.Body, members, v.Vote
	return func() {
		for _, m := range members {
			p.ballots[m] = &jirga.Vote{Proposal: p.ID, Member: m, Vote: v.Vote, Delegate: a.d.Key, Index: a.e.index, Time: a.e.time}
		}
	}, nil
}

// voters returns the members a vote is cast for.
func (a *action) voters(b *jirga.Body, p *proposal, member string) ([]string, error) {
	if member == "" {
		members := seats(a.d, b, p.Territory)
		if len(members) == 0 {
			return nil, unauthorized("signer acts for no member of %s", sitting(b.ID, p.Territory))
		}
		return members, nil
	}
	if memberOf(b, member) == nil {
		return nil, invalidf("body %q has no member %q%s", b.ID, member, hint(member, memberIDs(b)))
	}
	if holdsSeat(a.d, b.ID, p.Territory, member) {
		return []string{member}, nil
	}
	if slices.Contains(seats(a.d, b, p.Territory), member) {
		return nil, invalidf("body %q votes by party: the party's delegate casts all its members' seats at once; leave out member", b.ID)
	}
	return nil, unauthorized("signer does not act for member %q of %s", member, sitting(b.ID, p.Territory))
}

func (a *action) close() (func(), error) {
	p, err := a.proposal()
	if err != nil {
		return nil, err
	}
	switch {
	case p.Status != jirga.ProposalOpen:
		return nil, conflict("proposal %q is %s: only an open proposal can be closed", p.ID, p.Status)
	case !sits(a.d, p.Body, p.Territory):
		return nil, unauthorized("signer has no mandate in %s", sitting(p.Body, p.Territory))
	case a.e.time.Before(p.ClosesAt):
		return nil, conflict("proposal %q is open for voting until %s (entry time %s)", p.ID, FormatTime(p.ClosesAt), FormatTime(a.e.time))
	}
	res, ch := a.s.decide(p)
	ev := a.event(jirga.EventProposalClosed)
	ev.Proposal, ev.Body, ev.Result = p.ID, p.Body, res
	if ch != nil {
		switch p.Kind {
		case jirga.KindEnactLaw:
			ev := a.event(jirga.EventLawEnacted)
			ev.Proposal, ev.Body, ev.Law, ev.Charter = p.ID, p.Body, ch.law.ID, ch.charter.Hash
		case jirga.KindRepealLaw:
			ev := a.event(jirga.EventLawRepealed)
			ev.Proposal, ev.Body, ev.Law, ev.Charter = p.ID, p.Body, ch.law.ID, ch.charter.Hash
		case jirga.KindAmendCharter:
			ev := a.event(jirga.EventCharterAmended)
			ev.Proposal, ev.Body, ev.Charter = p.ID, p.Body, ch.charter.Hash
		}
	}
	return func() {
		p.Status = jirga.ProposalRejected
		if res.Passed {
			p.Status = jirga.ProposalPassed
		}
		p.Closed = a.e.index
		p.Result = res
		if ch != nil {
			a.s.files, a.s.charter = ch.files, ch.charter
		}
	}, nil
}

// decide tallies a proposal and, when it passed, works out the charter it
// puts in force. A passed proposal that can no longer take effect (its law
// fails review against the charter as it now stands) says why in Effect.
func (s *State) decide(p *proposal) (*jirga.Result, *change) {
	out, err := s.tally(p)
	if err != nil {
		return &jirga.Result{Effect: "cannot tally: " + jirga.ErrorMessage(err)}, nil
	}
	res := &jirga.Result{
		Passed: out.Passed, Members: out.Turnout.Members, Yes: out.Turnout.Yes, No: out.Turnout.No,
		Veto: out.Turnout.Veto, Abstain: out.Turnout.Abstain, Absent: out.Turnout.Absent, Effect: "none",
	}
	for _, cl := range out.Clauses {
		res.Clauses = append(res.Clauses, jirga.ClauseResult{Path: cl.Path, Label: cl.Label, Held: cl.Held})
	}
	if !res.Passed {
		return res, nil
	}
	var ch *change
	switch p.Kind {
	case jirga.KindEnactLaw:
		ch, err = enact(s.files, &p.Proposal)
		res.Effect = "law enacted"
	case jirga.KindRepealLaw:
		ch, err = repeal(s.files, s.charter, &p.Proposal)
		res.Effect = "law repealed"
	case jirga.KindAmendCharter:
		ch, err = amend(s.files, &p.Proposal)
		res.Effect = "charter amended"
	default:
		return res, nil
	}
	if err != nil {
		res.Effect = "not in force: " + jirga.ErrorMessage(err)
		return res, nil
	}
	return res, ch
}

// tally counts a proposal's ballots under its rule, in the charter as it
// now stands. Ballots of members the body no longer has are left out.
func (s *State) tally(p *proposal) (*rules.Outcome, error) {
	b := s.charter.Body(p.Body)
	if b == nil {
		return nil, invalidf("body %q no longer exists", p.Body)
	}
	var rule *jirga.BodyRule
	for _, r := range b.Rules {
		if r != nil && r.ID == p.Rule {
			rule = r
		}
	}
	if rule == nil {
		return nil, invalidf("body %q no longer has rule %q", p.Body, p.Rule)
	}
	votes := rules.Votes{}
	for m, v := range p.ballots {
		if memberOf(b, m) != nil {
			votes[m] = rules.Ballot{Vote: rules.Vote(v.Vote)}
		}
	}
	return rules.Tally(b, rule.Rule, votes)
}
