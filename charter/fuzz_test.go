package charter_test

import (
	"os"
	"testing"

	"github.com/jirga/jirga/charter"
)

// FuzzLoad feeds arbitrary bytes as charter.yaml and as a law file: the
// loader must return diagnostics, never panic.
func FuzzLoad(f *testing.F) {
	small, err := os.ReadFile("testdata/small/charter.yaml")
	if err != nil {
		f.Fatal(err)
	}
	law, err := os.ReadFile("testdata/small/laws/province/p1.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(small, law)
	f.Add([]byte("jirga: 1\nid: x\nlevels: [nation]\n"), []byte("id: l\nrules: [{id: r, permit: a, when: 'person.age > 1'}]"))
	f.Add([]byte("a: &x [*x]"), []byte("--- !!map\n? [a]\n: b"))
	f.Add([]byte("jirga: 1\nterritories: [{id: A, parent: A, level: nation}]"), []byte("{"))
	f.Fuzz(func(t *testing.T, charterYAML, lawYAML []byte) {
		files := []charter.File{{Path: "charter.yaml", Data: charterYAML}, {Path: "laws/x.yaml", Data: lawYAML}}
		c, _ := charter.LoadFiles("fuzz", files)
		if c == nil {
			t.Fatal("LoadFiles returned no charter")
		}
	})
}

// FuzzCondition compiles arbitrary conditions against the small charter's
// schema: errors, never panics.
func FuzzCondition(f *testing.F) {
	c, err := charter.Load("testdata/small")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{`person.age >= 18`, `"c1" in person.communities && context.hour < 20`, `place.region == 'north'`, `person.age >`, `1 +`, `person.sex.size() > 1000000`} {
		f.Add(s)
	}
	env := c.Env()
	f.Fuzz(func(t *testing.T, text string) {
		cond, errs := env.Compile(text)
		if cond == nil && len(errs) == 0 {
			t.Fatal("neither a condition nor an error")
		}
	})
}
