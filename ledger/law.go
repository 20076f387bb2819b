package ledger

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
	"github.com/jirga/jirga/review"
)

// LawsDir is where the laws enacted on the ledger live in the charter in
// force: laws/ledger/<proposal id>.yaml.
const LawsDir = charter.LawsDir + "/ledger"

// lawPath is the file of the law a proposal enacts.
func lawPath(proposalID string) string { return LawsDir + "/" + proposalID + ".yaml" }

// change is a charter in force after a proposal takes effect.
type change struct {
	files   []charter.File
	charter *charter.Charter
	law     *jirga.Law // the law enacted or repealed
}

// withFile returns files with path set to data (added or replaced).
func withFile(files []charter.File, path string, data []byte) []charter.File {
	out := make([]charter.File, 0, len(files)+1)
	for _, f := range files {
		if f.Path != path {
			out = append(out, f)
		}
	}
	return sortFiles(append(out, charter.File{Path: path, Data: data}))
}

// refused is the error of a proposal that cannot take effect: the
// diagnostics say why.
func refused(format string, args ...any) func(err error) error {
	return func(err error) error {
		msg := fmt.Sprintf(format, args...)
		var je *jirga.Error
		if !errors.As(err, &je) || len(je.Diagnostics) == 0 {
			return invalidf("%s: %s", msg, jirga.ErrorMessage(err))
		}
		return &jirga.Error{Code: jirga.EINVALID, Message: msg + ": " + je.Message, Diagnostics: je.Diagnostics}
	}
}

// enact returns the charter with the law of an enact_law proposal in
// force. The law must load with the charter, be enacted by the proposal's
// body for its territory, and pass constitutional review.
func enact(files []charter.File, p *jirga.Proposal) (*change, error) {
	fail := refused("law of proposal %q", p.ID)
	path := lawPath(p.ID)
	next := withFile(files, path, []byte(p.Law))
	c, err := loadCharter(next)
	if err != nil {
		return nil, fail(err)
	}
	var law *jirga.Law
	for _, l := range c.Laws {
		if l.Source.File == path {
			if law != nil {
				return nil, invalidf("law of proposal %q: the text holds more than one law", p.ID)
			}
			law = l
		}
	}
	switch {
	case law == nil:
		return nil, invalidf("law of proposal %q: the text holds no law", p.ID)
	case law.EnactedBy != p.Body:
		return nil, invalidf("law of proposal %q: enacted_by is %q, but the proposal is before body %q", p.ID, law.EnactedBy, p.Body)
	case p.Territory != "" && law.Territory != p.Territory:
		return nil, invalidf("law of proposal %q: territory is %q, but the proposal is before the %s of %q", p.ID, law.Territory, p.Body, p.Territory)
	}
	if diags := reviewLaw(c, law); len(diags) > 0 {
		return nil, &jirga.Error{Code: jirga.EINVALID, Message: fmt.Sprintf("law %q of proposal %q fails constitutional review: %d %s", law.ID, p.ID, len(diags), plural(len(diags), "finding", "findings")), Diagnostics: diags}
	}
	return &change{files: next, charter: c, law: law}, nil
}

// reviewLaw is constitutional review of a law against the charter it was
// loaded with (package review): the error findings about the law — ultra
// vires, a right breached, a conflict with a law in force — in review's
// order. Findings about other laws do not hold the law back.
func reviewLaw(c *charter.Charter, law *jirga.Law) []jirga.Diagnostic {
	e, err := engine.New(c)
	if err != nil {
		return []jirga.Diagnostic{{Pos: law.Source.Pos, Message: jirga.ErrorMessage(err)}}
	}
	var diags []jirga.Diagnostic
	for _, f := range review.Review(c, e) {
		if f.Severity != review.Error {
			continue
		}
		if f.Law != law.ID && !slices.ContainsFunc(f.Related, func(p jirga.Pos) bool { return p.File == law.Source.File }) {
			continue
		}
		diags = append(diags, jirga.Diagnostic{Pos: f.Pos, Message: fmt.Sprintf("%s: %s", f.Code, f.Message)})
	}
	return diags
}

// repeal returns the charter without the law of a repeal_law proposal.
func repeal(files []charter.File, c *charter.Charter, p *jirga.Proposal) (*change, error) {
	law := c.Law(p.LawID)
	switch {
	case law == nil:
		return nil, invalidf("no law %q is in force%s", p.LawID, hint(p.LawID, charter.IDs(c.Laws, func(l *jirga.Law) string { return l.ID })))
	case law.EnactedBy != p.Body:
		return nil, invalidf("law %q was enacted by %q: only that body can repeal it, not %q", law.ID, law.EnactedBy, p.Body)
	case p.Territory != "" && law.Territory != p.Territory:
		return nil, invalidf("law %q is a law of %q, not of %q", law.ID, law.Territory, p.Territory)
	}
	i := slices.IndexFunc(files, func(f charter.File) bool { return f.Path == law.Source.File })
	if i < 0 {
		return nil, invalidf("law %q: its file %q is not part of the charter", law.ID, law.Source.File)
	}
	rest, ok := cutDocument(files[i].Data, law.Source.Line)
	if !ok {
		return nil, invalidf("law %q: cannot find its YAML document in %s", law.ID, law.Source.File)
	}
	next := slices.Clone(files)
	if strings.TrimSpace(stripComments(rest)) == "" {
		next = slices.Delete(next, i, i+1)
	} else {
		next[i] = charter.File{Path: files[i].Path, Data: rest}
	}
	nc, err := loadCharter(next)
	if err != nil {
		return nil, refused("charter without law %q", law.ID)(err)
	}
	if nc.Law(law.ID) != nil || len(nc.Laws) != len(c.Laws)-1 {
		return nil, invalidf("law %q: removing its YAML document from %s does not remove exactly that law", law.ID, law.Source.File)
	}
	return &change{files: next, charter: nc, law: law}, nil
}

// cutDocument removes from a YAML stream the document holding the given
// line (1-based): the lines from its "---" marker (or the start) to the
// next marker.
func cutDocument(data []byte, line int) ([]byte, bool) {
	lines := strings.SplitAfter(string(data), "\n")
	if line < 1 || line > len(lines) {
		return nil, false
	}
	start := 0
	for i := line - 1; i >= 0; i-- {
		if isDocMarker(lines[i]) {
			start = i
			break
		}
	}
	end := len(lines)
	for i := line; i < len(lines); i++ {
		if isDocMarker(lines[i]) {
			end = i
			break
		}
	}
	return []byte(strings.Join(slices.Concat(lines[:start], lines[end:]), "")), true
}

func isDocMarker(line string) bool {
	l := strings.TrimRight(line, "\r\n")
	return l == "---" || strings.HasPrefix(l, "--- ") || strings.HasPrefix(l, "---\t")
}

// stripComments drops comment lines and markers, to tell an empty stream.
func stripComments(data []byte) string {
	var b strings.Builder
	for _, l := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") || isDocMarker(t) {
			continue
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// amend returns the charter with charter.yaml replaced; every law in force
// must still load with it.
func amend(files []charter.File, p *jirga.Proposal) (*change, error) {
	next := withFile(files, charter.CharterFile, []byte(p.Charter))
	c, err := loadCharter(next)
	if err != nil {
		return nil, refused("amended charter of proposal %q", p.ID)(err)
	}
	return &change{files: next, charter: c}, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
