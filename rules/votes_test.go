package rules_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/rules"
)

func TestReadVotes(t *testing.T) {
	t.Parallel()
	b := body("china", "france", "russia", "ZH", "BS")
	yes, no, abst := rules.Ballot{Vote: rules.Yes}, rules.Ballot{Vote: rules.No}, rules.Ballot{Vote: rules.Abstain}
	cit := func(y, n int64) rules.Ballot { return rules.Ballot{Citizens: &rules.Citizens{Yes: y, No: n}} }
	tests := []struct {
		name string
		data string
		want rules.Votes
	}{
		{"csv", "china,yes\nfrance,Abstain\n\nrussia,no\n", rules.Votes{"china": yes, "france": abst, "russia": no}},
		{"csv header and comments", "# a division\nmember,vote\nchina,aye\nfrance,absent\n", rules.Votes{"china": yes, "france": {Vote: rules.Absent}}},
		{"csv counts", "ZH,100,20\nBS,5,7\n", rules.Votes{"ZH": cit(100, 20), "BS": cit(5, 7)}},
		{"csv counts header", "member, yes, no\nZH, 100, 20\n", rules.Votes{"ZH": cit(100, 20)}},
		{"csv mixed header", "member,vote,yes,no\nchina,no,,\nZH,,1,0\n", rules.Votes{"china": no, "ZH": cit(1, 0)}},
		{"json object", `{"china": "yes", "russia": "no_with_veto"}`, rules.Votes{"china": yes, "russia": {Vote: rules.NoWithVeto}}},
		{"json counts", `{"ZH": {"yes": 100, "no": 20}, "china": "no"}`, rules.Votes{"ZH": cit(100, 20), "china": no}},
		{"json array", `[{"member": "china", "vote": "yes"}, {"member": "BS", "yes": 3, "no": 1}]`, rules.Votes{"china": yes, "BS": cit(3, 1)}},
		{"empty json", `{}`, rules.Votes{}},
		{"bom", "\xef\xbb\xbf{\"china\": \"yes\"}", rules.Votes{"china": yes}},
	}
	for _, tt := range tests {
		got, err := rules.ReadVotes("v", []byte(tt.data), b)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		for id, bal := range got { // positions are checked below
			bal.Pos = jirga.Pos{}
			got[id] = bal
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// TestReadVotesErrors: every problem, at file:line:col, with the nearest
// member for an unknown one.
func TestReadVotesErrors(t *testing.T) {
	t.Parallel()
	b := body("china", "france", "russia", "united-kingdom")
	tests := []struct {
		name string
		data string
		want []string
	}{
		{"unknown member", "china,yes\nfrnce,no\nunited-kingdon,yes\n", []string{
			`v.csv:2:1: "frnce" is not a member of body "b" (did you mean "france"?)`,
			`v.csv:3:1: "united-kingdon" is not a member of body "b" (did you mean "united-kingdom"?)`,
		}},
		{"bad vote", "china,perhaps\n", []string{`v.csv:1:7: unknown vote "perhaps"`}},
		{"duplicate", "china,yes\nchina,no\n", []string{`v.csv:2:1: second ballot for "china"; the first is at v.csv:1:1`}},
		{"bad count", "member,yes,no\nchina,12,x\n", []string{`v.csv:2:10: bad count "x"`}},
		{"negative count", "china,-1,3\n", []string{`v.csv:1:7: bad count "-1"`}},
		{"bad column", "member,ballot\n", []string{`v.csv:1:8: unknown column "ballot"`, "names neither votes nor citizen counts"}},
		{"csv quote", "china,\"yes\n", []string{"v.csv:1:"}},
		{"json unknown member", "{\n  \"china\": \"yes\",\n  \"rusia\": \"no\"\n}", []string{`v.csv:3:3: "rusia" is not a member of body "b" (did you mean "russia"?)`}},
		{"json bad vote", `{"china": "maybe"}`, []string{`v.csv:1:11: unknown vote "maybe"`}},
		{"json syntax", "{\"china\": \"yes\",\n \"france\" \"no\"}", []string{"v.csv:2:"}},
		{"json counts incomplete", `{"china": {"yes": 3}}`, []string{`v.csv:1:2: citizen counts of "china" are incomplete`}},
		{"json fraction", `{"china": {"yes": 3.5, "no": 1}}`, []string{`bad count "3.5"`}},
		{"json array without member", `[{"vote": "yes"}]`, []string{"v.csv:1:2: ballot names no member"}},
		{"json unknown key", `[{"member": "china", "vote": "yes", "weight": {"a": [1]}}]`, []string{`v.csv:1:37: unknown key "weight"`}},
		{"json empty ballot", `{"china": {}}`, []string{`v.csv:1:2: ballot for "china" has no vote`}},
		{"json trailing", `{"china": "yes"} {}`, []string{"unexpected data after the votes"}},
		{"json contradiction", `{"china": {"vote": "yes", "yes": 1, "no": 5}}`, []string{`member "china": vote "yes" contradicts its citizens' result`}},
	}
	for _, tt := range tests {
		_, err := rules.ReadVotes("v.csv", []byte(tt.data), b)
		if jirga.ErrorCode(err) != jirga.EINVALID {
			t.Errorf("%s: error %v, want code invalid", tt.name, err)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: missing %q in:\n%v", tt.name, w, err)
			}
		}
	}
}

// FuzzReadVotes: whatever the bytes, ReadVotes returns votes or an error,
// never panics, and the votes it returns tally without error under a
// simple majority of members.
func FuzzReadVotes(f *testing.F) {
	for _, s := range []string{
		"china,yes\nfrance,no\n", "member,yes,no\nZH,1,2\n", `{"china":"yes"}`, `{"ZH":{"yes":1,"no":2}}`,
		`[{"member":"china","vote":"abstain"}]`, `[{"member":"ZH","yes":3,"no":3}]`, "# c\n\"a\",b", `{"a":[{"b":{}}]}`, "[", "{\"",
	} {
		f.Add([]byte(s))
	}
	b := body("china", "france", "ZH")
	r := th(jirga.Threshold{Share: "1/2", Strict: true})
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := rules.ReadVotes("fuzz", data, b)
		if err != nil {
			if jirga.ErrorCode(err) != jirga.EINVALID {
				t.Fatalf("error code %q: %v", jirga.ErrorCode(err), err)
			}
			return
		}
		if _, err := rules.Tally(b, r, v); err != nil {
			t.Fatalf("votes read without error do not tally: %v", err)
		}
	})
}
