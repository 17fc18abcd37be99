package accesstoken_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/twiliotoken/twiliotoken/accesstoken"
	"github.com/twiliotoken/twiliotoken/grants"
)

// The benchmarks mint with fake credentials and a fixed clock, so that
// every iteration produces the same token and b.SetBytes(len(token)) makes
// the cost per byte of token comparable between token sizes.
const (
	benchAccount = "AC0123456789abcdef0123456789abcdef"
	benchKey     = "SKfedcba9876543210fedcba9876543210"
	benchSecret  = "abcdefghijklmnopqrstuvwxyz012345"
)

var benchIssued = time.Unix(1700000000, 0)

func benchClock() time.Time { return benchIssued }

// benchVoice is the grant of a typical Voice token: incoming calls and a
// TwiML application for outgoing ones.
var benchVoice = grants.Voice{
	IncomingAllow:          true,
	OutgoingApplicationSID: "AP00112233445566778899aabbccddeeff",
}

// benchAllGrants are the grants of the "all-grants-region" vector in
// testdata/twilio-node-6.2.0.json: one of every kind.
var benchAllGrants = []grants.Grant{
	grants.Voice{
		IncomingAllow:             true,
		OutgoingApplicationSID:    "AP00112233445566778899aabbccddeeff",
		OutgoingApplicationParams: map[string]any{"foo": "bar", "n": 1},
		PushCredentialSID:         "CR00112233445566778899aabbccddeeff",
		EndpointID:                "alice-device-1",
	},
	grants.Video{Room: "DailyStandup"},
	grants.Chat{
		ServiceSID:        "IS00112233445566778899aabbccddeeff",
		EndpointID:        "alice-chat-endpoint",
		DeploymentRoleSID: "RL00112233445566778899aabbccddeeff",
		PushCredentialSID: "CR00112233445566778899aabbccddeeff",
	},
	grants.Sync{
		ServiceSID: "IS11112233445566778899aabbccddeeff",
		EndpointID: "alice-sync-endpoint",
	},
	grants.TaskRouter{
		WorkspaceSID: "WS00112233445566778899aabbccddeeff",
		WorkerSID:    "WK00112233445566778899aabbccddeeff",
		Role:         "worker",
	},
	grants.Playback{Grant: json.RawMessage(`{"requestCredentials":null,` +
		`"playbackUrl":"https://000.us-east-1.playback.live-video.net/api/` +
		`video/v1/us-east-000.channel.000?token=xxxxx",` +
		`"playerStreamerSid":"VJ00112233445566778899aabbccddeeff"}`)},
}

func benchAllGrantsOptions() []accesstoken.Option {
	return []accesstoken.Option{
		accesstoken.WithClock(benchClock),
		accesstoken.WithIdentity("alice@example.com"),
		accesstoken.WithTTL(2 * time.Hour),
		accesstoken.WithNotBefore(time.Unix(1699999990, 0)),
		accesstoken.WithRegion("ie1"),
	}
}

// benchMintVoice mints the benchmarks' Voice token the way most callers do.
func benchMintVoice() (string, error) {
	return accesstoken.New(benchAccount, benchKey, benchSecret,
		accesstoken.WithClock(benchClock),
		accesstoken.WithIdentity("alice"),
	).AddGrant(benchVoice).ToJWT()
}

func benchMintAllGrants() (string, error) {
	t := accesstoken.New(benchAccount, benchKey, benchSecret, benchAllGrantsOptions()...)
	for _, g := range benchAllGrants {
		t.AddGrant(g)
	}
	return t.ToJWT()
}

