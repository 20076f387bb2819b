package apportion

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jirga/jirga"
)

// MaxParties bounds the parties of a votes file.
const MaxParties = 10000

// ReadVotes parses a votes file, CSV or JSON, named name in diagnostics:
//
//	CSV   party,votes            one party a line; an optional header line
//	                             names the columns (party or name, votes or
//	                             seats; other columns are ignored); # starts
//	                             a comment
//	JSON  {"DUP": 36, "SF": 28}  in file order
//	      [{"party": "DUP", "votes": 36}, ...]
//
// Votes are non-negative integers. Every problem is reported, each at
// file:line:col, in one *jirga.Error.
func ReadVotes(name string, data []byte) ([]Party, error) {
	r := &votesReader{name: name, data: data, seen: map[string]jirga.Pos{}}
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) == 0:
		r.errorf(jirga.Pos{File: name, Line: 1, Col: 1}, "no parties: the file is empty")
	case trimmed[0] == '{' || trimmed[0] == '[':
		r.json()
	default:
		r.csv()
	}
	if len(r.ds) == 0 && len(r.parties) == 0 {
		r.errorf(jirga.Pos{File: name, Line: 1, Col: 1}, "no parties in the file")
	}
	if len(r.ds) > 0 {
		return nil, &jirga.Error{Code: jirga.EINVALID, Message: "invalid votes file " + name, Diagnostics: r.ds}
	}
	return r.parties, nil
}

type votesReader struct {
	name    string
	data    []byte
	parties []Party
	seen    map[string]jirga.Pos
	ds      []jirga.Diagnostic
}

func (r *votesReader) errorf(pos jirga.Pos, format string, args ...any) {
	if len(r.ds) < 100 {
		r.ds = append(r.ds, jirga.Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...)})
	}
}

// add records a party read at pos (its votes at vpos), checking its name
// and votes.
func (r *votesReader) add(pos, vpos jirga.Pos, name, votes string) {
	name = strings.TrimSpace(name)
	v, err := strconv.ParseInt(strings.TrimSpace(votes), 10, 64)
	switch {
	case name == "":
		r.errorf(pos, "a party has no name")
		return
	case err != nil:
		r.errorf(vpos, "votes %q of party %q are not an integer", votes, name)
		return
	case v < 0:
		r.errorf(vpos, "party %q has negative votes %d", name, v)
		return
	}
	if first, dup := r.seen[name]; dup {
		r.errorf(pos, "party %q appears twice (first at line %d)", name, first.Line)
		return
	}
	if len(r.parties) >= MaxParties {
		r.errorf(pos, "more than %d parties", MaxParties)
		return
	}
	r.seen[name] = pos
	r.parties = append(r.parties, Party{Name: name, Votes: v, Pos: pos})
}

func (r *votesReader) csv() {
	cr := csv.NewReader(bytes.NewReader(r.data))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	partyCol, votesCol, width := 0, 1, 2
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			r.errorf(jirga.Pos{File: r.name, Line: pe.Line, Col: pe.Column}, "%v", pe.Err)
			return
		}
		line, col := cr.FieldPos(0)
		pos := jirga.Pos{File: r.name, Line: line, Col: col}
		if first {
			first = false
			if p, v, ok := header(rec); ok {
				partyCol, votesCol, width = p, v, len(rec)
				continue
			}
		}
		if len(rec) != width {
			r.errorf(pos, "%d fields, want %d (party,votes)", len(rec), width)
			continue
		}
		vl, vc := cr.FieldPos(votesCol)
		r.add(pos, jirga.Pos{File: r.name, Line: vl, Col: vc}, rec[partyCol], rec[votesCol])
	}
}

// header recognizes a header line by its column names.
func header(rec []string) (party, votes int, ok bool) {
	party, votes = -1, -1
	for i, f := range rec {
		switch strings.ToLower(strings.TrimSpace(f)) {
		case "party", "name", "list":
			if party < 0 {
				party = i
			}
		case "votes", "seats", "vote":
			if votes < 0 {
				votes = i
			}
		}
	}
	return party, votes, party >= 0 && votes >= 0
}

// pos converts a byte offset of the file into a position.
func (r *votesReader) pos(offset int64) jirga.Pos {
	offset = min(max(offset, 0), int64(len(r.data)))
	before := r.data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return jirga.Pos{File: r.name, Line: line, Col: col}
}

func (r *votesReader) json() {
	dec := json.NewDecoder(bytes.NewReader(r.data))
	dec.UseNumber()
	fail := func(err error) {
		off := dec.InputOffset()
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			off = se.Offset
		case errors.As(err, &te):
			off = te.Offset
		}
		msg := err.Error()
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			msg = "unexpected end of file"
		}
		r.errorf(r.pos(off), "%s", msg)
	}
	tok, err := dec.Token()
	if err != nil {
		fail(err)
		return
	}
	switch tok {
	case json.Delim('{'):
		for dec.More() {
			start := dec.InputOffset()
			key, err := dec.Token()
			if err != nil {
				fail(err)
				return
			}
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				fail(err)
				return
			}
			pos := r.pos(start + r.skipSpace(start))
			r.add(pos, pos, key.(string), string(v))
		}
	case json.Delim('['):
		for dec.More() {
			start := dec.InputOffset()
			var e struct {
				Party *string     `json:"party"`
				Name  *string     `json:"name"`
				Votes json.Number `json:"votes"`
				Seats json.Number `json:"seats"`
			}
			if err := dec.Decode(&e); err != nil {
				fail(err)
				return
			}
			pos := r.pos(start + r.skipSpace(start))
			name := e.Party
			if name == nil {
				name = e.Name
			}
			votes := e.Votes
			if votes == "" {
				votes = e.Seats
			}
			if name == nil || votes == "" {
				r.errorf(pos, `each entry needs "party" and "votes"`)
				continue
			}
			r.add(pos, pos, *name, string(votes))
		}
	default:
		r.errorf(r.pos(0), `want an object {"party": votes} or a list [{"party": ..., "votes": ...}]`)
		return
	}
	if _, err := dec.Token(); err != nil {
		fail(err)
		return
	}
	if _, err := dec.Token(); err != io.EOF {
		r.errorf(r.pos(dec.InputOffset()), "unexpected data after the end")
	}
}

// skipSpace returns how many bytes of separators (spaces, commas) start the
// data at offset, so that positions point at the entry itself.
func (r *votesReader) skipSpace(offset int64) int64 {
	var n int64
	for int(offset+n) < len(r.data) && strings.IndexByte(" \t\r\n,", r.data[offset+n]) >= 0 {
		n++
	}
	return n
}
