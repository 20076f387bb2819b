package charter

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
	"github.com/jirga/jirga"
)

// decoder turns YAML into the root package's types, recording the position
// of every element and reporting every problem it meets, not only the
// first. Structs are matched by their yaml tags; a field of type
// jirga.Source receives the element's position and those of its keys.
type decoder struct {
	file    string
	diags   []jirga.Diagnostic
	anchors map[string]ast.Node
	depth   int
}

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDepth = 64

// parseYAML parses data into documents. A syntax error becomes a
// diagnostic at its position.
func parseYAML(file string, data []byte) (docs []ast.Node, diag *jirga.Diagnostic) {
	defer func() {
		// The YAML parser is third-party code: whatever it does on hostile
		// input, the loader reports an error instead of crashing.
		if r := recover(); r != nil {
			docs, diag = nil, &jirga.Diagnostic{Pos: jirga.Pos{File: file, Line: 1, Col: 1}, Message: fmt.Sprintf("cannot parse YAML: %v", r)}
		}
	}()
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, syntaxDiagnostic(file, err)
	}
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d.Body)
		}
	}
	return docs, nil
}

func syntaxDiagnostic(file string, err error) *jirga.Diagnostic {
	d := &jirga.Diagnostic{Pos: jirga.Pos{File: file, Line: 1, Col: 1}, Message: "YAML syntax: " + err.Error()}
	var te interface {
		GetToken() *token.Token
		GetMessage() string
	}
	if errors.As(err, &te) {
		d.Message = "YAML syntax: " + te.GetMessage()
		if tk := te.GetToken(); tk != nil && tk.Position != nil {
			d.Line, d.Col = tk.Position.Line, tk.Position.Column
		}
	}
	return d
}

func (d *decoder) pos(n ast.Node) jirga.Pos {
	p := jirga.Pos{File: d.file}
	if n == nil {
		return p
	}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		p.Line, p.Col = tk.Position.Line, tk.Position.Column
	}
	return p
}

func (d *decoder) errorf(n ast.Node, hint, format string, args ...any) {
	d.diags = append(d.diags, jirga.Diagnostic{Pos: d.pos(n), Message: fmt.Sprintf(format, args...), Hint: hint})
}

// resolve follows anchors, aliases and tags to the node that holds a value.
func (d *decoder) resolve(n ast.Node) ast.Node {
	for i := 0; i < maxDepth && n != nil; i++ {
		switch v := n.(type) {
		case *ast.AnchorNode:
			if d.anchors == nil {
				d.anchors = map[string]ast.Node{}
			}
			if v.Name != nil {
				d.anchors[v.Name.String()] = v.Value
			}
			n = v.Value
		case *ast.AliasNode:
			if v.Value == nil {
				return nil
			}
			target, ok := d.anchors[v.Value.String()]
			if !ok {
				d.errorf(n, "", "unknown alias *%s", v.Value.String())
				return nil
			}
			n = target
		case *ast.TagNode:
			tag := ""
			if v.Start != nil {
				tag = v.Start.Value
			}
			if !strings.HasPrefix(tag, "!!") {
				d.errorf(n, "a value that starts with ! must be quoted, e.g. when: '!person.married'", "unexpected YAML tag %s", tag)
				return nil
			}
			n = v.Value
		default:
			return n
		}
	}
	return nil
}

var sourceType = reflect.TypeOf(jirga.Source{})

