package ui

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
)

// Form field prefixes of person and context attributes: "p.age",
// "c.hour".
const (
	personPrefix  = "p."
	contextPrefix = "c."
)

// field is one input of a person or context form.
type field struct {
	Name  string // the form field's name
	ID    string // the element id
	Label string
	Doc   string
	// Kind is the input: "bool" (a select of unset/yes/no), "int",
	// "double", "enum" (a select of Values), "text", "list" (free text,
	// comma-separated) or "checks" (checkboxes of Options).
	Kind    string
	Value   string
	Values  []string
	Options []option
}

// option is one choice of a select or a list of checkboxes.
type option struct {
	Value, Label string
	Selected     bool
}

// factForm is the person and context part of the ask and where forms, as
// submitted, and the facts it gives.
type factForm struct {
	Person, Context []field
	person, context map[string]any
	// Errors name the fields that could not be read.
	Errors []string
}

// readFacts reads the person and context attributes of c from a form.
// Fields left empty are not given: the engine then reports which facts a
// rule needed.
func readFacts(c *charter.Charter, q url.Values) *factForm {
	f := &factForm{person: map[string]any{}, context: map[string]any{}}
	f.Person = readAttrs(c, q, personPrefix, personAttrs(c), f.person, &f.Errors)
	f.Context = readAttrs(c, q, contextPrefix, c.Context, f.context, &f.Errors)
	return f
}

// personAttrs are the charter's person attributes with the built-in
// communities list first.
func personAttrs(c *charter.Charter) []*jirga.Attribute {
	out := []*jirga.Attribute{{Name: charter.CommunitiesAttr, Type: jirga.TypeStringList, Values: charter.IDs(c.Communities, func(c *jirga.Community) string { return c.ID })}}
	for _, a := range c.Person {
		if a.Name != charter.CommunitiesAttr {
			out = append(out, a)
		}
	}
	return out
}

func readAttrs(c *charter.Charter, q url.Values, prefix string, attrs []*jirga.Attribute, into map[string]any, errs *[]string) []field {
	fields := make([]field, 0, len(attrs))
	for _, a := range attrs {
		name := prefix + a.Name
		fd := field{Name: name, ID: "f-" + strings.ReplaceAll(name, ".", "-"), Label: a.Name, Doc: a.Doc, Values: a.Values}
		raw := strings.TrimSpace(q.Get(name))
		switch a.Type {
		case jirga.TypeBool:
			fd.Kind, fd.Value = "bool", raw
			switch raw {
			case "":
			case "true", "false":
				into[a.Name] = raw == "true"
			default:
				*errs = append(*errs, name+": choose yes or no, not "+strconv.Quote(raw))
			}
		case jirga.TypeInt, jirga.TypeDouble:
			fd.Kind, fd.Value = "int", raw
			if a.Type == jirga.TypeDouble {
				fd.Kind = "double"
			}
			if raw != "" {
				if a.Type == jirga.TypeInt {
					n, err := strconv.ParseInt(raw, 10, 53)
					if err != nil {
						*errs = append(*errs, name+": "+strconv.Quote(raw)+" is not a whole number")
					} else {
						into[a.Name] = n
					}
				} else {
					x, err := strconv.ParseFloat(raw, 64)
					if err != nil {
						*errs = append(*errs, name+": "+strconv.Quote(raw)+" is not a number")
					} else {
						into[a.Name] = x
					}
				}
			}
		case jirga.TypeStringList:
			if a.Name == charter.CommunitiesAttr && prefix == personPrefix {
				fd.Kind, fd.Label = "checks", a.Name
				chosen := q[name]
				for _, cm := range c.Communities {
					fd.Options = append(fd.Options, option{Value: cm.ID, Label: cm.Name, Selected: contains(chosen, cm.ID)})
				}
				if len(chosen) > 0 {
					into[a.Name] = append([]string(nil), chosen...)
				}
				break
			}
			fd.Kind, fd.Value = "list", raw
			if raw != "" {
				into[a.Name] = splitComma(raw)
			}
		default:
			fd.Kind, fd.Value = "text", raw
			if len(a.Values) > 0 {
				fd.Kind = "enum"
			}
			if raw != "" {
				into[a.Name] = raw
			}
		}
		fields = append(fields, fd)
	}
	return fields
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// territoryOptions lists the territories for a select, the chosen one
// selected.
func territoryOptions(c *charter.Charter, chosen string) []optionGroup {
	var groups []optionGroup
	for _, lv := range c.Levels {
		g := optionGroup{Label: lv}
		for _, t := range c.Territories {
			if t.Level == lv {
				g.Options = append(g.Options, option{Value: t.ID, Label: t.Name + " (" + t.ID + ")", Selected: t.ID == chosen})
			}
		}
		if len(g.Options) > 0 {
			groups = append(groups, g)
		}
	}
	return groups
}

// optionGroup is an optgroup of a select, or a group of checkboxes.
type optionGroup struct {
	Label   string
	Options []option
}

// actionOptions lists the actions grouped by domain, those in chosen
// selected.
func actionOptions(c *charter.Charter, chosen []string) []optionGroup {
	var groups []optionGroup
	for _, d := range c.Domains {
		g := optionGroup{Label: d.Name}
		for _, a := range c.Actions {
			if a.Domain == d.ID {
				g.Options = append(g.Options, option{Value: a.ID, Label: nameOr(a.Name, a.ID), Selected: contains(chosen, a.ID)})
			}
		}
		if len(g.Options) > 0 {
			groups = append(groups, g)
		}
	}
	return groups
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}
