package charter

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/goccy/go-yaml/ast"
	"github.com/jirga/jirga"
)

// File names inside a charter directory.
const (
	CharterFile = "charter.yaml"
	LawsDir     = "laws"
)

// maxFileSize bounds one file so that a stray binary cannot exhaust memory.
const maxFileSize = 64 << 20

// Load reads, checks and compiles the charter in dir. When the charter is
// invalid it returns what it could load together with a *jirga.Error whose
// Diagnostics list every problem, ordered by file, line and column.
func Load(dir string) (*Charter, error) {
	c, err := LoadFS(os.DirFS(dir), dir)
	if c != nil {
		c.Dir = dir
	}
	return c, err
}

// LoadFS is Load over a file system; name prefixes the file names that
// diagnostics report.
func LoadFS(fsys fs.FS, name string) (*Charter, error) {
	files, err := ReadFiles(fsys)
	if err != nil {
		return nil, &jirga.Error{Code: jirga.EINVALID, Message: fmt.Sprintf("cannot read charter %s: %v", name, err)}
	}
	return LoadFiles(name, files)
}

// File is one file of a charter: its path relative to the charter
// directory, with forward slashes, and its content.
type File struct {
	Path string
	Data []byte
}

// ReadFiles returns a charter directory's files as Load reads them:
// charter.yaml, then every laws/**/*.yaml or *.yml in lexical order. Their
// paths and contents are what the charter's Hash covers.
func ReadFiles(fsys fs.FS) ([]File, error) {
	data, err := readLimited(fsys, CharterFile)
	if err != nil {
		return nil, err
	}
	files := []File{{Path: CharterFile, Data: data}}
	err = fs.WalkDir(fsys, LawsDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == LawsDir {
				return fs.SkipDir
			}
			return err
		}
		if d.IsDir() || !isYAML(p) {
			return nil
		}
		data, err := readLimited(fsys, p)
		if err != nil {
			return err
		}
		files = append(files, File{Path: p, Data: data})
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(files[1:], func(i, j int) bool { return files[1+i].Path < files[1+j].Path })
	return files, nil
}

func isYAML(p string) bool {
	ext := path.Ext(p)
	return ext == ".yaml" || ext == ".yml"
}

func readLimited(fsys fs.FS, p string) ([]byte, error) {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, err
	}
	if info.Size() > maxFileSize {
		return nil, fmt.Errorf("%s is larger than %d MiB", p, maxFileSize>>20)
	}
	return fs.ReadFile(fsys, p)
}

