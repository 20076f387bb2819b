//go:build unix

package gen

import (
	"syscall"
	"time"
)

// CPUTime returns the user and system CPU time this process has used. The
// benchmarks report it per operation (cpu-ns/op) beside the wall-clock
// ns/op, which a machine shared with other work inflates by the time the
// process waits for a core.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
