package rules

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/jirga/jirga"
)

// maxVotesSize bounds a votes file.
const maxVotesSize = 16 << 20

// ReadVotes parses a votes file named name (used in diagnostics). The
// format follows from the content: JSON when it starts with { or [, CSV
// otherwise.
//
// CSV has one ballot a line, `member,vote` or, for territorial members,
// `member,yes,no` (citizen counts); a header line naming the columns
// (member, vote, yes, no) is optional, blank lines and lines starting with
// # are skipped. JSON is an object keyed by member whose values are a vote
// ("yes") or citizen counts ({"yes": n, "no": m}), or an array of objects
// {"member": id, "vote": v} or {"member": id, "yes": n, "no": m}.
//
// Vote words are those of ParseVote. When body is not nil, every member must
// belong to it (an unknown one is reported with the nearest valid id). All
// problems are reported together, each at file:line:col, in one
// *jirga.Error with code invalid.
func ReadVotes(name string, data []byte, body *jirga.Body) (Votes, error) {
	if len(data) > maxVotesSize {
		return nil, jirga.Errorf(jirga.EINVALID, "votes file %s is larger than %d bytes", name, maxVotesSize)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte order mark
	r := &votesReader{file: name, data: data, votes: Votes{}}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		r.readJSON()
	} else {
		r.readCSV()
	}
	if body != nil {
		r.checkMembers(body)
	}
	if len(r.diags) > 0 {
		slices.SortStableFunc(r.diags, func(a, b jirga.Diagnostic) int {
			return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
		})
		return nil, &jirga.Error{Code: jirga.EINVALID, Message: "invalid votes in " + name, Diagnostics: r.diags}
	}
	return r.votes, nil
}

// votesReader collects ballots and problems from one file.
type votesReader struct {
	file  string
	data  []byte
	votes Votes
	order []string // members in file order
	lines []int    // offsets at which lines start
	diags []jirga.Diagnostic
}

func (r *votesReader) errorf(at jirga.Pos, hint, format string, args ...any) {
	r.diags = append(r.diags, jirga.Diagnostic{Pos: at, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// add records a ballot, refusing a second ballot for the same member.
func (r *votesReader) add(member string, b Ballot) {
	switch {
	case member == "":
		r.errorf(b.Pos, "", "ballot names no member")
		return
	case r.has(member):
		r.errorf(b.Pos, "one ballot per member", "second ballot for %q; the first is at %s", member, r.votes[member].Pos)
		return
	}
	r.votes[member] = b
	r.order = append(r.order, member)
}

func (r *votesReader) has(member string) bool {
	_, ok := r.votes[member]
	return ok
}

// checkMembers reports ballots of non-members, in file order.
func (r *votesReader) checkMembers(body *jirga.Body) {
	ids := make([]string, 0, len(body.Members))
	known := make(map[string]bool, len(body.Members))
	for _, m := range body.Members {
		if m != nil {
			ids = append(ids, m.ID)
			known[m.ID] = true
		}
	}
	for _, id := range r.order {
		if !known[id] {
			r.diags = append(r.diags, unknownMember(r.votes[id].Pos, id, body.ID, ids))
		}
	}
}

// readCSV reads member,vote or member,yes,no lines.
func (r *votesReader) readCSV() {
	cr := csv.NewReader(bytes.NewReader(r.data))
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	cols := map[string]int{}
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			var pe *csv.ParseError
			at := jirga.Pos{File: r.file}
			if errors.As(err, &pe) {
				at.Line, at.Col = pe.Line, pe.Column
				err = pe.Err
			}
			r.errorf(at, "", "%v", err)
			return
		}
		pos := func(field int) jirga.Pos {
			line, col := cr.FieldPos(min(max(field, 0), len(rec)-1))
			return jirga.Pos{File: r.file, Line: line, Col: col}
		}
		if first {
			first = false
			if strings.EqualFold(strings.TrimSpace(rec[0]), "member") {
				r.header(rec, cols, pos)
				continue
			}
			switch len(rec) {
			case 2:
				cols = map[string]int{"member": 0, "vote": 1}
			case 3:
				cols = map[string]int{"member": 0, "yes": 1, "no": 2}
			}
		}
		r.csvRecord(rec, cols, pos)
	}
}

// header reads the column names of a CSV header line.
func (r *votesReader) header(rec []string, cols map[string]int, pos func(int) jirga.Pos) {
	for i, h := range rec {
		h = strings.ToLower(strings.TrimSpace(h))
		switch h {
		case "member", "vote", "yes", "no":
			cols[h] = i
		default:
			r.errorf(pos(i), "columns: member,vote or member,yes,no", "unknown column %q", h)
		}
	}
	_, hasVote := cols["vote"]
	_, hasYes := cols["yes"]
	_, hasNo := cols["no"]
	if !hasVote && !(hasYes && hasNo) {
		r.errorf(pos(0), "add a vote column, or yes and no columns", "the header names neither votes nor citizen counts")
	}
}

func (r *votesReader) csvRecord(rec []string, cols map[string]int, pos func(int) jirga.Pos) {
	field := func(name string) (string, int, bool) {
		i, ok := cols[name]
		if !ok || i >= len(rec) {
			return "", i, false
		}
		return strings.TrimSpace(rec[i]), i, true
	}
	if len(cols) == 0 {
		r.errorf(pos(0), "write member,vote or member,yes,no", "a ballot line has %d fields", len(rec))
		return
	}
	member, _, _ := field("member")
	b := Ballot{Pos: pos(0)}
	if v, i, ok := field("vote"); ok && v != "" {
		vote, err := ParseVote(v)
		if err != nil {
			r.errorf(pos(i), "", "%v", err)
			return
		}
		b.Vote = vote
	}
	yes, yi, hasYes := field("yes")
	no, ni, hasNo := field("no")
	if (hasYes && yes != "") || (hasNo && no != "") {
		y, okY := r.count(yes, pos(yi))
		n, okN := r.count(no, pos(ni))
		if !okY || !okN {
			return
		}
		b.Citizens = &Citizens{Yes: y, No: n}
	} else if b.Vote == "" && !hasVotesColumn(cols) {
		r.errorf(pos(0), "", "ballot for %q has no yes and no counts", member)
		return
	}
	if _, err := b.cast(); err != nil {
		r.errorf(b.Pos, "", "member %q: %v", member, err)
		return
	}
	r.add(member, b)
}

func hasVotesColumn(cols map[string]int) bool {
	_, ok := cols["vote"]
	return ok
}

// count parses a citizen count: a whole number, not negative.
func (r *votesReader) count(s string, at jirga.Pos) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		r.errorf(at, "citizen votes are whole numbers such as 1299129", "bad count %q", s)
		return 0, false
	}
	return n, true
}

