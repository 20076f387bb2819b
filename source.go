package jirga

// Source locates an element of a charter in its file: the element's own
// position and the positions of the values of its keys, so that a check can
// point at the exact value at fault.
type Source struct {
	Pos
	Fields []FieldPos
}

// FieldPos is the position of one key's value. Elements of a list of scalars
// are named key[i].
type FieldPos struct {
	Name string
	Pos  Pos
}

// At returns the position of the named field's value, or the element's own
// position when the field was not written.
func (s *Source) At(field string) Pos {
	for _, f := range s.Fields {
		if f.Name == field {
			return f.Pos
		}
	}
	return s.Pos
}