// decode fills v (addressable) from node n.
func (d *decoder) decode(n ast.Node, v reflect.Value, what string) {
	if d.depth >= maxDepth {
		d.errorf(n, "", "%s is nested too deeply", what)
		return
	}
	d.depth++
	defer func() { d.depth-- }()

	raw := n
	n = d.resolve(n)
	if n == nil {
		return
	}
	if _, ok := n.(*ast.NullNode); ok {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), what)
	case reflect.Struct:
		d.decodeStruct(n, v, what)
	case reflect.Slice:
		d.decodeSlice(raw, n, v, what)
	case reflect.Map:
		d.decodeMap(n, v, what)
	case reflect.String:
		if s, ok := d.scalarText(n, what); ok {
			v.SetString(s)
		}
	case reflect.Bool:
		if b, ok := n.(*ast.BoolNode); ok {
			v.SetBool(b.Value)
		} else {
			d.errorf(n, "write true or false", "%s must be a boolean", what)
		}
	case reflect.Int, reflect.Int64:
		if i, ok := d.integer(n); ok {
			v.SetInt(i)
		} else {
			d.errorf(n, "", "%s must be a whole number", what)
		}
	case reflect.Float64:
		if f, ok := d.number(n); ok {
			v.SetFloat(f)
		} else {
			d.errorf(n, "", "%s must be a number", what)
		}
	case reflect.Interface:
		if val, ok := d.natural(n, what); ok {
			v.Set(reflect.ValueOf(val))
		}
	default:
		d.errorf(n, "", "%s: cannot decode into %s", what, v.Type())
	}
}

// field describes one yaml-tagged field of a struct.
type field struct {
	name  string
	index int
}

type structInfo struct {
	fields []field
	source int // index of the jirga.Source field, or -1
}

var structCache sync.Map // reflect.Type -> *structInfo

func infoOf(t reflect.Type) *structInfo {
	if si, ok := structCache.Load(t); ok {
		return si.(*structInfo)
	}
	si := &structInfo{source: -1}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Type == sourceType {
			si.source = i
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		si.fields = append(si.fields, field{name: name, index: i})
	}
	structCache.Store(t, si)
	return si
}

func (si *structInfo) lookup(name string) (field, bool) {
	for _, f := range si.fields {
		if f.name == name {
			return f, true
		}
	}
	return field{}, false
}

func (si *structInfo) names() []string {
	names := make([]string, len(si.fields))
	for i, f := range si.fields {
		names[i] = f.name
	}
	return names
}

func (d *decoder) decodeStruct(n ast.Node, v reflect.Value, what string) {
	m, ok := n.(*ast.MappingNode)
	if !ok {
		d.errorf(n, "", "%s must be a mapping of keys to values", what)
		return
	}
	si := infoOf(v.Type())
	var src *jirga.Source
	if si.source >= 0 {
		src = v.Field(si.source).Addr().Interface().(*jirga.Source)
		src.Pos = d.pos(m)
		if len(m.Values) > 0 {
			// A block mapping's own token is its first colon: point at
			// its first key instead, where a reader's eye goes.
			src.Pos = d.pos(m.Values[0].Key)
		}
	}
	seen := make(map[string]bool, len(m.Values))
	for _, kv := range m.Values {
		key := d.keyText(kv.Key)
		if seen[key] {
			d.errorf(kv.Key, "remove one of them", "duplicate key %q in %s", key, what)
			continue
		}
		seen[key] = true
		f, ok := si.lookup(key)
		if !ok {
			d.errorf(kv.Key, jirga.Suggest(key, si.names()), "unknown key %q in %s", key, what)
			continue
		}
		if src != nil {
			d.recordField(src, key, kv.Value)
		}
		d.decode(kv.Value, v.Field(f.index), what+"."+key)
	}
}

// recordField notes where a key's value is and, for a list of scalars,
// where each element is.
func (d *decoder) recordField(src *jirga.Source, key string, value ast.Node) {
	src.Fields = append(src.Fields, jirga.FieldPos{Name: key, Pos: d.pos(value)})
	if _, scalar := d.resolveQuiet(value).(ast.ScalarNode); scalar {
		src.Fields = append(src.Fields, jirga.FieldPos{Name: key + "[0]", Pos: d.pos(value)})
	}
	if seq, ok := d.resolveQuiet(value).(*ast.SequenceNode); ok {
		for i, e := range seq.Values {
			if _, scalar := e.(ast.ScalarNode); scalar {
				src.Fields = append(src.Fields, jirga.FieldPos{Name: key + "[" + strconv.Itoa(i) + "]", Pos: d.pos(e)})
			}
		}
	}
}

func (d *decoder) resolveQuiet(n ast.Node) ast.Node {
	if t, ok := n.(*ast.TagNode); ok {
		return t.Value
	}
	return n
}