// readJSON reads the object or array forms, keeping the position of each
// member.
func (r *votesReader) readJSON() {
	dec := json.NewDecoder(bytes.NewReader(r.data))
	dec.UseNumber()
	j := &jsonWalker{r: r, dec: dec}
	defer func() {
		if j.err != nil {
			r.errorf(j.errPos, "", "%v", j.err)
		}
	}()
	tok := j.token()
	switch tok {
	case json.Delim('{'):
		for j.more() {
			at := j.next
			key, ok := j.token().(string)
			if !ok {
				return
			}
			r.jsonBallot(j, key, at)
		}
	case json.Delim('['):
		for j.more() {
			at := j.next
			if j.token() != json.Delim('{') {
				j.fail(at, "each element is an object with member and vote (or yes and no)")
				return
			}
			r.jsonObject(j, at)
		}
	}
	j.token() // closing delimiter
	if j.err == nil && dec.More() {
		j.fail(j.next, "unexpected data after the votes")
	}
}

// jsonBallot reads the value of one member's key: a vote word or counts.
func (r *votesReader) jsonBallot(j *jsonWalker, member string, at jirga.Pos) {
	vat := j.next
	tok := j.token()
	if d, ok := tok.(json.Delim); ok && d == '[' {
		j.fail(vat, "a member's value is a vote or {\"yes\": n, \"no\": m}")
		return
	}
	switch v := tok.(type) {
	case string:
		vote, err := ParseVote(v)
		if err != nil {
			r.errorf(vat, "", "%v", err)
			return
		}
		r.add(member, Ballot{Vote: vote, Pos: at})
	case json.Delim:
		if v != '{' {
			j.fail(vat, "a member's value is a vote or {\"yes\": n, \"no\": m}")
			return
		}
		_, b, y, n := r.jsonFields(j, at, false)
		r.finishCounts(member, b, y, n)
	case nil:
		return
	default:
		r.errorf(vat, "a member's value is a vote or {\"yes\": n, \"no\": m}", "bad ballot for %q", member)
	}
}

// jsonObject reads one {"member": .., "vote": ..} element.
func (r *votesReader) jsonObject(j *jsonWalker, at jirga.Pos) {
	member, b, y, n := r.jsonFields(j, at, true)
	if member == "" {
		r.errorf(at, "", "ballot names no member")
		return
	}
	r.finishCounts(member, b, y, n)
}

