package ledger

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"iter"
	"unicode/utf8"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
)

// An exported ledger is JSON lines: first a Header (the genesis and the
// charter files it names), then one entry per line (Entry.AppendJSON) in
// index order. It holds everything needed to verify the ledger.

// Header is the first line of an exported ledger.
type Header struct {
	Genesis *Genesis
	Files   []charter.File
}

// AppendJSON appends the header as canonical JSON:
// {"files":[{"data":"...","path":"charter.yaml"},...],"genesis":{...}}.
func (h *Header) AppendJSON(b []byte) []byte {
	b = append(b, `{"files":[`...)
	for i, f := range h.Files {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"data":`...)
		b = appendString(b, string(f.Data))
		b = append(b, `,"path":`...)
		b = appendString(b, f.Path)
		b = append(b, '}')
	}
	b = append(b, `],"genesis":`...)
	b = append(b, h.Genesis.Canonical()...)
	return append(b, '}')
}

// CheckFiles checks that charter files can travel in a header: their
// contents are UTF-8 text, as YAML is.
func CheckFiles(files []charter.File) error {
	for _, f := range files {
		if !utf8.Valid(f.Data) {
			return invalidf("charter file %s is not UTF-8 text", f.Path)
		}
	}
	return nil
}

// ParseHeader reads the first line of an exported ledger.
func ParseHeader(line []byte) (*Header, error) {
	v, err := parseJSON(line)
	if err != nil {
		return nil, invalidf("ledger header: %v", err)
	}
	f := newFields(v, "ledger header")
	list := f.list("files", true)
	gv, _ := f.value("genesis", true)
	if err := f.done(); err != nil {
		return nil, err
	}
	h := &Header{}
	for i, fv := range list {
		ff := newFields(fv, fmt.Sprintf("ledger header file %d", i+1))
		file := charter.File{Path: ff.str("path", true), Data: []byte(ff.str("data", false))}
		if err := ff.done(); err != nil {
			return nil, err
		}
		h.Files = append(h.Files, file)
	}
	if h.Genesis, err = ParseGenesis(appendCanonical(nil, gv)); err != nil {
		return nil, err
	}
	return h, nil
}

// maxLine bounds one line of an export: a header carries a whole charter.
const maxLine = 256 << 20

// ReadExport reads an exported ledger's header and returns it with the
// lines of its entries.
func ReadExport(r io.Reader) (*Header, iter.Seq2[[]byte, error], error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), maxLine)
	if !sc.Scan() {
		if err := sc.Err(); err != nil {
			return nil, nil, invalidf("read ledger: %v", err)
		}
		return nil, nil, invalidf("the ledger export is empty: its first line must be the header")
	}
	h, err := ParseHeader(sc.Bytes())
	if err != nil {
		return nil, nil, err
	}
	lines := func(yield func([]byte, error) bool) {
		for sc.Scan() {
			line := bytes.TrimSpace(sc.Bytes())
			if len(line) == 0 {
				continue
			}
			if !yield(bytes.Clone(line), nil) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			yield(nil, jirga.Errorf(jirga.EINVALID, "read ledger: %v", err))
		}
	}
	return h, lines, nil
}

// VerifyExport replays an exported ledger from its genesis: every hash,
// signature and state transition. It returns the final state, or the
// state before the first bad entry with an error naming it.
func VerifyExport(r io.Reader) (*State, error) {
	h, lines, err := ReadExport(r)
	if err != nil {
		return nil, err
	}
	s, err := NewState(h.Genesis, h.Files)
	if err != nil {
		return nil, err
	}
	return s, s.ReplayJSON(lines)
}
