package engine

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
)

// kind is the type of a fact's value.
type kind uint8

const (
	kindUnset kind = iota
	kindBool
	kindInt
	kindDouble
	kindString
	kindList
)

func kindOf(typ string) kind {
	switch typ {
	case jirga.TypeBool:
		return kindBool
	case jirga.TypeInt:
		return kindInt
	case jirga.TypeDouble:
		return kindDouble
	case jirga.TypeString:
		return kindString
	case jirga.TypeStringList:
		return kindList
	}
	return kindUnset
}

// value is one fact. Only the field of its kind is meaningful.
type value struct {
	k kind
	b bool
	i int64
	f float64
	s string
	l []string
}

func (v value) native() any {
	switch v.k {
	case kindBool:
		return v.b
	case kindInt:
		return v.i
	case kindDouble:
		return v.f
	case kindString:
		return v.s
	case kindList:
		return v.l
	}
	return nil
}

// scope says where a variable's value comes from.
type scope uint8

const (
	scopePerson scope = iota
	scopeContext
	scopePlace
)

// slot is a declared variable and where its value lives.
type slot struct {
	name   string // full name: person.age
	attr   string // age
	scope  scope
	kind   kind
	idx    int
	values []string // allowed values of an enumerated string
}

// schema maps variables to slots.
type schema struct {
	byName  map[string]*slot
	person  []*slot
	context []*slot
	place   []*slot
	comm    map[string]int // community id -> bit
	commIDs []string
}

func newSchema(c *charter.Charter) *schema {
	s := &schema{byName: map[string]*slot{}, comm: map[string]int{}}
	add := func(sc scope, list *[]*slot, prefix, attr, typ string, values []string) {
		sl := &slot{name: prefix + "." + attr, attr: attr, scope: sc, kind: kindOf(typ), idx: len(*list), values: values}
		*list = append(*list, sl)
		s.byName[sl.name] = sl
	}
	add(scopePerson, &s.person, charter.PersonVar, charter.CommunitiesAttr, jirga.TypeStringList, nil)
	for _, a := range c.Person {
		add(scopePerson, &s.person, charter.PersonVar, a.Name, a.Type, a.Values)
	}
	for _, a := range c.Context {
		add(scopeContext, &s.context, charter.ContextVar, a.Name, a.Type, a.Values)
	}
	add(scopePlace, &s.place, charter.PlaceVar, "id", jirga.TypeString, nil)
	add(scopePlace, &s.place, charter.PlaceVar, "level", jirga.TypeString, nil)
	for _, a := range c.TerritoryAttributes {
		add(scopePlace, &s.place, charter.PlaceVar, a.Name, a.Type, a.Values)
	}
	for i, m := range c.Communities {
		s.comm[m.ID] = i
		s.commIDs = append(s.commIDs, m.ID)
	}
	return s
}

// communitiesSlot is the index of person.communities among person slots.
const communitiesSlot = 0

// Facts are what a question says about the person and the moment. Build
// them with Engine.Facts or Engine.ParseQuestion; reuse them freely.
type Facts struct {
	person  []value
	context []value
	// comms lists the indices of the person's communities, sorted.
	comms []int
	// names holds the community ids parsed on the fast path.
	names []string
}

// defaultCommunities makes a person who names no community a member of
// none, so that "x in person.communities" is false, not an error, whether
// native code or cel-go evaluates it.
func (f *Facts) defaultCommunities() {
	if f.person[communitiesSlot].k == kindUnset {
		f.person[communitiesSlot] = value{k: kindList, l: []string{}}
	}
}

// FieldError is a problem with one field of a question.
type FieldError struct {
	Field   string   `json:"field"`
	Message string   `json:"message"`
	Nearest []string `json:"nearest,omitempty"`
}

func (e FieldError) String() string {
	s := e.Field + ": " + e.Message
	if len(e.Nearest) > 0 {
		s += " (did you mean " + strings.Join(e.Nearest, ", ") + "?)"
	}
	return s
}

