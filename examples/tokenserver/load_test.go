package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The load test's size. The defaults are the minimum; the numbers
// in README.md come from a larger run:
//
//	go test ./tokenserver -run 'TestLoad$' -count=1 -v -load.requests=100000
var (
	loadRequests = flag.Int("load.requests", 5000, "requests the load test sends")
	loadClients  = flag.Int("load.clients", 64, "concurrent clients of the load test")
)

// loadCredential is how one simulated client signs in.
type loadCredential struct {
	identity string
	auth     func(*http.Request)
}

type loadResult struct {
	cred    int
	latency time.Duration
	body    tokenBody
}

// TestLoad sends many requests from concurrent clients to the real server
// over loopback. Every request must succeed, and every token returned must
// verify, with go-jose, under the configured secret and for the user who
// asked. It logs the throughput and latency; the tokens are verified after
// the clock stops, so that the numbers are the server's.
func TestLoad(t *testing.T) {
	n, clients := *loadRequests, *loadClients
	if n < clients || clients < 1 {
		t.Fatalf("-load.requests=%d, -load.clients=%d: need requests ≥ clients ≥ 1", n, clients)
	}
	ts := startServer(t, testEnv(), nil)
	creds := []loadCredential{
		{"alice", basic("alice", testUsers["alice"])},
		{"bob", basic("bob", testUsers["bob"])},
		{"dave", bearer(testBearer["dave"])},
	}
	client := newClient(clients)
	results := make([]loadResult, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, clients)

	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				res, err := loadRequest(client, ts.url, creds, i)
				if err != nil {
					errs <- fmt.Errorf("request %d: %w", i, err)
					return
				}
				results[i] = res
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		return
	}

	lat := make([]time.Duration, n)
	for i, r := range results {
		lat[i] = r.latency
	}
	slices.Sort(lat)
	t.Logf("%d requests, %d clients: %.0f requests/s, p50 %v, p99 %v, max %v",
		n, clients, float64(n)/elapsed.Seconds(), lat[n/2].Round(time.Microsecond),
		lat[n*99/100].Round(time.Microsecond), lat[n-1].Round(time.Microsecond))

	jtis := make(map[string]bool, n)
	for i, r := range results {
		c, err := verifyToken(r.body, testAPISecret, creds[r.cred].identity)
		if err != nil {
			t.Fatalf("token %d: %v", i, err)
		}
		checkGrants(t, c)
		jtis[c.ID] = true
	}
	if len(jtis) != n {
		t.Errorf("%d distinct token IDs for %d tokens", len(jtis), n)
	}
}

// loadRequest sends request i as one of creds and checks its answer.
func loadRequest(client *http.Client, url string, creds []loadCredential, i int) (
	loadResult, error) {
	res := loadResult{cred: i % len(creds)}
	req, err := http.NewRequest("POST", url+"/token", nil)
	if err != nil {
		return res, err
	}
	creds[res.cred].auth(req)
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return res, err
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	res.latency = time.Since(start)
	if err != nil {
		return res, err
	}
	if resp.StatusCode != http.StatusOK {
		return res, fmt.Errorf("status %d: %s", resp.StatusCode, raw)
	}
	return res, json.Unmarshal(raw, &res.body)
}
