package ui

import (
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"strings"

	"github.com/jirga/jirga"
)

// Locale is a language of the UI: its tag, its writing direction and every
// string the pages show (charter content — names, notes, laws — is shown
// as the charter writes it). To add a language, add its messages to
// languages with the same keys; a test checks that every key the templates
// use exists in every language.
type Locale struct {
	// Lang is the BCP 47 tag written in <html lang>.
	Lang string
	// Dir is "ltr" or "rtl", written in <html dir>; the stylesheet uses
	// logical properties only, so the layout mirrors by itself.
	Dir      string
	messages map[string]string
}

// T returns the message key formatted with args (fmt verbs), or the key
// itself when the language has no such message.
func (l *Locale) T(key string, args ...any) string {
	m, ok := l.messages[key]
	if !ok {
		return key
	}
	if len(args) == 0 {
		return m
	}
	return fmt.Sprintf(m, args...)
}

// N returns the plural form of message key for the count n (key.one or
// key.other), formatted with n and then args.
func (l *Locale) N(key string, n any, args ...any) string {
	form := ".other"
	switch x := n.(type) {
	case int:
		if x == 1 {
			form = ".one"
		}
	case int64:
		if x == 1 {
			form = ".one"
		}
	}
	return l.T(key+form, append([]any{n}, args...)...)
}

