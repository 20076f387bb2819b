package apportion_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/apportion"
)

func TestReadVotes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     string // "name=votes@line:col ..."
		err      string
	}{
		{"csv", "DUP,36\nSF,28\n", "DUP=36@1:1 SF=28@2:1", ""},
		{"csv header and comment", "# NI 2007\nparty,votes\nDUP,36\n\"Sinn Féin\", 28\n", "DUP=36@3:1 Sinn Féin=28@4:1", ""},
		{"csv wider header", "election,party,seats,note\nx,DUP,36,a\nx,SF,28,b\n", "DUP=36@2:1 SF=28@3:1", ""},
		{"json object in order", "{\"SF\": 28,\n \"DUP\": 36}", "SF=28@1:2 DUP=36@2:2", ""},
		{"json list", "[{\"party\": \"DUP\", \"votes\": 36},\n {\"name\": \"SF\", \"seats\": 28}]", "DUP=36@1:2 SF=28@2:2", ""},
		{"negative", "DUP,36\nSF,-2\n", "", "votes.csv:2:4: party \"SF\" has negative votes -2"},
		{"not a number", "DUP,36\nSF,many\n", "", "votes.csv:2:4: votes \"many\" of party \"SF\" are not an integer"},
		{"duplicate", "DUP,36\nDUP,1\n", "", "votes.csv:2:1: party \"DUP\" appears twice (first at line 1)"},
		{"fields", "DUP,36,x\n", "", "votes.csv:1:1: 3 fields, want 2"},
		{"every error", "a,-1\nb,x\n", "", "votes.csv:2:3"},
		{"empty", "  \n", "", "no parties: the file is empty"},
		{"only header", "party,votes\n", "", "no parties in the file"},
		{"bad quote", "\"DUP,36\n", "", "votes.csv:1:"},
		{"json syntax", "{\"DUP\": 36,\n \"SF\" 28}", "", "votes.csv:2:7: expected colon after object key"},
		{"json float", "{\"DUP\": 36.5}", "", "votes.csv:1:2: votes \"36.5\" of party \"DUP\" are not an integer"},
		{"json entry", "[{\"votes\": 3}]", "", "each entry needs \"party\" and \"votes\""},
		{"json scalar", "[1]", "", "votes.csv:1:2"},
		{"json trailing", "{\"a\": 1} x", "", "votes.csv:1:"},
		{"json truncated", "{\"a\": 1", "", "unexpected end of file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ps, err := apportion.ReadVotes("votes.csv", []byte(tt.in))
			if tt.err != "" {
				if err == nil || jirga.ErrorCode(err) != jirga.EINVALID || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range ps {
				got = append(got, p.Name+"="+itoa(p.Votes)+"@"+itoa(int64(p.Pos.Line))+":"+itoa(int64(p.Pos.Col)))
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("got %s, want %s", g, tt.want)
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func FuzzReadVotes(f *testing.F) {
	for _, s := range []string{
		"DUP,36\nSF,28\n", "party,votes\n\"a,b\",3\n", "{\"a\": 1, \"b\": 2}", "[{\"party\": \"a\", \"votes\": 1}]",
		"# c\n", "{", "[", "a,b,c\n", "\"", "{\"a\": -1}", "[{\"name\": 1}]", "x,99999999999999999999",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := apportion.ReadVotes("fuzz", data)
		if err != nil {
			if jirga.ErrorCode(err) != jirga.EINVALID {
				t.Fatalf("error code %q: %v", jirga.ErrorCode(err), err)
			}
			return
		}
		if len(ps) == 0 {
			t.Fatal("no parties and no error")
		}
		seen := map[string]bool{}
		for _, p := range ps {
			if p.Name == "" || p.Votes < 0 || seen[p.Name] || p.Pos.Line < 1 {
				t.Fatalf("bad party %+v", p)
			}
			seen[p.Name] = true
		}
		// Whatever parses allocates without panicking.
		for _, m := range apportion.Methods {
			_, _ = apportion.Allocate(ps, apportion.Options{Method: m, Seats: 7, Threshold: "5%"})
		}
	})
}
