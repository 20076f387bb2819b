package ledger

import (
	"io/fs"

	"github.com/jirga/jirga/charter"
)

// ReadCharterFiles reads the files of a charter directory as charter.Load
// reads them — charter.yaml, then laws/**/*.yaml and *.yml in lexical
// order — so that they hash to the charter's Hash. The genesis keeps them.
func ReadCharterFiles(fsys fs.FS) ([]charter.File, error) {
	files, err := charter.ReadFiles(fsys)
	if err != nil {
		return nil, invalidf("read charter: %v", err)
	}
	return files, nil
}