// Number writes a whole number with the language's digit grouping.
func (l *Locale) Number(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := l.T("number.group")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Languages lists the tags of the languages the UI speaks.
func Languages() []string {
	tags := make([]string, 0, len(languages))
	for t := range languages {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	return tags
}

// LocaleFor returns the locale of a language tag ("" is English).
func LocaleFor(tag string) (*Locale, error) {
	if tag == "" {
		tag = "en"
	}
	l, ok := languages[tag]
	if !ok {
		return nil, jirga.Errorf(jirga.EINVALID, "ui: no language %q (have %s)", tag, strings.Join(Languages(), ", "))
	}
	return l, nil
}

// templateFuncs are the helpers templates use besides the locale's T.
var templateFuncs = template.FuncMap{
	"join":    strings.Join,
	"percent": func(f float64) string { return fmt.Sprintf("%.1f %%", f*100) },
	"short": func(s string) string {
		if len(s) > 12 {
			return s[:12] + "…"
		}
		return s
	},
	"inc": func(i int) int { return i + 1 },
	"time": func(t interface{ Format(string) string }) string {
		return t.Format("2006-01-02 15:04:05 UTC")
	},
	"seq":     func(depth int) []struct{} { return make([]struct{}, max(depth, 0)) },
	"ctx":     func(l *Locale, v any) tmplCtx { return tmplCtx{L: l, V: v} },
	"swatch":  swatch,
	"failure": failureText,
	"ifelse": func(c bool, a, b string) string {
		if c {
			return a
		}
		return b
	},
	"rat":         ratString,
	"memberNames": memberNames,
	"contextGiven": func(f *factForm) bool {
		for _, fd := range f.Context {
			if fd.Value != "" {
				return true
			}
		}
		return false
	},
}

// tmplCtx passes the locale and a value to a nested template.
type tmplCtx struct {
	L *Locale
	V any
}

// languages holds every language's messages.
var languages = map[string]*Locale{
	"en": {Lang: "en", Dir: "ltr", messages: english},
}

// english is the UI's English text.
var english = map[string]string{
	"site.name":       "jirga",
	"number.group":    ",",
	"site.skip":       "Skip to content",
	"site.nav":        "Pages",
	"site.footer":     "Served by jirga. Every page works without JavaScript; the charter's own text is shown as written.",
	"site.charter":    "Charter %s, hash %s",
	"nav.overview":    "Overview",
	"nav.competences": "Competences",
	"nav.ask":         "Ask",
	"nav.where":       "Where can I live",
	"nav.bodies":      "Bodies and power",
	"nav.proposals":   "Proposals",
	"nav.ledger":      "Ledger",

	"error.title":    "Something went wrong",
	"error.notfound": "Not found",
	"error.back":     "Back to the overview",

	"overview.status":        "Status",
	"overview.counts":        "%d parties, %d communities, %d territories, %d domains, %d actions, %d bodies, %d laws with %d rules.",
	"overview.map":           "Who governs where",
	"overview.mapnote":       "Each province is coloured by the party that governs it; stripes mark a coalition. Select a province to open its page.",
	"overview.legend":        "Legend",
	"overview.nomap":         "This charter has no boundaries file, so there is no map.",
	"overview.unmatched":     "Not on the map (no boundary matches their id):",
	"overview.parties":       "Parties",
	"overview.governs.one":   "governs %d territory alone",
	"overview.governs.other": "governs %d territories alone",
	"overview.partner.one":   "in %d coalition",
	"overview.partner.other": "in %d coalitions",
	"overview.communities":   "Communities",
	"overview.rights":        "Rights no law may breach",
	"overview.protects":      "Protects",
	"overview.noncoercion":   "No rule binds non-members in",
	"overview.sources":       "Sources",

	"map.label":       "Map of the territories coloured by governing party",
	"map.coalition":   "Coalition: %s",
	"map.nogovernor":  "No governing party",
	"map.governedby":  "%s, governed by %s",
	"map.locator":     "Map locating %s",
	"map.territories": "Territories",

	"territory.level":       "Level",
	"territory.capital":     "Capital",
	"territory.population":  "Population",
	"territory.unknown":     "not known",
	"territory.governedby":  "Governed by",
	"territory.parent":      "Part of",
	"territory.children":    "Contains",
	"territory.attributes":  "Attributes",
	"territory.competences": "Who legislates here",
	"territory.domain":      "Domain",
	"territory.competence":  "Competence",
	"territory.legislator":  "Legislator",
	"territory.community":   "each community, for its own members",
	"territory.below":       "each %s, below this territory",
	"territory.belief":      "belief domain",
	"territory.laws":        "Laws in force here",
	"territory.nolaws":      "No territorial law: the charter's default applies.",
	"territory.personal":    "Personal law of the communities (binds members wherever they live)",
	"territory.bodies":      "Councils",
	"territory.nobodies":    "No council sits for this territory alone.",
	"territory.ask":         "Ask a question about %s",
	"territory.rules.one":   "%d rule",
	"territory.rules.other": "%d rules",
	"territory.void":        "void",
	"territory.enactedby":   "enacted by %s",
	"territory.when":        "when",

	"law.void": "Void: %s",

	"competences.intro":    "Which level may legislate each domain. A concurrent competence shares a domain: the higher level sets a framework that bounds the lower. Community law binds the members of each community only.",
	"competences.domain":   "Domain",
	"competences.actions":  "Actions",
	"competences.rights":   "Rights",
	"competence.sole":      "legislates",
	"competence.framework": "framework",
	"competence.bounded":   "within the framework",
	"competence.members":   "for its members",
	"competence.none":      "—",
	"competence.belief":    "belief domain: no rule binds a non-member",

	"ask.intro":    "May this person do this in this place, and why? Leave a fact empty when it is not known: the answer then says which facts would matter.",
	"ask.place":    "Place",
	"ask.action":   "Action",
	"ask.person":   "The person",
	"ask.context":  "The circumstances",
	"ask.submit":   "Ask",
	"ask.needboth": "Choose a place and an action.",
	"ask.answer":   "Answer",
	"ask.question": "%s in %s",
	"ask.trace":    "Why: every law and right considered",
	"ask.missing":  "The answer may change once these facts are given:",
	"ask.json":     "The same question for jirga ask --batch or POST /api/ask:",
	"ask.errors":   "The question could not be asked:",
	"field.unset":  "not said",
	"field.yes":    "yes",
	"field.no":     "no",
	"field.list":   "comma-separated",

	"trace.outcome":   "Outcome",
	"trace.what":      "Law and rule, or right",
	"trace.effect":    "Effect",
	"trace.condition": "Condition",
	"trace.reason":    "Reason",
	"trace.default":   "the charter's default",
	"trace.at":        "written at %s:%d",

	"verdict.permitted": "permitted",
	"verdict.forbidden": "forbidden",
	"verdict.obliged":   "obliged",
	"verdict.conflict":  "conflict",

	"outcome.applied":          "applied",
	"outcome.condition_false":  "condition false",
	"outcome.void_ultra_vires": "void: no competence",
	"outcome.void_right":       "void: breaches a right",
	"outcome.overridden":       "overridden",
	"outcome.bounded":          "bounded",
	"outcome.error":            "not evaluated",
	"outcome.protects":         "protects",
	"outcome.non_coercion":     "non-coercion",
	"outcome.default":          "default",

	"where.intro":       "Where can this person live by their own ideals? Choose what they want to be free to do, and what they refuse to be obliged to do.",
	"where.wants":       "I want to be free to…",
	"where.refuses":     "I refuse to be obliged to…",
	"where.level":       "Rank territories of level",
	"where.submit":      "Find where",
	"where.needwish":    "Choose at least one thing you want or refuse.",
	"where.result":      "%d of %d places meet every wish.",
	"where.maplabel":    "Map: %d of %d places meet every wish",
	"where.maplivable":  "%s: you can live here",
	"where.mapexcluded": "%s: not here, because %s",
	"where.legendyes":   "You can live here",
	"where.legendno":    "Not here (hover or focus for why)",
	"where.rank":        "Rank",
	"where.place":       "Place",
	"where.met":         "Wishes met",
	"where.why":         "Why not",
	"where.livable":     "livable",
	"where.failwant":    "%s is %s",
	"where.failrefuse":  "%s is %s",
	"where.by":          "by %s",

	"bodies.intro":         "The decision-making bodies of the charter, their seats and their rules. Open a body for the power each member holds under each rule.",
	"bodies.members.one":   "%d member",
	"bodies.members.other": "%d members",
	"bodies.seats.one":     "%d seat",
	"bodies.seats.other":   "%d seats",
	"bodies.rules":         "Rules",

	"body.perlevel":     "every %s",
	"body.forcommunity": "%s, for the %s community",
	"body.seatchart":    "Seats of %s by party",
	"body.sits":         "Sits in",
	"body.voting":       "Voting",
	"body.members":      "Members",
	"body.member":       "Member",
	"body.party":        "Party",
	"body.designation":  "Designation",
	"body.territory":    "Territory",
	"body.seats":        "Seats",
	"body.rules":        "Rules and the power they give",
	"body.kinds":        "Decides",
	"body.whatif":       "What if the seats were different?",
	"body.whatifhelp":   "Change the seats and recompute every rule's power indices. Rules that count members rather than seats do not change.",
	"body.recompute":    "Recompute",
	"body.reset":        "Back to the charter's seats",
	"body.whatifshown":  "What if: these charts use the seats you entered, not the charter's.",
	"body.changed":      "changed",
	"body.errors":       "The seats could not be read:",

	"power.chart":       "Power under %s: Banzhaf and Shapley-Shubik index of each member",
	"power.banzhaf":     "Banzhaf",
	"power.shapley":     "Shapley-Shubik",
	"power.exact":       "Exact values",
	"power.weight":      "Weight",
	"power.veto":        "Veto players (in every winning coalition): %s",
	"power.dummies":     "Never decisive (dummies): %s",
	"power.estimate":    "Estimated by %d random samples (seed 1); 95 %% confidence intervals in the table.",
	"power.method":      "Computed exactly (%s).",
	"power.none":        "No power indices for this rule: %s",
	"power.seats.one":   "%d seat",
	"power.seats.other": "%d seats",
	"power.onevote":     "1 vote",
	"power.explain":     "Banzhaf: the member's share of all swings, coalitions that lose without it and win with it. Shapley-Shubik: the share of voting orders in which its vote carries the motion. Every member votes yes or no.",

	"proposals.intro":    "Motions before the charter's bodies, as recorded on the ledger.",
	"proposals.none":     "No proposals yet.",
	"proposals.noledger": "This server keeps no ledger, so there are no proposals yet.",
	"proposals.id":       "Proposal",
	"proposals.title":    "Title",
	"proposals.body":     "Body",
	"proposals.kind":     "Kind",
	"proposals.status":   "Status",
	"proposals.closes":   "Voting closes",

	"proposal.status":     "Status",
	"proposal.body":       "Body",
	"proposal.kind":       "Kind",
	"proposal.rule":       "Decided by",
	"proposal.proposer":   "Proposed by",
	"proposal.window":     "Voting window",
	"proposal.opens":      "opens %s",
	"proposal.closes":     "closes %s",
	"proposal.law":        "Law proposed",
	"proposal.votes":      "Votes",
	"proposal.novotes":    "No votes yet.",
	"proposal.notvoted":   "Not voted (absent): %s",
	"proposal.member":     "Member",
	"proposal.vote":       "Vote",
	"proposal.delegate":   "Delegate",
	"proposal.entry":      "Ledger entry",
	"proposal.time":       "Time",
	"proposal.tally":      "Tally, clause by clause",
	"proposal.tallynote":  "The tally of the votes cast so far under the body's rule; members who have not voted count as absent.",
	"proposal.passes":     "As the votes stand, the proposal passes.",
	"proposal.fails":      "As the votes stand, the proposal fails.",
	"proposal.result":     "Result at close: %s. %s",
	"proposal.passed":     "passed",
	"proposal.rejected":   "rejected",
	"proposal.clause":     "Clause",
	"proposal.held":       "Held",
	"proposal.counted":    "Counted",
	"proposal.required":   "Required",
	"proposal.turnout":    "%d members: %d yes, %d no, %d veto, %d abstain, %d absent.",
	"proposal.cast":       "Cast a vote",
	"proposal.cli":        "A delegate votes by signing with their key (the file jirga keygen wrote). Run, with your vote (yes, no, abstain or veto; add --member MEMBER to vote for one member only):",
	"proposal.sign":       "Or sign here, in this browser, with your delegate key file (the JSON Web Key that jirga keygen wrote). The key never leaves your browser.",
	"proposal.allmembers": "every member I act for",
	"proposal.keyfile":    "Delegate key file",
	"proposal.signsubmit": "Sign and cast the vote",
	"proposal.closed":     "Voting is closed.",
	"proposal.nojs":       "Signing in the browser needs JavaScript and WebCrypto Ed25519.",
	"proposal.yes":        "yes",
	"proposal.no":         "no",

	"status.submitted": "submitted",
	"status.open":      "open for voting",
	"status.withdrawn": "withdrawn",
	"status.passed":    "passed",
	"status.rejected":  "rejected",

	"ledger.intro":    "Every event of the governance record, in order. Each entry is signed by a delegate and chained to the one before by its hash.",
	"ledger.noledger": "This server keeps no ledger: no events yet.",
	"ledger.verified": "Chain verified: %d entries, every hash, link and signature checks out.",
	"ledger.broken":   "Verification failed: %s",
	"ledger.chain":    "Chain id",
	"ledger.head":     "Head hash",
	"ledger.index":    "Entry",
	"ledger.time":     "Time",
	"ledger.kind":     "Event",
	"ledger.signer":   "Signer",
	"ledger.what":     "What",
	"ledger.none":     "No events yet.",
	"ledger.prev":     "Earlier entries",
	"ledger.next":     "Later entries",

	"ledger.hash": "Hash",

	"entry.delegate.register": "registers delegate %s (%s)",
	"entry.delegate.rotate":   "rotates its key to %s",
	"entry.delegate.revoke":   "revokes key %s",
	"entry.proposal.submit":   "submits %q:",
	"entry.proposal.open":     "opens for voting",
	"entry.proposal.withdraw": "withdraws",
	"entry.proposal.vote":     "votes %s on",
	"entry.proposal.votefor":  "votes for %s: %s on",
	"entry.proposal.close":    "closes and tallies",
}

// memberNames joins the names of members.
func memberNames(ms []*jirga.Member) string {
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = nameOr(m.Name, m.ID)
	}
	return strings.Join(names, ", ")
}
