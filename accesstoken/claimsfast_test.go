package accesstoken

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/twiliotoken/twiliotoken/grants"
)

// cfPayloads returns the payloads of tokens minted here with every grant
// the canonical decoder reads, alone and together: payloads it must decode
// itself.
func cfPayloads(tb testing.TB) []string {
	tb.Helper()
	const (
		account = "AC0123456789abcdef0123456789abcdef"
		key     = "SKfedcba9876543210fedcba9876543210"
		secret  = "abcdefghijklmnopqrstuvwxyz012345"
	)
	clock := func() time.Time { return time.Unix(1700000000, 0) }
	flat := []grants.Grant{
		grants.Voice{
			IncomingAllow: true, OutgoingApplicationSID: "AP00112233445566778899aabbccddeeff",
			PushCredentialSID: "CR00112233445566778899aabbccddeeff", EndpointID: "e1",
		},
		grants.Video{Room: "standup"},
		grants.Chat{ServiceSID: "IS00112233445566778899aabbccddeeff", EndpointID: "c",
			DeploymentRoleSID: "RL1", PushCredentialSID: "CR2"},
		grants.Sync{ServiceSID: "IS11112233445566778899aabbccddeeff"},
		grants.TaskRouter{WorkspaceSID: "WS1", WorkerSID: "WK1", Role: "worker"},
	}
	var out []string
	add := func(opts []Option, gs ...grants.Grant) {
		t := New(account, key, secret, append([]Option{WithClock(clock)}, opts...)...)
		for _, g := range gs {
			t.AddGrant(g)
		}
		tok, err := t.ToJWT()
		if err != nil {
			tb.Fatal(err)
		}
		p, err := b64.DecodeString(strings.Split(tok, ".")[1])
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, string(p))
	}
	add([]Option{WithIdentity("alice")})
	add(nil, grants.TaskRouter{})
	for _, g := range flat {
		add([]Option{WithIdentity("alice@example.com")}, g)
	}
	add([]Option{WithIdentity("bob_1"), WithNotBefore(time.Unix(1699999990, 0)),
		WithTTL(24 * time.Hour), WithUniqueJTI()}, flat...)
	add([]Option{WithIdentity("carol")}, grants.Voice{}, grants.Video{}, grants.Chat{})
	return out
}

// TestCanonicalClaimsDecodedWithoutJSON checks that the payloads this
// module writes take the canonical decoder, and that it decodes them as
// encoding/json does.
func TestCanonicalClaimsDecodedWithoutJSON(t *testing.T) {
	for _, p := range cfPayloads(t) {
		got, ok := decodeCanonical([]byte(p), "ie1")
		if !ok {
			t.Errorf("not decoded as canonical: %s", p)
			continue
		}
		want, err := decodeClaimsJSON([]byte(p), "ie1")
		if err != nil {
			t.Fatalf("encoding/json: %v: %s", err, p)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: mismatch (-want +got):\n%s", p, diff)
		}
	}
}

// TestCanonicalClaimsDeclined lists payloads the canonical decoder must
// leave to encoding/json, each for the reason given.
func TestCanonicalClaimsDeclined(t *testing.T) {
	const ok = `{"jti":"x","grants":{},"iat":1700000000,"exp":1700003600,` +
		`"iss":"SKfedcba9876543210fedcba9876543210","sub":"AC0123456789abcdef0123456789abcdef"}`
	if _, decoded := decodeCanonical([]byte(ok), ""); !decoded {
		t.Fatal("the base payload is not canonical")
	}
	for _, tc := range []struct{ reason, old, new string }{
		{"space between tokens", `"jti":"x"`, `"jti": "x"`},
		{"escape in a string", `"jti":"x"`, `"jti":"\u0078"`},
		{"non-ASCII in a string", `"jti":"x"`, `"jti":"é"`},
		{"key in another case", `"exp"`, `"EXP"`},
		{"unknown claim", `"jti":"x"`, `"jti":"x","aud":"y"`},
		{"duplicate claim", `"jti":"x"`, `"jti":"x","jti":"y"`},
		{"missing exp", `"exp":1700003600,`, ``},
		{"fractional time", `1700003600`, `1700003600.5`},
		{"exponent in a time", `1700003600`, `17000036e2`},
		{"leading zero in a time", `1700003600`, `01700003600`},
		{"negative time", `1700000000`, `-1700000000`},
		{"time as a string", `1700003600`, `"1700003600"`},
		{"time of 19 digits", `1700003600`, `1000000000000000000`},
		{"null time", `1700003600`, `null`},
		{"iss not an API key SID", `"SKf`, `"SXf`},
		{"trailing data", `"}`, `"} `},
		{"grant with params", `{}`, `{"voice":{"outgoing":{"application_sid":"AP1","params":{}}}}`},
		{"playback grant", `{}`, `{"player":{}}`},
		{"unknown grant", `{}`, `{"foo":{}}`},
		{"grant twice", `{}`, `{"video":{},"video":{}}`},
		{"identity twice", `{}`, `{"identity":"a","identity":"b"}`},
		{"identity not a string", `{}`, `{"identity":1}`},
		{"unknown member of a grant", `{}`, `{"video":{"room":"r","x":"y"}}`},
		{"member of a grant twice", `{}`, `{"video":{"room":"r","room":"s"}}`},
		{"allow twice", `{}`, `{"voice":{"incoming":{"allow":true,"allow":false}}}`},
		{"allow not a boolean", `{}`, `{"voice":{"incoming":{"allow":1}}}`},
		{"grant not an object", `{}`, `{"video":"r"}`},
	} {
		p := strings.Replace(ok, tc.old, tc.new, 1)
		if p == ok {
			t.Fatalf("%s: the edit changes nothing", tc.reason)
		}
		if _, decoded := decodeCanonical([]byte(p), ""); decoded {
			t.Errorf("%s: decoded as canonical: %s", tc.reason, p)
		}
	}
}

// FuzzCanonicalClaimsAgree checks that whatever payload the canonical
// decoder accepts, encoding/json accepts too and decodes to the same
// claims.
func FuzzCanonicalClaimsAgree(f *testing.F) {
	for _, p := range cfPayloads(f) {
		f.Add(p)
	}
	f.Add(`{"jti":"x","grants":{"voice":{"incoming":{},"outgoing":{}}},"iat":1,"exp":2,` +
		`"iss":"SKfedcba9876543210fedcba9876543210","sub":"AC0123456789abcdef0123456789abcdef"}`)
	f.Fuzz(func(t *testing.T, p string) {
		got, ok := decodeCanonical([]byte(p), "")
		if !ok {
			return
		}
		if !json.Valid([]byte(p)) {
			t.Fatalf("decoded invalid JSON: %q", p)
		}
		want, err := decodeClaimsJSON([]byte(p), "")
		if err != nil {
			t.Fatalf("encoding/json refuses what the canonical decoder accepts: %v: %q", err, p)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%q: mismatch (-json +canonical):\n%s", p, diff)
		}
	})
}