// jsonFields reads the keys of a ballot object up to its closing brace:
// vote, yes and no, and member when withMember is set.
func (r *votesReader) jsonFields(j *jsonWalker, at jirga.Pos, withMember bool) (member string, b Ballot, y, n *int64) {
	b.Pos = at
	for j.more() {
		kat := j.next
		k, _ := j.token().(string)
		val := j.next
		switch {
		case k == "member" && withMember:
			s, ok := j.value().(string)
			if !ok {
				r.errorf(val, "", "member must be a string")
				continue
			}
			member = s
		case k == "vote":
			s, ok := j.value().(string)
			vote, err := ParseVote(s)
			if !ok || err != nil {
				r.errorf(val, "use yes, no, abstain, veto or absent", "bad vote")
				continue
			}
			b.Vote = vote
		case k == "yes" || k == "no":
			c, ok := j.integer(r, val)
			if !ok {
				continue
			}
			if k == "yes" {
				y = &c
			} else {
				n = &c
			}
		default:
			hint := "keys: vote, yes, no"
			if withMember {
				hint = "keys: member, vote, yes, no"
			}
			r.errorf(kat, hint, "unknown key %q", k)
			j.value()
		}
	}
	j.token() // the closing brace
	return member, b, y, n
}

// finishCounts completes a ballot with citizen counts, when given.
func (r *votesReader) finishCounts(member string, b Ballot, y, n *int64) {
	if y == nil && n == nil && b.Vote == "" {
		r.errorf(b.Pos, "give a vote, or yes and no counts", "ballot for %q has no vote", member)
		return
	}
	if (y == nil) != (n == nil) {
		r.errorf(b.Pos, "give both yes and no", "citizen counts of %q are incomplete", member)
		return
	}
	if y != nil {
		b.Citizens = &Citizens{Yes: *y, No: *n}
	}
	if _, err := b.cast(); err != nil {
		r.errorf(b.Pos, "", "member %q: %v", member, err)
		return
	}
	r.add(member, b)
}

// jsonWalker reads JSON tokens and tracks the position of the next one.
// After the first syntax error it returns nil tokens.
type jsonWalker struct {
	r      *votesReader
	dec    *json.Decoder
	next   jirga.Pos // where the next token starts
	err    error
	errPos jirga.Pos
}

func (j *jsonWalker) token() json.Token {
	if j.err != nil {
		return nil
	}
	j.next = j.r.posAt(skipSpace(j.r.data, int(j.dec.InputOffset())))
	tok, err := j.dec.Token()
	if err != nil {
		var se *json.SyntaxError
		at := j.next
		if errors.As(err, &se) {
			at = j.r.posAt(int(se.Offset))
		}
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		j.err, j.errPos = err, at
		return nil
	}
	j.next = j.r.posAt(skipSpace(j.r.data, int(j.dec.InputOffset())))
	return tok
}

func (j *jsonWalker) more() bool { return j.err == nil && j.dec.More() }

func (j *jsonWalker) fail(at jirga.Pos, msg string) {
	if j.err == nil {
		j.err, j.errPos = errors.New(msg), at
	}
}

// value reads one value: a scalar token, or a whole object or array (whose
// opening delimiter it returns).
func (j *jsonWalker) value() json.Token {
	tok := j.token()
	if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') {
		for j.more() {
			if d == '{' {
				j.token() // key
			}
			j.value()
		}
		j.token() // closing delimiter
	}
	return tok
}

// integer reads a whole, non-negative number.
func (j *jsonWalker) integer(r *votesReader, at jirga.Pos) (int64, bool) {
	num, ok := j.value().(json.Number)
	if !ok {
		r.errorf(at, "citizen votes are whole numbers", "expected a number")
		return 0, false
	}
	return r.count(num.String(), at)
}

// skipSpace returns the offset of the next token at or after off: past
// white space and the separators , and :.
func skipSpace(data []byte, off int) int {
	for off < len(data) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// posAt converts a byte offset into a file position.
func (r *votesReader) posAt(off int) jirga.Pos {
	if r.lines == nil {
		r.lines = []int{0}
		for i, c := range r.data {
			if c == '\n' {
				r.lines = append(r.lines, i+1)
			}
		}
	}
	off = min(max(off, 0), len(r.data))
	line, _ := slices.BinarySearch(r.lines, off+1)
	return jirga.Pos{File: r.file, Line: line, Col: off - r.lines[line-1] + 1}
}
