// Command ratios runs the mint and verify benchmarks of package benchcmp in
// one process and prints markdown tables of their medians: ns/op, B/op,
// allocs/op, and the ratio to the floor (minting) or to this module
// (verifying); then how minting with a shared Minter speeds up from one CPU
// to all of them, next to the floor; then whether the targets are
// met.
//
// Each round runs every benchmark once, each right after a run of the
// baseline (the floor, or this module's verifier), and takes the ratio of
// the pair, so that a machine whose load changes during the run slows both
// sides of a ratio alike. Ratios are of CPU time per operation (the
// benchmarks' cpu-ns/op metric, the whole process's, garbage collection
// included) where the system reports it, since wall time also counts the
// time other processes hold the cores; ns/op is shown as well. The table
// shows medians over the rounds, with the lowest and highest ratio in
// brackets.
//
// Usage:
//
//	go run ./cmd/ratios [-count 10] [-benchtime 200ms]
//
// The README shows a table from -count 20 -benchtime 100ms.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twiliotoken/twiliotoken/internal/benchcmp"
)

func main() {
	testing.Init()
	count := flag.Int("count", 10, "rounds of every benchmark")
	benchtime := flag.Duration("benchtime", 200*time.Millisecond,
		"duration of each benchmark run")
	flag.Parse()
	if err := flag.Set("test.benchtime", benchtime.String()); err != nil {
		log.Fatal(err)
	}

	mint, verify, scale, err := benchmarks()
	if err != nil {
		log.Fatal(err)
	}

	for i := range *count {
		fmt.Fprintf(os.Stderr, "round %d of %d\n", i+1, *count)
		round(mint)
		round(verify)
		for _, s := range scale {
			s.round()
		}
	}

	fmt.Printf("%s/%s, %d CPUs (GOMAXPROCS %d), %s, %d rounds of %s\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0),
		runtime.Version(), *count, benchtime)
	table("Mint the Voice token", "× floor", mint)
	table("Verify and decode the Voice token", "× twiliotoken", verify)
	scalingTable(scale)
	targets(mint, verify, scale)
}

// A scaling is the results of a parallel benchmark run on one core and on
// all of them, over the rounds.
type scaling struct {
	name    string
	bench   func(*testing.B)
	one     []float64 // ns/op with GOMAXPROCS 1
	all     []float64 // ns/op with GOMAXPROCS at its default
	speedup []float64
}

// round runs the benchmark on one core, then on all, and records the
// speedup. Wall time is what counts here: CPU time would add up the cores.
func (s *scaling) round() {
	procs := runtime.GOMAXPROCS(1)
	one := testing.Benchmark(s.bench)
	runtime.GOMAXPROCS(procs)
	all := testing.Benchmark(s.bench)
	nsOne := float64(one.T.Nanoseconds()) / float64(one.N)
	nsAll := float64(all.T.Nanoseconds()) / float64(all.N)
	s.one = append(s.one, nsOne)
	s.all = append(s.all, nsAll)
	s.speedup = append(s.speedup, nsOne/nsAll)
}

func scalingTable(ss []*scaling) {
	n := runtime.GOMAXPROCS(0)
	fmt.Printf("Mint the Voice token on 1 and on %d CPUs at once (b.RunParallel; "+
		"one Minter shared, one Floor per goroutine)\n\n", n)
	fmt.Printf("| %-18s | %13s | %13s | %-22s |\n", "", "ns/op, 1 CPU",
		fmt.Sprintf("ns/op, %d CPUs", n), "speedup (min–max)")
	fmt.Printf("|%s|%s:|%s:|%s|\n", dashes(20), dashes(14), dashes(14), dashes(24))
	for _, s := range ss {
		r := slices.Clone(s.speedup)
		slices.Sort(r)
		fmt.Printf("| %-18s | %13.0f | %13.0f | %-22s |\n", s.name, median(s.one),
			median(s.all), fmt.Sprintf("%.2f (%.2f–%.2f)", median(r), r[0], r[len(r)-1]))
	}
	fmt.Println()
}

// benchmarks returns the mint and verify benchmarks, each with its
// baseline first, and the parallel ones.
func benchmarks() (mint, verify []*series, scale []*scaling, err error) {
	minters, err := benchcmp.Minters()
	if err != nil {
		return nil, nil, nil, err
	}
	for _, m := range minters {
		mint = append(mint, &series{name: m.Name,
			bench: func(b *testing.B) { benchcmp.RunMint(b, m) }})
	}
	for _, v := range benchcmp.Verifiers(benchcmp.Clock) {
		verify = append(verify, &series{name: v.Name,
			bench: func(b *testing.B) { benchcmp.RunVerify(b, v) }})
	}
	parallel, err := benchcmp.ParallelMinters()
	if err != nil {
		return nil, nil, nil, err
	}
	for _, m := range parallel {
		scale = append(scale, &scaling{name: m.Name,
			bench: func(b *testing.B) { benchcmp.RunMintParallel(b, m) }})
	}
	return mint, verify, scale, nil
}

