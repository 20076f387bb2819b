package charter_test

import (
	"testing"

	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/internal/gen"
)

// BenchmarkLoad measures charter.LoadFiles — parse, validate and compile
// every condition — on generated charters held in memory (package
// internal/gen): issue 3's 443 territories with 100,000 rules, and 10,000
// territories with 100,000 rules.
//
//	go test -run '^$' -bench Load -benchmem -benchtime 3x ./charter
func BenchmarkLoad(b *testing.B) {
	for _, tc := range []struct {
		name string
		cfg  gen.Config
	}{
		{"territories=443/rules=100000", gen.Default(100000)},
		{"territories=10000/rules=100000", gen.Large(100000)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			files, size := charterFiles(gen.New(tc.cfg))
			b.SetBytes(size)
			gen.Cycle(b, [][]charter.File{files}, func(files []charter.File) {
				if _, err := charter.LoadFiles("bench", files); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

func charterFiles(w *gen.Workload) ([]charter.File, int64) {
	var files []charter.File
	var size int64
	for _, f := range w.Files() {
		files = append(files, charter.File(f))
		size += int64(len(f.Data))
	}
	return files, size
}
