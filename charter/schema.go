package charter

import (
	"reflect"
	"strings"

	"github.com/jirga/jirga"
)

// SchemaID is the $id of the JSON Schema that Schema returns.
const SchemaID = "https://github.com/jirga/jirga/charter.schema.json"

// Schema returns a JSON Schema (draft-07, which editors' YAML language
// servers support) for charter.yaml and law
// files, derived from the root package's types so that it cannot drift
// from what the loader reads. A document is a charter if it has the
// "jirga" key and a law otherwise.
func Schema() map[string]any {
	g := &schemaGen{defs: map[string]any{}}
	charterRef := g.ref(reflect.TypeOf(jirga.Charter{}))
	lawRef := g.ref(reflect.TypeOf(jirga.Law{}))
	return map[string]any{
		"$schema":     "http://json-schema.org/draft-07/schema#",
		"$id":         SchemaID,
		"title":       "jirga charter and law files",
		"description": "charter.yaml (with the format key jirga) or a law file under laws/. See docs/charter.md.",
		"oneOf":       []any{charterRef, lawRef},
		"definitions": g.defs,
	}
}

type schemaGen struct {
	defs map[string]any
}

// enums lists the closed vocabularies of string fields, by type and key.
var enums = map[string][]string{
	"Charter.default":   {jirga.DefaultPermitted, jirga.DefaultForbidden},
	"Attribute.type":    attributeTypes,
	"Body.voting":       {jirga.VotingByMember, jirga.VotingByParty},
	"Threshold.base":    {jirga.BaseAll, jirga.BasePresent, jirga.BaseVoting},
	"Threshold.votes":   {jirga.VotesYes, jirga.VotesNo, jirga.VotesNotYes, jirga.VotesAbstain, jirga.VotesVeto, jirga.VotesPresent},
	"Veto.abstain":      {jirga.VetoAbstainIsNotVeto, jirga.VetoAbstainIsVeto},
	"BodyRule.kinds":    jirga.ProposalKinds,
	"Allocation.method": {"dhondt", "sainte-lague", "modified-sainte-lague", "hare", "droop", "huntington-hill"},
}

// numericText lists string fields that hold numbers written as text.
var numericText = map[string]bool{"Threshold.share": true, "Threshold.count": true, "Allocation.threshold": true}

func (g *schemaGen) ref(t reflect.Type) map[string]any {
	name := t.Name()
	if _, ok := g.defs[name]; !ok {
		g.defs[name] = nil // break recursion
		g.defs[name] = g.object(t)
	}
	return map[string]any{"$ref": "#/definitions/" + name}
}

func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if key == "" || key == "-" {
			continue
		}
		s := g.typeSchema(f.Type)
		if numericText[t.Name()+"."+key] {
			// Numbers written bare (share: 0.55) read as their text.
			s = map[string]any{"type": []string{"string", "number"}}
		}
		if e, ok := enums[t.Name()+"."+key]; ok {
			s = enumSchema(s, e)
		}
		props[key] = s
	}
	obj := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	switch t {
	case reflect.TypeOf(jirga.Charter{}):
		obj["required"] = []string{"jirga", "id", "levels"}
	case reflect.TypeOf(jirga.Law{}):
		obj["required"] = []string{"id", "enacted_by", "domain", "rules"}
	case reflect.TypeOf(jirga.Rule{}):
		obj["oneOf"] = []any{
			map[string]any{"required": []string{"permit"}},
			map[string]any{"required": []string{"forbid"}},
			map[string]any{"required": []string{"oblige"}},
		}
	case reflect.TypeOf(jirga.DecisionRule{}):
		obj["minProperties"] = 1
	}
	return obj
}

func enumSchema(s map[string]any, values []string) map[string]any {
	if s["type"] == "array" {
		return map[string]any{"type": "array", "items": map[string]any{"enum": values}}
	}
	if _, ok := s["anyOf"]; ok { // a list written as a single value
		return map[string]any{"anyOf": []any{
			map[string]any{"enum": values},
			map[string]any{"type": "array", "items": map[string]any{"enum": values}},
		}}
	}
	return map[string]any{"enum": values}
}

func (g *schemaGen) typeSchema(t reflect.Type) map[string]any {
	switch t.Kind() {
	case reflect.Pointer:
		return g.typeSchema(t.Elem())
	case reflect.Struct:
		return g.ref(t)
	case reflect.Slice:
		items := g.typeSchema(t.Elem())
		arr := map[string]any{"type": "array", "items": items}
		if t.Elem().Kind() == reflect.String {
			// A single value where a list is expected is a list of one.
			return map[string]any{"anyOf": []any{arr, items}}
		}
		return arr
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.typeSchema(t.Elem())}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	}
	return map[string]any{"type": []string{"boolean", "number", "string"}}
}
