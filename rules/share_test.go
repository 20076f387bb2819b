package rules_test

import (
	"math/big"
	"testing"

	"github.com/jirga/jirga/rules"
)

func TestParseShare(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"1/2", "1/2"},
		{"2/3", "2/3"},
		{" 3 / 5 ", "3/5"},
		{"0.55", "11/20"},
		{"0.334", "167/500"},
		{"65%", "13/20"},
		{"55.5%", "111/200"},
		{"100%", "1"},
		{"1", "1"},
		{"0", "0"},
		{"", ""},
		{"half", ""},
		{"1/0", ""},
		{"3/2", ""},     // more than the whole
		{"1.5", ""},     // idem
		{"101%", ""},    // idem
		{"-1/2", ""},    // no sign
		{"1e-3", ""},    // no exponent
		{"0x10/32", ""}, // no base prefix
		{".5", ""},
		{"1.", ""},
		{"1/2/3", ""},
		{"0.5/2", ""},
		{"1234567890123456789012345678901/1234567890123456789012345678902", ""}, // too many digits
	}
	checkParse(t, "ParseShare", rules.ParseShare, tests)
}

func TestParseCount(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"9", "9"},
		{"4", "4"},
		{"11.5", "23/2"},
		{"23/2", "23/2"},
		{"0", "0"},
		{"65%", ""}, // a count is not a percentage
		{"-4", ""},
		{"four", ""},
	}
	checkParse(t, "ParseCount", rules.ParseCount, tests)
}

// checkParse runs a parser on a table: want is the exact result, or "" for
// an error.
func checkParse(t *testing.T, name string, parse func(string) (*big.Rat, error), tests []struct{ in, want string }) {
	t.Helper()
	for _, tt := range tests {
		got, err := parse(tt.in)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("%s(%q) = %s, want an error", name, tt.in, got)
		case tt.want != "" && err != nil:
			t.Errorf("%s(%q): %v", name, tt.in, err)
		case tt.want != "" && rules.FormatRat(got) != tt.want:
			t.Errorf("%s(%q) = %s, want %s", name, tt.in, rules.FormatRat(got), tt.want)
		}
	}
}

// FuzzParseShare checks that the share parser never panics, that what it
// accepts lies in [0, 1], and that its exact form parses back to itself.
func FuzzParseShare(f *testing.F) {
	for _, s := range []string{"1/2", "2/3", "0.55", "65%", "55.5%", "1", "0", "3/2", "1/0", "", "%", "/", "0.334", "11.5", "9/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := rules.ParseShare(s)
		if err != nil {
			if r != nil {
				t.Fatalf("ParseShare(%q) returned both %s and %v", s, r, err)
			}
			return
		}
		if r.Sign() < 0 || r.Cmp(big.NewRat(1, 1)) > 0 {
			t.Fatalf("ParseShare(%q) = %s, outside [0, 1]", s, r)
		}
		back, err := rules.ParseShare(rules.FormatRat(r))
		if err != nil || back.Cmp(r) != 0 {
			t.Fatalf("ParseShare(%q) = %s does not round-trip: %v, %v", s, r, back, err)
		}
		c, err := rules.ParseCount(s)
		if err == nil && c.Cmp(r) != 0 {
			t.Fatalf("ParseCount(%q) = %s but ParseShare = %s", s, c, r)
		}
	})
}
