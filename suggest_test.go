package jirga_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/jirga/jirga"
)

func TestNearest(t *testing.T) {
	t.Parallel()
	valid := []string{"council", "provincial", "AF-KAN", "AF-KNR", "attend_school"}
	for _, tc := range []struct{ got, want string }{
		{"counsil", "council"},
		{"af-kan", "AF-KAN"},
		{"atend_school", "attend_school"},
		{"zzzzzzzz", ""},
		{"", ""},
	} {
		if got := jirga.Nearest(tc.got, valid); got != tc.want {
			t.Errorf("Nearest(%q) = %q, want %q", tc.got, got, tc.want)
		}
	}
	if got := jirga.Suggest("counsil", valid); got != `did you mean "council"?` {
		t.Errorf("Suggest = %q", got)
	}
	if got := jirga.NearestN("AF-KA", valid, 2); strings.Join(got, ",") != "AF-KAN,AF-KNR" {
		t.Errorf("NearestN = %v", got)
	}
}

func TestErrorCode(t *testing.T) {
	t.Parallel()
	err := jirga.Errorf(jirga.ENOTFOUND, "no law %q", "x")
	if jirga.ErrorCode(err) != jirga.ENOTFOUND || jirga.ErrorMessage(err) != `no law "x"` {
		t.Errorf("code %q message %q", jirga.ErrorCode(err), jirga.ErrorMessage(err))
	}
	if jirga.ErrorCode(nil) != "" || jirga.ErrorCode(errors.ErrUnsupported) != jirga.EINTERNAL || jirga.ErrorMessage(errors.ErrUnsupported) != "internal error" {
		t.Error("non-jirga errors must be internal")
	}
	d := jirga.Diagnostic{Pos: jirga.Pos{File: "a.yaml", Line: 3, Col: 4}, Message: "bad", Hint: "fix it"}
	if d.String() != "a.yaml:3:4: bad (fix it)" {
		t.Errorf("diagnostic = %q", d.String())
	}
}