func (d *decoder) keyText(k ast.MapKeyNode) string {
	if k == nil {
		return ""
	}
	if s, ok := k.(*ast.StringNode); ok {
		return s.Value
	}
	if tk := k.GetToken(); tk != nil {
		return tk.Value
	}
	return k.String()
}

func (d *decoder) decodeSlice(raw, n ast.Node, v reflect.Value, what string) {
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		// A single scalar where a list is expected is a list of one.
		if _, scalar := n.(ast.ScalarNode); scalar && v.Type().Elem().Kind() == reflect.String {
			s := reflect.New(v.Type().Elem()).Elem()
			d.decode(raw, s, what)
			v.Set(reflect.Append(v, s))
			return
		}
		d.errorf(n, "", "%s must be a list", what)
		return
	}
	out := reflect.MakeSlice(v.Type(), len(seq.Values), len(seq.Values))
	for i, e := range seq.Values {
		d.decode(e, out.Index(i), fmt.Sprintf("%s[%d]", what, i))
	}
	v.Set(out)
}

func (d *decoder) decodeMap(n ast.Node, v reflect.Value, what string) {
	m, ok := n.(*ast.MappingNode)
	if !ok {
		d.errorf(n, "", "%s must be a mapping", what)
		return
	}
	if v.Type().Key().Kind() != reflect.String {
		d.errorf(n, "", "%s: unsupported map type", what)
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMapWithSize(v.Type(), len(m.Values)))
	}
	for _, kv := range m.Values {
		key := d.keyText(kv.Key)
		if v.MapIndex(reflect.ValueOf(key)).IsValid() {
			d.errorf(kv.Key, "remove one of them", "duplicate key %q in %s", key, what)
			continue
		}
		elem := reflect.New(v.Type().Elem()).Elem()
		d.decode(kv.Value, elem, what+"."+key)
		v.SetMapIndex(reflect.ValueOf(key).Convert(v.Type().Key()), elem)
	}
}

// scalarText returns the text of any scalar, so that `share: 0.55` and
// `count: 9` read as the strings "0.55" and "9".
func (d *decoder) scalarText(n ast.Node, what string) (string, bool) {
	switch s := n.(type) {
	case *ast.StringNode:
		return s.Value, true
	case *ast.LiteralNode:
		if s.Value != nil {
			return s.Value.Value, true
		}
		return "", true
	case ast.ScalarNode:
		if tk := n.GetToken(); tk != nil {
			return tk.Value, true
		}
	}
	d.errorf(n, "", "%s must be a single value, not a list or mapping", what)
	return "", false
}

func (d *decoder) integer(n ast.Node) (int64, bool) {
	i, ok := n.(*ast.IntegerNode)
	if !ok {
		return 0, false
	}
	switch x := i.Value.(type) {
	case int64:
		return x, true
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x), true
		}
	}
	return 0, false
}

func (d *decoder) number(n ast.Node) (float64, bool) {
	if i, ok := d.integer(n); ok {
		return float64(i), true
	}
	if f, ok := n.(*ast.FloatNode); ok {
		return f.Value, true
	}
	return 0, false
}

// natural decodes a scalar into its natural Go value: bool, int64, float64
// or string. Attributes are scalars; lists and mappings are refused.
func (d *decoder) natural(n ast.Node, what string) (any, bool) {
	switch s := n.(type) {
	case *ast.BoolNode:
		return s.Value, true
	case *ast.IntegerNode:
		if i, ok := d.integer(n); ok {
			return i, true
		}
	case *ast.FloatNode:
		return s.Value, true
	case *ast.StringNode:
		return s.Value, true
	case *ast.LiteralNode:
		return d.scalarText(n, what)
	case *ast.SequenceNode:
		list := make([]string, 0, len(s.Values))
		for _, e := range s.Values {
			str, ok := d.resolve(e).(*ast.StringNode)
			if !ok {
				d.errorf(e, "", "%s must be a list of strings", what)
				return nil, false
			}
			list = append(list, str.Value)
		}
		return list, true
	}
	d.errorf(n, "", "%s must be a boolean, number, string or list of strings", what)
	return nil, false
}

// sortedKeys returns the keys of m in order, for deterministic iteration.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
