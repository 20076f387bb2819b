package charter_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/jirga/jirga/charter"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	raw, err := json.Marshal(charter.Schema())
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(charter.SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(charter.SchemaID)
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return s
}

// yamlDocs decodes every YAML document of a file into JSON values.
func yamlDocs(t *testing.T, path string) []any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var docs []any
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var v any
		if err := dec.Decode(&v); err != nil {
			break
		}
		if v == nil {
			continue
		}
		// Round-trip through JSON so numbers and maps have the types the
		// validator expects.
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	return docs
}

// TestSchemaValidatesExamples checks every charter and law file of the
// examples and test charters against the published JSON Schema.
func TestSchemaValidatesExamples(t *testing.T) {
	t.Parallel()
	s := compileSchema(t)
	var files []string
	for _, root := range []string{"../examples", "testdata/small", "../engine/testdata/semantics"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yaml") {
				files = append(files, p)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 20 {
		t.Fatalf("found only %d YAML files", len(files))
	}
	for _, f := range files {
		for i, doc := range yamlDocs(t, f) {
			if err := s.Validate(doc); err != nil {
				t.Errorf("%s document %d: %v", f, i+1, err)
			}
		}
	}
}

// TestSchemaRejects makes sure the schema is not vacuous.
func TestSchemaRejects(t *testing.T) {
	t.Parallel()
	s := compileSchema(t)
	for _, bad := range []string{
		`{"jirga": 1, "id": "x", "levels": ["nation"], "bogus": 1}`,
		`{"id": "l", "enacted_by": "b", "domain": "d", "rules": [{"id": "r"}]}`,
		`{"id": "l", "enacted_by": "b", "domain": "d", "rules": [{"id": "r", "permit": "a", "forbid": "a"}]}`,
		`{"jirga": 1, "id": "x", "levels": ["nation"], "domains": [{"id": "d", "belief": "yes"}]}`,
		`{"jirga": 1, "id": "x", "levels": ["nation"], "bodies": [{"id": "b", "rules": [{"id": "r", "rule": {"threshold": {"base": "everyone"}}}]}]}`,
	} {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		if s.Validate(doc) == nil {
			t.Errorf("schema accepts %s", bad)
		}
	}
}