// A series is the results of one benchmark over the rounds.
type series struct {
	name  string
	bench func(*testing.B)
	runs  []testing.BenchmarkResult
	ratio []float64 // to the first series, round by round
}

func (s *series) ns() float64 {
	return median(collect(s.runs, func(r testing.BenchmarkResult) float64 {
		return float64(r.NsPerOp())
	}))
}

func (s *series) cpu() float64 {
	return median(collect(s.runs, cost))
}

// cost returns the CPU time per operation of r, or its wall time where the
// CPU time is unknown.
func cost(r testing.BenchmarkResult) float64 {
	if c, ok := r.Extra[benchcmp.CPUMetric]; ok {
		return c
	}
	return float64(r.T.Nanoseconds()) / float64(r.N)
}

func (s *series) allocs() float64 {
	return median(collect(s.runs, func(r testing.BenchmarkResult) float64 {
		return float64(r.AllocsPerOp())
	}))
}

func (s *series) bytes() float64 {
	return median(collect(s.runs, func(r testing.BenchmarkResult) float64 {
		return float64(r.AllocedBytesPerOp())
	}))
}

// round runs every series but the first once, each paired with a run of
// the first, and records the ratio of each pair.
func round(ss []*series) {
	base := ss[0]
	for _, s := range ss[1:] {
		b := testing.Benchmark(base.bench)
		r := testing.Benchmark(s.bench)
		base.runs = append(base.runs, b)
		base.ratio = append(base.ratio, 1)
		s.runs = append(s.runs, r)
		s.ratio = append(s.ratio, cost(r)/cost(b))
	}
}

func table(title, ratio string, ss []*series) {
	size := ss[0].runs[0].Bytes
	fmt.Printf("%s (%d bytes)\n\n", title, size)
	fmt.Printf("| %-18s | %8s | %9s | %6s | %9s | %-22s |\n", "", "ns/op",
		"cpu-ns/op", "B/op", "allocs/op", ratio+" (min–max)")
	fmt.Printf("|%s|%s:|%s:|%s:|%s:|%s|\n", dashes(20), dashes(9), dashes(10),
		dashes(7), dashes(10), dashes(24))
	for _, s := range ss {
		r := slices.Clone(s.ratio)
		slices.Sort(r)
		fmt.Printf("| %-18s | %8.0f | %9.0f | %6.0f | %9.0f | %-22s |\n", s.name,
			s.ns(), s.cpu(), s.bytes(), s.allocs(),
			fmt.Sprintf("%.2f (%.2f–%.2f)", median(r), r[0], r[len(r)-1]))
	}
	fmt.Println()
}

// targets prints whether the performance targets are met, from
// the median ratios.
func targets(mint, verify []*series, scale []*scaling) {
	m := index(mint)
	v := index(verify)
	check := func(ok bool, format string, args ...any) {
		mark := "met"
		if !ok {
			mark = "MISSED"
		}
		fmt.Printf("- %s: %s\n", mark, fmt.Sprintf(format, args...))
	}
	newR := median(m["twiliotoken_New"].ratio)
	twR := median(m["twiliogo"].ratio) / newR
	minR := median(m["twiliotoken_Minter"].ratio)
	minA := m["twiliotoken_Minter"].allocs()
	fmt.Println("Targets")
	fmt.Println()
	check(newR <= 2, "New…ToJWT is %.2f× the floor (at most 2×)", newR)
	check(twR >= 4, "New…ToJWT is %.1f× faster than twilio-go (at least 4×)", twR)
	check(minR <= 1.3 && minA <= 2,
		"Minter.Mint is %.2f× the floor (at most 1.3×) with %.0f allocs/op (at most 2)",
		minR, minA)
	floorUp, minterUp := median(scale[0].speedup), median(scale[1].speedup)
	check(minterUp >= 0.9*floorUp,
		"Minter.Mint runs %.2f× as fast on %d CPUs as on one; the floor %.2f×",
		minterUp, runtime.GOMAXPROCS(0), floorUp)
	for _, peer := range []string{"twiliogo", "golangjwt"} {
		r := median(v[peer].ratio)
		check(r > 1, "verifying is %.1f× faster than %s", r, peer)
	}
}

func dashes(n int) string { return strings.Repeat("-", n) }

func index(ss []*series) map[string]*series {
	m := make(map[string]*series, len(ss))
	for _, s := range ss {
		m[s.name] = s
	}
	return m
}

func collect[T any](xs []T, f func(T) float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
