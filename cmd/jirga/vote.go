package main

import (
	"github.com/jirga/jirga"
	"github.com/jirga/jirga/ledger"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newVoteCommand) }

type voteFlags struct {
	signerFlags
	proposal, vote, member string
}

func newVoteCommand() *cobra.Command {
	var f voteFlags
	cmd := &cobra.Command{
		Use:   "vote --proposal ID --vote yes|no|abstain|veto --key KEY.key [--url URL]",
		Short: "Cast or change a vote on a proposal, signed with a delegate's key",
		Long: `Vote casts a delegate's vote on an open proposal on a server's ledger (jirga
serve): it signs a proposal.vote envelope with the delegate's key file
(from jirga keygen), using the server's chain id and the delegate's next
sequence number, and posts it. The server's answer comes once the entry is
durable. Voting again changes the vote; the latest counts.

Without --member the vote is cast for every member the delegate acts for
in the proposal's body (in a body that votes by party, all the party's
seats at once); --member names one.

veto is a no that also counts toward veto thresholds (Cosmos SDK's "no with
veto"); whether an abstention vetoes depends on the body's rule (see
docs/rules.md).

Exit status: 0 when the server accepted the vote; 1 when it refused it
(the reason is printed: the proposal is not open or its window has closed,
the delegate holds no mandate in the body, a bad or revoked key...); 2 on a
usage error.`,
		Example: `  jirga vote --key iea-bench.key --proposal polio-vaccination-in-every-province --vote yes
  jirga vote --key kabul.key --proposal kabul-budget --vote no --member governing-bench --url http://kabul:8080 --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.proposal == "" || f.vote == "" {
				return usageError("vote needs --proposal and --vote\nrun '%s --help' for usage", cmd.CommandPath())
			}
			if err := jirga.ValidateVote(f.vote); err != nil {
				return usageError("%v", err)
			}
			return f.submit(cmd, ledger.VoteBody{Proposal: f.proposal, Vote: f.vote, Member: f.member})
		},
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.proposal, "proposal", "", "the proposal's id")
	fl.StringVar(&f.vote, "vote", "", "yes, no, abstain or veto")
	fl.StringVar(&f.member, "member", "", "vote for this member only (default: every member the delegate acts for)")
	return cmd
}