func newBenchMinter(b *testing.B) *accesstoken.Minter {
	b.Helper()
	m, err := accesstoken.NewMinter(benchAccount, benchKey, benchSecret,
		accesstoken.WithClock(benchClock))
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// benchNodeToken returns the token Twilio's Node helper minted for the named
// vector, so that a benchmark fails rather than measures a wrong token.
func benchNodeToken(b *testing.B, name string) string {
	b.Helper()
	data, err := os.ReadFile("../testdata/twilio-node-6.2.0.json")
	if err != nil {
		b.Fatal(err)
	}
	var vectors []struct{ Name, Token string }
	if err := json.Unmarshal(data, &vectors); err != nil {
		b.Fatal(err)
	}
	for _, v := range vectors {
		if v.Name == name {
			return v.Token
		}
	}
	b.Fatalf("no vector %q", name)
	return ""
}

// benchMint runs mint b.N times and reports the token's length as the
// bytes processed per operation.
func benchMint(b *testing.B, want string, mint func() (string, error)) {
	tok, err := mint()
	if err != nil {
		b.Fatal(err)
	}
	if want != "" && tok != want {
		b.Fatalf("minted\n%s\nwant\n%s", tok, want)
	}
	b.SetBytes(int64(len(tok)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := mint(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMintVoice mints a Voice token through New, AddGrant and ToJWT,
// checking the credentials and creating the HMAC on every call.
func BenchmarkMintVoice(b *testing.B) {
	benchMint(b, "", benchMintVoice)
}

// BenchmarkMintAllGrants mints the "all-grants-region" Node vector (1654
// bytes, one grant of every kind); its ns per byte should stay close to
// BenchmarkMintVoice's.
func BenchmarkMintAllGrants(b *testing.B) {
	benchMint(b, benchNodeToken(b, "all-grants-region"), benchMintAllGrants)
}

// BenchmarkMinterMint mints the Voice token through a Minter, the path for
// servers: credentials checked once, HMAC state and buffers reused.
func BenchmarkMinterMint(b *testing.B) {
	m := newBenchMinter(b)
	want, err := benchMintVoice()
	if err != nil {
		b.Fatal(err)
	}
	benchMint(b, want, func() (string, error) {
		return m.Mint("alice", benchVoice)
	})
}

// BenchmarkMinterMintAllGrants mints the all-grants token through a
// Minter.
func BenchmarkMinterMintAllGrants(b *testing.B) {
	m, err := accesstoken.NewMinter(benchAccount, benchKey, benchSecret,
		benchAllGrantsOptions()...)
	if err != nil {
		b.Fatal(err)
	}
	benchMint(b, benchNodeToken(b, "all-grants-region"), func() (string, error) {
		return m.Mint("alice@example.com", benchAllGrants...)
	})
}

// BenchmarkMinterMintParallel mints the Voice token from one Minter on
// every core at once; ns/op falls with the number of cores when nothing
// is contended.
func BenchmarkMinterMintParallel(b *testing.B) {
	m := newBenchMinter(b)
	tok, err := m.Mint("alice", benchVoice)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(tok)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := m.Mint("alice", benchVoice); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkParse verifies the Voice token and decodes its claims. The
// token has the canonical header, so it takes the fast path.
func BenchmarkParse(b *testing.B) {
	tok, err := benchMintVoice()
	if err != nil {
		b.Fatal(err)
	}
	v := accesstoken.Verifier{Clock: benchClock}
	benchParse(b, tok, func() error {
		_, err := v.Parse(tok, benchSecret)
		return err
	})
}

// BenchmarkParseAllGrants verifies and decodes the all-grants token,
// whose twr header also takes the fast path.
func BenchmarkParseAllGrants(b *testing.B) {
	tok := benchNodeToken(b, "all-grants-region")
	v := accesstoken.Verifier{Clock: benchClock}
	benchParse(b, tok, func() error {
		_, err := v.Parse(tok, benchSecret)
		return err
	})
}

// BenchmarkParseJOSE verifies the Voice token re-encoded with its header
// fields in another order, which only go-jose accepts.
func BenchmarkParseJOSE(b *testing.B) {
	tok := benchReorderedToken(b)
	v := accesstoken.Verifier{Clock: benchClock}
	benchParse(b, tok, func() error {
		_, err := v.Parse(tok, benchSecret)
		return err
	})
}

// BenchmarkDiagnose diagnoses the Voice token with every expectation
// given, as a support tool would.
func BenchmarkDiagnose(b *testing.B) {
	tok, err := benchMintVoice()
	if err != nil {
		b.Fatal(err)
	}
	v := accesstoken.Verifier{Clock: benchClock}
	want := accesstoken.Expect{
		APISecret: benchSecret, AccountSID: benchAccount, APIKeySID: benchKey,
	}
	if d := v.Diagnose(tok, want); !d.OK() || !d.Verified {
		b.Fatalf("diagnosis of a good token: %+v", d.Findings)
	}
	b.SetBytes(int64(len(tok)))
	b.ReportAllocs()
	for b.Loop() {
		v.Diagnose(tok, want)
	}
}

func benchParse(b *testing.B, tok string, parse func() error) {
	if err := parse(); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(tok)))
	b.ReportAllocs()
	for b.Loop() {
		if err := parse(); err != nil {
			b.Fatal(err)
		}
	}
}

// benchReorderedToken returns the Voice token with its header written in
// another field order and signed again: a valid token that the fast path
// leaves to go-jose.
func benchReorderedToken(b *testing.B) string {
	b.Helper()
	tok, err := benchMintVoice()
	if err != nil {
		b.Fatal(err)
	}
	enc := base64.RawURLEncoding
	head := enc.EncodeToString([]byte(
		`{"typ":"JWT","alg":"HS256","cty":"` + accesstoken.ContentType + `"}`))
	input := head + tok[strings.IndexByte(tok, '.'):strings.LastIndexByte(tok, '.')]
	mac := hmac.New(sha256.New, []byte(benchSecret))
	mac.Write([]byte(input))
	return input + "." + enc.EncodeToString(mac.Sum(nil))
}
