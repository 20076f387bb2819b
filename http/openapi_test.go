package http_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/jirga/jirga"
	jhttp "github.com/jirga/jirga/http"
	"github.com/jirga/jirga/ledger"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// openAPIDoc is the parts of the OpenAPI document the tests read.
type openAPIDoc struct {
	OpenAPI string                          `json:"openapi"`
	Paths   map[string]map[string]operation `json:"paths"`
}

type operation struct {
	OperationID string   `json:"operationId"`
	Tags        []string `json:"tags"`
	Parameters  []struct {
		Name     string `json:"name"`
		In       string `json:"in"`
		Required bool   `json:"required"`
		Example  any    `json:"example"`
	} `json:"parameters"`
	RequestBody *struct {
		Content map[string]struct {
			Example json.RawMessage `json:"example"`
		} `json:"content"`
	} `json:"requestBody"`
	Responses map[string]json.RawMessage `json:"responses"`
}

func loadOpenAPI(t *testing.T, base string) openAPIDoc {
	t.Helper()
	r := get(t, base+"/api/openapi.json")
	if r.status != 200 || r.header.Get("Content-Type") != "application/json" {
		t.Fatalf("openapi.json: %d %s", r.status, r.header.Get("Content-Type"))
	}
	if !bytes.Equal(r.body, jhttp.OpenAPI()) {
		t.Error("the served document differs from OpenAPI()")
	}
	var doc openAPIDoc
	r.decode(t, &doc)
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	return doc
}

// The document and the router list the same operations.
func TestOpenAPIListsEveryRoute(t *testing.T) {
	t.Parallel()
	s, base := startServer(t, jhttp.Config{})
	doc := loadOpenAPI(t, base)
	var documented, served []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	served = s.Routes()
	sort.Strings(documented)
	sort.Strings(served)
	if !slices.Equal(documented, served) {
		t.Errorf("documented %v\nserved     %v", documented, served)
	}
}

// Every operation, called with the examples the document gives, answers
// with a status the document declares and a body its schema accepts. The
// charter's operations run on the Afghanistan example; the ledger's on the
// test ledger of package ledgertest (three members), where the delegate of
// m01 has submitted and opened proposal P-1: the document's example
// envelope is m02's vote on it.
func TestOpenAPIExamplesConform(t *testing.T) {
	t.Parallel()
	_, base := startServer(t, jhttp.Config{})
	doc := loadOpenAPI(t, base)
	lf := newLedgerFixture(t, 3, jhttp.Config{})
	accepted(t, lf.submit(t, "m01", ledger.SubmitBody{ID: "P-1", Body: "assembly", Kind: jirga.KindMotion, Title: "A motion", ClosesAt: closes}), 1, ledger.KindSubmit)
	accepted(t, lf.submit(t, "m01", ledger.OpenBody{Proposal: "P-1"}), 2, ledger.KindOpen)
	compiler := jsonschema.NewCompiler()
	raw, err := jsonschema.UnmarshalJSON(bytes.NewReader(jhttp.OpenAPI()))
	if err != nil {
		t.Fatal(err)
	}
	if err := compiler.AddResource("openapi.json", raw); err != nil {
		t.Fatal(err)
	}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			target := path
			query := url.Values{}
			for _, p := range op.Parameters {
				if p.Example == nil {
					continue
				}
				v := fmt.Sprint(p.Example)
				switch p.In {
				case "path":
					target = strings.ReplaceAll(target, "{"+p.Name+"}", url.PathEscape(v))
				case "query":
					query.Set(p.Name, v)
				}
			}
			if len(query) > 0 {
				target += "?" + query.Encode()
			}
			var reqBody string
			if op.RequestBody != nil {
				reqBody = string(op.RequestBody.Content["application/json"].Example)
			}
			server := base
			if slices.Contains(op.Tags, "ledger") {
				server = lf.base
			}
			r := do(t, strings.ToUpper(method), server+target, reqBody)
			name := strings.ToUpper(method) + " " + target
			if _, ok := op.Responses[fmt.Sprint(r.status)]; !ok {
				t.Errorf("%s: status %d is not documented: %s", name, r.status, r.body)
				continue
			}
			if r.status != 200 && r.status != 201 {
				t.Errorf("%s: the document's example fails: %d %s", name, r.status, r.body)
				continue
			}
			if !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
				continue // /metrics
			}
			pointer := fmt.Sprintf("openapi.json#/paths/%s/%s/responses/%d/content/application~1json/schema",
				strings.ReplaceAll(strings.ReplaceAll(path, "~", "~0"), "/", "~1"), method, r.status)
			sch, err := compiler.Compile(pointer)
			if err != nil {
				t.Errorf("%s: compile schema: %v", name, err)
				continue
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(r.body))
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("%s: the answer does not fit the schema: %v", name, err)
			}
		}
	}
}

// Error bodies fit the Error schema.
func TestOpenAPIErrorSchema(t *testing.T) {
	t.Parallel()
	_, base := startServer(t, jhttp.Config{MaxBodyBytes: 32})
	compiler := jsonschema.NewCompiler()
	raw, _ := jsonschema.UnmarshalJSON(bytes.NewReader(jhttp.OpenAPI()))
	compiler.AddResource("openapi.json", raw)
	sch, err := compiler.Compile("openapi.json#/components/schemas/Error")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []response{
		get(t, base+"/api/laws/nope"),
		post(t, base+"/api/ask", `{"at":"AF-KAN","action":"x","person":{"age":1}}`),
		do(t, "DELETE", base+"/api/charter", ""),
		post(t, base+"/api/where", `{`),
		get(t, base+"/nowhere"),
	} {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%d %s: %v", r.status, r.body, err)
		}
	}
}
