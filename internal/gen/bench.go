package gen

import (
	"runtime"
	"testing"
)

// Cycle runs a benchmark's loop: op on each of the pre-built items in turn,
// as many times as the benchmark asks. Besides ns/op and the allocations it
// reports cpu-ns/op, the CPU time the process spent per op (garbage
// collection included), which is steadier than ns/op on a shared machine.
func Cycle[T any](b *testing.B, items []T, op func(T)) {
	if len(items) == 0 {
		b.Fatal("gen.Cycle: no items")
	}
	b.ReportAllocs()
	runtime.GC()
	c0 := CPUTime()
	i := 0
	for b.Loop() {
		op(items[i%len(items)])
		i++
	}
	b.ReportMetric(float64(CPUTime()-c0)/float64(i), "cpu-ns/op")
}
