package ledger_test

import (
	"strings"
	"testing"

	"github.com/jirga/jirga/ledger"
)

func TestCanonical(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"whitespace and key order", "{ \"b\" : 1 ,\n\t\"a\" : [ true , false , null ] }", `{"a":[true,false,null],"b":1}`},
		{"nested objects sort too", `{"z":{"y":1,"x":2},"a":{}}`, `{"a":{},"z":{"x":2,"y":1}}`},
		{"escapes as JSON.stringify", `"\u0041\/\b\f\n\r\t\u0007\u001f\u007f"`, `"A/\b\f\n\r\t\u0007\u001f` + "\x7f" + `"`},
		{"non-ASCII stays literal", `"\u00e9\u2028 ع"`, "\"é\u2028 ع\""},
		{"html characters are not escaped", `"<&>"`, `"<&>"`},
		{"surrogate pair", `"\ud83d\ude00"`, `"😀"`},
		{"keys in UTF-16 order", `{"\ue000":1,"\ud83d\ude00":2,"a":3}`, "{\"a\":3,\"😀\":2,\"\ue000\":1}"},
		{"integers", `[0,-0,9007199254740991,-9007199254740991]`, `[0,0,9007199254740991,-9007199254740991]`},
		{"published vector", `{"b":"Loya Jirga — \"2/3\"\n\u0007<&>","a":[1,-2,true,null,{}],"\ue000":1,"\ud83d\ude00":2}`,
			"{\"a\":[1,-2,true,null,{}],\"b\":\"Loya Jirga — \\\"2/3\\\"\\n\\u0007<&>\",\"😀\":2,\"\ue000\":1}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ledger.Canonical([]byte(tt.in))
			if err != nil {
				t.Fatalf("Canonical(%s): %v", tt.in, err)
			}
			if string(got) != tt.want {
				t.Errorf("Canonical(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
			again, err := ledger.Canonical(got)
			if err != nil || string(again) != string(got) {
				t.Errorf("canonical form is not a fixed point: %s -> %s (%v)", got, again, err)
			}
		})
	}
}

func TestCanonicalRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"duplicate key", `{"a":1,"a":2}`, `duplicate key "a"`},
		{"fraction", `1.5`, "only integers"},
		{"exponent", `1e3`, "only integers"},
		{"unsafe integer", `9007199254740992`, "outside ±(2^53-1)"},
		{"leading zero", `012`, "cannot start with 0"},
		{"lone high surrogate", `"\ud83d"`, "lone surrogate"},
		{"lone low surrogate", `"\ude00"`, "lone surrogate"},
		{"invalid UTF-8", "\"\xff\"", "invalid UTF-8"},
		{"raw control character", "\"a\nb\"", "must be escaped"},
		{"unknown escape", `"\x"`, "unknown escape"},
		{"trailing data", `{} {}`, "after the JSON value"},
		{"truncated", `{"a":`, "unexpected end of input"},
		{"too deep", strings.Repeat("[", 40) + strings.Repeat("]", 40), "nesting deeper than 32"},
		{"bare word", `nul`, "unexpected"},
		{"empty", ``, "unexpected end of input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ledger.Canonical([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Canonical(%q) error = %v, want one containing %q", tt.in, err, tt.want)
			}
		})
	}
}
