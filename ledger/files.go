package ledger

import (
	"errors"
	"io/fs"
	"path"
	"sort"

	"github.com/jirga/jirga/charter"
)

// ReadCharterFiles reads the files of a charter directory as charter.Load
// reads them — charter.yaml, then laws/**/*.yaml and *.yml in lexical
// order — so that they hash to the charter's Hash. The genesis keeps them.
func ReadCharterFiles(fsys fs.FS) ([]charter.File, error) {
	data, err := fs.ReadFile(fsys, charter.CharterFile)
	if err != nil {
		return nil, invalidf("read charter: %v", err)
	}
	files := []charter.File{{Path: charter.CharterFile, Data: data}}
	err = fs.WalkDir(fsys, charter.LawsDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == charter.LawsDir {
				return fs.SkipDir
			}
			return err
		}
		if ext := path.Ext(p); d.IsDir() || ext != ".yaml" && ext != ".yml" {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		files = append(files, charter.File{Path: p, Data: data})
		return nil
	})
	if err != nil {
		return nil, invalidf("read charter laws: %v", err)
	}
	sort.Slice(files[1:], func(i, j int) bool { return files[1+i].Path < files[1+j].Path })
	return files, nil
}
