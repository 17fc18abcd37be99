//go:build !unix

package benchcmp

import "time"

// cpuTime is unavailable here; the benchmarks report wall time alone.
func cpuTime() (time.Duration, bool) { return 0, false }