// questionError builds the *jirga.Error for bad question fields.
func questionError(errs []FieldError) error {
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.String()
	}
	return &jirga.Error{Code: jirga.EINVALID, Message: "invalid question: " + strings.Join(msgs, "; ")}
}

// Facts converts a person and a context, as decoded from JSON, into facts.
// Unknown attributes, values of the wrong type and values outside an
// attribute's declared list are errors naming the nearest valid names.
func (e *Engine) Facts(person, context map[string]any) (*Facts, error) {
	f := &Facts{person: make([]value, len(e.schema.person)), context: make([]value, len(e.schema.context))}
	var errs []FieldError
	errs = e.fill(f.person, e.schema.person, "person", person, errs)
	errs = e.fill(f.context, e.schema.context, "context", context, errs)
	f.defaultCommunities()
	if v := f.person[communitiesSlot]; v.k == kindList {
		for _, id := range v.l {
			bit, ok := e.schema.comm[id]
			if !ok {
				errs = append(errs, FieldError{Field: "person.communities", Message: fmt.Sprintf("unknown community %q", id), Nearest: jirga.NearestN(id, e.schema.commIDs, 3)})
				continue
			}
			f.comms = append(f.comms, bit)
		}
		sort.Ints(f.comms)
	}
	if len(errs) > 0 {
		return nil, questionError(errs)
	}
	return f, nil
}

func (e *Engine) fill(dst []value, slots []*slot, prefix string, src map[string]any, errs []FieldError) []FieldError {
	keys := make([]string, 0, len(src))
	for k := range src {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var sl *slot
		for _, s := range slots {
			if s.attr == k {
				sl = s
				break
			}
		}
		if sl == nil {
			errs = append(errs, FieldError{Field: prefix + "." + k, Message: "unknown attribute", Nearest: jirga.NearestN(k, attrNames(slots), 3)})
			continue
		}
		v, msg := convert(src[k], sl)
		if msg != "" {
			errs = append(errs, FieldError{Field: sl.name, Message: msg})
			continue
		}
		dst[sl.idx] = v
	}
	return errs
}

func attrNames(slots []*slot) []string {
	names := make([]string, len(slots))
	for i, s := range slots {
		names[i] = s.attr
	}
	return names
}

// kindNames describe each kind in error messages.
var kindNames = [...]string{kindBool: "a boolean", kindInt: "a whole number", kindDouble: "a number", kindString: "a string", kindList: "a list of strings"}

// convert checks a JSON value against a slot's type.
func convert(x any, sl *slot) (value, string) {
	bad := func() (value, string) {
		return value{}, fmt.Sprintf("must be %s, got %s", kindNames[sl.kind], describe(x))
	}
	switch sl.kind {
	case kindBool:
		if b, ok := x.(bool); ok {
			return value{k: kindBool, b: b}, ""
		}
	case kindInt:
		if n, ok := number(x); ok && n == math.Trunc(n) && math.Abs(n) < 1<<53 {
			return value{k: kindInt, i: int64(n)}, ""
		}
	case kindDouble:
		if n, ok := number(x); ok {
			return value{k: kindDouble, f: n}, ""
		}
	case kindString:
		if s, ok := x.(string); ok {
			if len(sl.values) > 0 && !contains(sl.values, s) {
				return value{}, fmt.Sprintf("%q is not one of %s", s, strings.Join(sl.values, ", "))
			}
			return value{k: kindString, s: s}, ""
		}
	case kindList:
		if list, ok := x.([]any); ok {
			out := make([]string, 0, len(list))
			for _, el := range list {
				s, ok := el.(string)
				if !ok {
					return bad()
				}
				out = append(out, s)
			}
			return value{k: kindList, l: out}, ""
		}
		if list, ok := x.([]string); ok {
			return value{k: kindList, l: list}, ""
		}
	}
	return bad()
}

func number(x any) (float64, bool) {
	switch n := x.(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

func describe(x any) string {
	switch v := x.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("the string %q", v)
	case bool:
		return fmt.Sprintf("%v", v)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%v", x)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