// LoadFiles loads a charter from its files; files[0] must be charter.yaml.
// name is the directory diagnostics name the files under.
func LoadFiles(name string, files []File) (*Charter, error) {
	l := &loader{dir: name}
	c := l.load(files)
	if len(l.diags) == 0 {
		return c, nil
	}
	sortDiagnostics(l.diags)
	l.diags = dedupe(l.diags)
	if name == "" {
		name = "charter"
	}
	return c, &jirga.Error{
		Code:        jirga.EINVALID,
		Message:     fmt.Sprintf("%s: %d %s", name, len(l.diags), plural(len(l.diags), "error", "errors")),
		Diagnostics: l.diags,
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func sortDiagnostics(ds []jirga.Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// loader accumulates the diagnostics of one load.
type loader struct {
	dir   string
	diags []jirga.Diagnostic
	data  map[string][]byte // file name as reported -> content
}

func (l *loader) filePath(rel string) string {
	if l.dir == "" {
		return rel
	}
	return filepath.ToSlash(filepath.Join(l.dir, rel))
}

func (l *loader) errorf(p jirga.Pos, hint, format string, args ...any) {
	if p.File == "" {
		p = jirga.Pos{File: l.filePath(CharterFile), Line: 1, Col: 1}
	}
	l.diags = append(l.diags, jirga.Diagnostic{Pos: p, Message: fmt.Sprintf(format, args...), Hint: hint})
}

func (l *loader) load(files []File) *Charter {
	ch := &jirga.Charter{}
	c := &Charter{Charter: ch, Hash: hashFiles(files)}
	if len(files) == 0 || files[0].Path != CharterFile {
		l.errorf(jirga.Pos{File: l.filePath(CharterFile)}, "", "missing %s", CharterFile)
		return c
	}
	l.data = make(map[string][]byte, len(files))
	for _, f := range files {
		l.data[l.filePath(f.Path)] = f.Data
	}
	if !l.decodeCharter(files[0], ch) {
		// Without charter.yaml every reference in every law would fail
		// too: report the laws' own syntax errors only.
		l.decodeLaws(files[1:])
		return c
	}
	ch.Laws = l.decodeLaws(files[1:])
	l.validate(c)
	return c
}

// hashFiles hashes each file's path and content, length-prefixed.
func hashFiles(files []File) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%d:%s:%d:", len(f.Path), f.Path, len(f.Data))
		h.Write(f.Data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// decodeCharter decodes charter.yaml and reports whether it held a
// mapping to validate.
func (l *loader) decodeCharter(f File, ch *jirga.Charter) bool {
	file := l.filePath(f.Path)
	docs, diag := parseYAML(file, f.Data)
	if diag != nil {
		l.diags = append(l.diags, *diag)
		return false
	}
	if len(docs) == 0 {
		l.errorf(jirga.Pos{File: file, Line: 1, Col: 1}, "start with `jirga: 1`", "%s is empty", f.Path)
		return false
	}
	if _, ok := docs[0].(*ast.MappingNode); !ok {
		l.errorf(jirga.Pos{File: file, Line: 1, Col: 1}, "start with `jirga: 1`", "%s must be a mapping of keys to values", f.Path)
		return false
	}
	if len(docs) > 1 {
		l.errorf(jirga.Pos{File: file, Line: docs[1].GetToken().Position.Line, Col: 1}, "", "%s must hold one YAML document", f.Path)
	}
	d := &decoder{file: file}
	d.decode(docs[0], valueOf(ch), "charter")
	l.diags = append(l.diags, d.diags...)
	return true
}

// decodeLaws decodes the law files in parallel and returns the laws in file
// order, then document order.
func (l *loader) decodeLaws(files []File) []*jirga.Law {
	type result struct {
		laws  []*jirga.Law
		diags []jirga.Diagnostic
	}
	results := make([]result, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, f := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			laws, diags := decodeLawFile(l.filePath(f.Path), f.Data)
			results[i] = result{laws, diags}
		}()
	}
	wg.Wait()
	var laws []*jirga.Law
	for _, r := range results {
		laws = append(laws, r.laws...)
		l.diags = append(l.diags, r.diags...)
	}
	return laws
}

func decodeLawFile(file string, data []byte) ([]*jirga.Law, []jirga.Diagnostic) {
	docs, diag := parseYAML(file, data)
	if diag != nil {
		return nil, []jirga.Diagnostic{*diag}
	}
	var laws []*jirga.Law
	d := &decoder{file: file}
	for _, doc := range docs {
		if isNull(doc) {
			continue
		}
		if _, ok := doc.(*ast.MappingNode); !ok {
			d.errorf(doc, "a law is a mapping: id, title, enacted_by, territory or community, domain, rules", "a law document must be a mapping of keys to values")
			continue
		}
		law := &jirga.Law{}
		d.decode(doc, valueOf(law), "law")
		for _, r := range law.Rules {
			if r != nil {
				r.Law = law
			}
		}
		laws = append(laws, law)
	}
	return laws, d.diags
}

func isNull(n ast.Node) bool {
	_, ok := n.(*ast.NullNode)
	return ok
}

// rawText returns the source text of a value as written, for locating
// positions inside conditions.
func rawText(data []byte, p jirga.Pos) string {
	line := p.Line
	for i := 0; i < len(data) && line > 1; i++ {
		if data[i] == '\n' {
			line--
			if line == 1 {
				data = data[i+1:]
				break
			}
		}
	}
	if end := bytes.IndexByte(data, '\n'); end >= 0 {
		data = data[:end]
	}
	if p.Col-1 < len(data) && p.Col > 0 {
		return string(data[p.Col-1:])
	}
	return ""
}

// dedupe keeps the first of several diagnostics at one position: checks of
// a body and of each of its decision rules can meet the same value.
func dedupe(ds []jirga.Diagnostic) []jirga.Diagnostic {
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d.Pos == ds[i-1].Pos {
			continue
		}
		out = append(out, d)
	}
	return out
}

// indentOf returns the number of leading spaces of a line (from 1).
func indentOf(data []byte, line int) int {
	text := rawText(data, jirga.Pos{Line: line, Col: 1})
	return len(text) - len(strings.TrimLeft(text, " "))
}
