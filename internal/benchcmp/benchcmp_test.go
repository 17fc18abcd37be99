package benchcmp

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestCrossVerify checks that every minter's token verifies under every
// verifier, each at the token's own issue time, and that all of them read
// the same identity and grants; and that the payloads, decoded as plain
// JSON, carry the same grants claim, issuer and subject.
func TestCrossVerify(t *testing.T) {
	minters, err := Minters()
	if err != nil {
		t.Fatal(err)
	}
	floor, err := minters[0].Mint()
	if err != nil {
		t.Fatal(err)
	}
	wantPayload, err := Payload(floor)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range minters {
		t.Run(m.Name, func(t *testing.T) {
			tok, err := m.Mint()
			if err != nil {
				t.Fatal(err)
			}
			comparePayloads(t, wantPayload, tok)
			at, err := IssueTime(tok)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range Verifiers(func() time.Time { return at }) {
				got, err := v.Verify(tok)
				if err != nil {
					t.Errorf("%s does not verify the token: %v\n%s", v.Name, err, tok)
					continue
				}
				if diff := cmp.Diff(Want(), got); diff != "" {
					t.Errorf("%s: mismatch (-want +got):\n%s", v.Name, diff)
				}
			}
		})
	}
}

// comparePayloads compares the claims every minter must agree on.
func comparePayloads(t *testing.T, want map[string]any, tok string) {
	t.Helper()
	got, err := Payload(tok)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"grants", "iss", "sub"} {
		if diff := cmp.Diff(want[k], got[k]); diff != "" {
			t.Errorf("claim %s: mismatch (-want +got):\n%s", k, diff)
		}
	}
}

// TestFloorMintsTheLibrarysToken checks that the floor does the same job as
// the library: the very same bytes, from both of its minting paths.
func TestFloorMintsTheLibrarysToken(t *testing.T) {
	minters, err := Minters()
	if err != nil {
		t.Fatal(err)
	}
	toks := map[string]string{}
	for _, m := range minters {
		if toks[m.Name], err = m.Mint(); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"twiliotoken_New", "twiliotoken_Minter"} {
		if diff := cmp.Diff(toks["floor"], toks[name]); diff != "" {
			t.Errorf("%s: mismatch (-floor +%s):\n%s", name, name, diff)
		}
	}
}

// TestVerifiersRejectForgery checks that each verifier refuses the floor's
// token signed with another secret, so that the verify benchmarks measure
// verifiers that verify.
func TestVerifiersRejectForgery(t *testing.T) {
	tok := NewFloor("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345").Mint(IssuedAt.Unix())
	for _, v := range Verifiers(Clock) {
		if _, err := v.Verify(tok); err == nil {
			t.Errorf("%s accepts a token signed with another secret", v.Name)
		}
	}
}

// BenchmarkMint mints the Voice token with every minter; compare each with
// Mint/floor from the same run.
func BenchmarkMint(b *testing.B) {
	minters, err := Minters()
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range minters {
		b.Run(m.Name, func(b *testing.B) { RunMint(b, m) })
	}
}

// BenchmarkMintParallel mints from every core at once; run it with
// -cpu 1,2 (or up to the number of cores) and compare how ns/op falls for
// the Minter and for the floor.
func BenchmarkMintParallel(b *testing.B) {
	minters, err := ParallelMinters()
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range minters {
		b.Run(m.Name, func(b *testing.B) { RunMintParallel(b, m) })
	}
}

// BenchmarkVerify verifies and decodes the floor's Voice token with every
// verifier; compare each with Verify/twiliotoken from the same run.
func BenchmarkVerify(b *testing.B) {
	for _, v := range Verifiers(Clock) {
		b.Run(v.Name, func(b *testing.B) { RunVerify(b, v) })
	}
}
