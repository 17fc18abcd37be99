package benchcmp

import (
	"testing"
	"time"
)

// CPUMetric is the unit of the metric the benchmarks report besides ns/op:
// the CPU time of the whole process per operation, the garbage collector's
// included. Unlike wall time, it does not grow while other processes hold
// the cores, so ratios of it stay steady on a shared machine.
const CPUMetric = "cpu-ns/op"

// RunMint is the body of the mint benchmark of m, shared by the package's
// benchmarks and the ratios command.
func RunMint(b *testing.B, m Minter) {
	tok, err := m.Mint()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(tok)))
	b.ReportAllocs()
	start, ok := cpuTime()
	for b.Loop() {
		if _, err := m.Mint(); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start, ok)
}

// RunMintParallel is the body of the parallel mint benchmark of m: one
// goroutine per GOMAXPROCS, each minting with its own m.New().
func RunMintParallel(b *testing.B, m ParallelMinter) {
	tok, err := m.New()()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(tok)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		mint := m.New()
		for pb.Next() {
			if _, err := mint(); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// RunVerify is the body of the verify benchmark of v: it verifies the
// floor's token, which every verifier accepts at [Clock].
func RunVerify(b *testing.B, v Verifier) {
	tok := NewFloor(APISecret).Mint(IssuedAt.Unix())
	if _, err := v.Verify(tok); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(tok)))
	b.ReportAllocs()
	start, ok := cpuTime()
	for b.Loop() {
		if _, err := v.Verify(tok); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start, ok)
}

func reportCPU(b *testing.B, start time.Duration, ok bool) {
	end, ok2 := cpuTime()
	if ok && ok2 && b.N > 0 {
		b.ReportMetric(float64(end-start)/float64(b.N), CPUMetric)
	}
}
