// Package examples embeds the example charters into the binary, so that
// `jirga serve` runs the flagship Afghanistan settlement with no files
// beside it.
package examples

import (
	"embed"
	"io/fs"
)

//go:embed afghanistan
var files embed.FS

// AfghanistanName is the name diagnostics and the server give the embedded
// Afghanistan charter.
const AfghanistanName = "examples/afghanistan"

// Afghanistan returns the flagship charter directory (charter.yaml, laws/,
// boundaries.geojson) as a file system rooted at the charter, for
// charter.LoadFS.
func Afghanistan() fs.FS {
	sub, err := fs.Sub(files, "afghanistan")
	if err != nil {
		panic("examples: the embedded afghanistan directory is missing: " + err.Error())
	}
	return sub
}
