package accesstoken

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"hash"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/twiliotoken/twiliotoken/grants"
	"github.com/twiliotoken/twiliotoken/validate"
)

// The helpers of parse_test.go, diagnose_test.go and fuzz_test.go start
// with "pt" so that they cannot collide with those of other test files in
// this package.

// Fake credentials. No real account has them.
const (
	ptAccountSID = "AC0123456789abcdef0123456789abcdef"
	ptAPIKeySID  = "SKfedcba9876543210fedcba9876543210"
	ptSecret     = "abcdefghijklmnopqrstuvwxyz012345"
	// ptOtherSecret has the shape of an API key secret but is not ptSecret.
	ptOtherSecret = "ZYXWVUTSRQPONMLKJIHGFEDCBA987654"
)

// ptNow is the time every test runs at; tests never read the wall clock.
var ptNow = time.Unix(1700000000, 0)

// ptHeader is the header of every Twilio Access Token without a region.
const ptHeader = `{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}`

func ptClock(t time.Time) func() time.Time { return func() time.Time { return t } }

// ptSID returns a SID with the given two-letter prefix.
func ptSID(prefix string) string { return prefix + "00112233445566778899aabbccddeeff" }

func ptEncode(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// ptSign signs arbitrary header and payload JSON with HMAC-SHA256 and
// secret, so that a test token carries a valid signature and only the fault
// the test is about.
func ptSign(header, payload, secret string) string {
	return ptSignWith(sha256.New, header, payload, secret)
}

// ptSignWith is ptSign with another hash, for tokens whose alg is HS384 or
// HS512.
func ptSignWith(h func() hash.Hash, header, payload, secret string) string {
	input := ptEncode(header) + "." + ptEncode(payload)
	mac := hmac.New(h, []byte(secret))
	mac.Write([]byte(input))
	return input + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// ptEdit changes a header or a payload before it is encoded.
type ptEdit func(m map[string]any)

func ptSet(key string, v any) ptEdit { return func(m map[string]any) { m[key] = v } }

func ptDel(key string) ptEdit { return func(m map[string]any) { delete(m, key) } }

// ptGrant sets grants[key], or deletes it when v is nil.
func ptGrant(key string, v any) ptEdit {
	return func(m map[string]any) {
		g := m["grants"].(map[string]any)
		if v == nil {
			delete(g, key)
			return
		}
		g[key] = v
	}
}

// ptPayload returns the JSON claims of a valid token issued at ptNow for
// an hour to identity "alice" with a Video grant, after the edits.
func ptPayload(edits ...ptEdit) string {
	m := map[string]any{
		"jti": ptAPIKeySID + "-1700000000",
		"grants": map[string]any{
			"identity": "alice",
			"video":    map[string]any{"room": "standup"},
		},
		"iat": ptNow.Unix(),
		"exp": ptNow.Unix() + 3600,
		"iss": ptAPIKeySID,
		"sub": ptAccountSID,
	}
	return ptJSON(m, edits)
}

// ptHeaderJSON returns the header of a valid token after the edits.
func ptHeaderJSON(edits ...ptEdit) string {
	m := map[string]any{"alg": "HS256", "typ": "JWT", "cty": ContentType}
	return ptJSON(m, edits)
}

func ptJSON(m map[string]any, edits []ptEdit) string {
	for _, e := range edits {
		e(m)
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err) // a bug in the test
	}
	return string(b)
}

// ptToken is a token signed with ptSecret whose payload is ptPayload after
// the edits.
func ptToken(edits ...ptEdit) string {
	return ptSign(ptHeader, ptPayload(edits...), ptSecret)
}

// ptTokenHeader is a token signed with ptSecret with a valid payload and
// the header after the edits.
func ptTokenHeader(edits ...ptEdit) string {
	return ptSign(ptHeaderJSON(edits...), ptPayload(), ptSecret)
}

// ptVector is one token minted by Twilio's Node helper; see
// /work/shared/vectors/README.md.
type ptVector struct {
	Name   string `json:"name"`
	Inputs struct {
		Now    int64  `json:"now"`
		Secret string `json:"secret"`
	} `json:"inputs"`
	Token   string          `json:"token"`
	Header  json.RawMessage `json:"header"`
	Payload json.RawMessage `json:"payload"`
}

func (v ptVector) now() time.Time { return time.Unix(v.Inputs.Now, 0) }

func ptVectors(tb testing.TB) []ptVector {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "twilio-node-6.2.0.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var vs []ptVector
	if err := json.Unmarshal(b, &vs); err != nil {
		tb.Fatal(err)
	}
	if len(vs) == 0 {
		tb.Fatal("no vectors")
	}
	return vs
}

// ptMember is one member of a JSON object, in document order.
type ptMember struct {
	key   string
	value json.RawMessage
}

func ptMembers(tb testing.TB, obj json.RawMessage) []ptMember {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(obj))
	if _, err := dec.Token(); err != nil {
		tb.Fatal(err)
	}
	var ms []ptMember
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			tb.Fatal(err)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			tb.Fatal(err)
		}
		ms = append(ms, ptMember{k.(string), v})
	}
	return ms
}

func ptUnmarshal(tb testing.TB, b []byte, v any) {
	tb.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		tb.Fatalf("%s: %v", b, err)
	}
}

// ptWantClaims builds the Claims a vector's decoded header and payload
// describe, independently of the code under test, with the grants in the
// order the payload lists them.
func ptWantClaims(tb testing.TB, v ptVector) *Claims {
	tb.Helper()
	var h struct {
		Twr string `json:"twr"`
	}
	ptUnmarshal(tb, v.Header, &h)
	var p struct {
		JTI    string          `json:"jti"`
		Iss    string          `json:"iss"`
		Sub    string          `json:"sub"`
		Iat    *int64          `json:"iat"`
		Nbf    *int64          `json:"nbf"`
		Exp    int64           `json:"exp"`
		Grants json.RawMessage `json:"grants"`
	}
	ptUnmarshal(tb, v.Payload, &p)
	c := &Claims{
		ID: p.JTI, APIKeySID: p.Iss, AccountSID: p.Sub,
		Expires: time.Unix(p.Exp, 0), Region: h.Twr,
	}
	if p.Iat != nil {
		c.IssuedAt = time.Unix(*p.Iat, 0)
	}
	if p.Nbf != nil {
		c.NotBefore = time.Unix(*p.Nbf, 0)
	}
	for _, m := range ptMembers(tb, p.Grants) {
		if m.key == "identity" {
			ptUnmarshal(tb, m.value, &c.Identity)
			continue
		}
		c.Grants = append(c.Grants, ptWantGrant(tb, m))
	}
	return c
}

func ptWantGrant(tb testing.TB, m ptMember) grants.Grant {
	tb.Helper()
	if m.key == "player" {
		var b bytes.Buffer
		if err := json.Compact(&b, m.value); err != nil {
			tb.Fatal(err)
		}
		return grants.Playback{Grant: b.Bytes()}
	}
	if m.key == "voice" {
		var w struct {
			Incoming *struct {
				Allow bool `json:"allow"`
			} `json:"incoming"`
			Outgoing *struct {
				ApplicationSID string         `json:"application_sid"`
				Params         map[string]any `json:"params"`
			} `json:"outgoing"`
			PushCredentialSID string `json:"push_credential_sid"`
			EndpointID        string `json:"endpoint_id"`
		}
		ptUnmarshal(tb, m.value, &w)
		g := grants.Voice{PushCredentialSID: w.PushCredentialSID, EndpointID: w.EndpointID}
		if w.Incoming != nil {
			g.IncomingAllow = w.Incoming.Allow
		}
		if w.Outgoing != nil {
			g.OutgoingApplicationSID = w.Outgoing.ApplicationSID
			g.OutgoingApplicationParams = w.Outgoing.Params
		}
		return g
	}
	var f map[string]string
	ptUnmarshal(tb, m.value, &f)
	switch m.key {
	case "video":
		return grants.Video{Room: f["room"]}
	case "chat":
		return grants.Chat{
			ServiceSID: f["service_sid"], EndpointID: f["endpoint_id"],
			DeploymentRoleSID: f["deployment_role_sid"],
			PushCredentialSID: f["push_credential_sid"],
		}
	case "data_sync":
		return grants.Sync{ServiceSID: f["service_sid"], EndpointID: f["endpoint_id"]}
	case "task_router":
		return grants.TaskRouter{
			WorkspaceSID: f["workspace_sid"], WorkerSID: f["worker_sid"], Role: f["role"],
		}
	}
	tb.Fatalf("vector has grant %q, which the test does not know", m.key)
	return nil
}

func TestParseNodeVectors(t *testing.T) {
	for _, v := range ptVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			got, err := Verifier{Clock: ptClock(v.now())}.Parse(v.Token, v.Inputs.Secret)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(ptWantClaims(t, v), got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseUnverifiedNodeVectors(t *testing.T) {
	for _, v := range ptVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			// Years after expiry, and with no secret: nothing is checked.
			got, err := ParseUnverified(v.Token)
			if err != nil {
				t.Fatalf("ParseUnverified: %v", err)
			}
			if diff := cmp.Diff(ptWantClaims(t, v), got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseUnverified(t *testing.T) {
	tests := []struct {
		name   string
		token  string
		want   validate.Code // 0: decodes
		reason string
	}{
		{
			name:   "signed with another secret",
			token:  ptSign(ptHeader, ptPayload(), ptOtherSecret),
			reason: "the signature is not checked",
		},
		{
			name:   "expired",
			token:  ptToken(ptSet("exp", ptNow.Unix()-3600), ptSet("iat", ptNow.Unix()-7200)),
			reason: "times are not checked",
		},
		{
			name:  "no signature at all",
			token: ptEncode(ptHeader) + "." + ptEncode(ptPayload()) + ".",
		},
		{
			name:   "alg none",
			token:  ptEncode(ptHeaderJSON(ptSet("alg", "none"))) + "." + ptEncode(ptPayload()) + ".",
			want:   validate.CodeInvalidHeader,
			reason: "the header is checked even when the signature is not",
		},
		{name: "two parts", token: ptEncode(ptHeader) + "." + ptEncode(ptPayload()),
			want: validate.CodeInvalidToken},
		{name: "bad base64 payload", token: ptEncode(ptHeader) + ".e30!.",
			want: validate.CodeInvalidToken},
		{name: "iss not a SID", token: ptToken(ptSet("iss", "alice")),
			want: validate.CodeInvalidIssuerSubject},
		{name: "grants not an object", token: ptToken(ptSet("grants", "voice")),
			want: validate.CodeInvalidGrants},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseUnverified(tc.token)
			if tc.want != 0 {
				ptCheckParseError(t, got, err, tc.want, "")
				return
			}
			if err != nil {
				t.Fatalf("ParseUnverified: %v (%s)", err, tc.reason)
			}
			if got.Identity != "alice" || got.APIKeySID != ptAPIKeySID {
				t.Errorf("ParseUnverified = %+v, want the claims of ptPayload", got)
			}
		})
	}
}

// ptCheckParseError checks that err is a *ParseError with code want and
// that its text does not show secret. TestParseReturnsNoClaimsOnError
// checks the claims that come with an error.
func ptCheckParseError(t *testing.T, c *Claims, err error, want validate.Code, secret string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v; claims %+v", want, c)
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	if pe.Code != want {
		t.Errorf("Code = %v, want %v; error: %v", pe.Code, want, err)
	}
	if !errors.Is(err, want) {
		t.Errorf("errors.Is(err, %v) = false; error: %v", want, err)
	}
	if s := strings.TrimSpace(secret); len(s) >= 8 && strings.Contains(err.Error(), s) {
		t.Errorf("error text shows the secret: %v", err)
	}
}

type ptParseCase struct {
	name   string
	token  string
	secret string // "" with noSecret false: ptSecret
	// noSecret passes an empty secret.
	noSecret bool
	now      time.Time // zero: ptNow
	leeway   time.Duration
	want     validate.Code // 0: Parse succeeds
	reason   string
}

func (tc ptParseCase) key() string {
	switch {
	case tc.noSecret:
		return ""
	case tc.secret == "":
		return ptSecret
	}
	return tc.secret
}

func (tc ptParseCase) verifier() Verifier {
	now := tc.now
	if now.IsZero() {
		now = ptNow
	}
	return Verifier{Clock: ptClock(now), Leeway: tc.leeway}
}

// ptParseFailures lists tokens and secrets Parse must refuse, each with the
// Twilio code the error must carry.
func ptParseFailures() []ptParseCase {
	payload := ptPayload()
	enc := ptEncode(ptHeader) + "." + ptEncode(payload)
	valid := ptToken()
	hour := ptNow.Unix() + 3600
	padded := payload // a payload whose base64 needs padding
	for len(padded)%3 == 0 {
		padded += " "
	}
	// exp has passed, and an EXP member after it says otherwise.
	twoExps := strings.TrimSuffix(ptPayload(ptSet("exp", ptNow.Unix()-1),
		ptSet("iat", ptNow.Unix()-60)), "}") + `,"EXP":` + strconv.FormatInt(hour, 10) + "}"
	const (
		invalidToken = validate.CodeInvalidToken
		header       = validate.CodeInvalidHeader
		issSub       = validate.CodeInvalidIssuerSubject
		expired      = validate.CodeExpired
		notYet       = validate.CodeNotYetValid
		grantsCode   = validate.CodeInvalidGrants
		signature    = validate.CodeInvalidSignature
		ttl          = validate.CodeTTLExceedsMaximum
	)
	return []ptParseCase{
		// Secrets.
		{
			name: "empty secret", token: valid, noSecret: true,
			want:   signature,
			reason: "an empty secret is an error, never a reason to skip verification",
		},
		{name: "wrong secret", token: valid, secret: ptOtherSecret, want: signature},
		{
			name: "secret with a trailing newline", token: valid, secret: ptSecret + "\n",
			want: signature,
		},
		{
			name: "secret shorter than 32 bytes", token: ptSign(ptHeader, payload, "short-secret"),
			secret: "short-secret", want: signature,
			reason: "RFC 7518 requires an HS256 key of at least 32 bytes; a token " +
				"signed with a shorter one is refused even with the right key",
		},
		{
			name: "signature of another payload", want: signature,
			token: enc + "." + strings.Split(ptToken(ptSet("sub", ptSID("AC"))), ".")[2],
		},
		{
			name: "signature of another region", want: signature,
			token: ptEncode(ptHeaderJSON(ptSet("twr", "ie1"))) + "." + ptEncode(payload) +
				"." + strings.Split(valid, ".")[2],
			reason: "the header is signed too",
		},
		{name: "empty signature", token: enc + ".", want: signature},

		// Times.
		{name: "expired", token: valid, now: time.Unix(hour+1, 0), want: expired},
		{
			name: "expired beyond the leeway", token: valid, now: time.Unix(hour+61, 0),
			leeway: time.Minute, want: expired,
		},
		{
			name: "not yet valid", token: ptToken(ptSet("nbf", ptNow.Unix()+60)),
			want: notYet,
		},
		{
			name: "not yet valid beyond the leeway", token: ptToken(ptSet("nbf", ptNow.Unix()+61)),
			leeway: time.Minute, want: notYet,
		},
		{name: "no exp", token: ptToken(ptDel("exp")), want: expired},
		{name: "exp null", token: ptToken(ptSet("exp", nil)), want: expired},
		{
			name:  "lifetime over 24 hours",
			token: ptToken(ptSet("exp", ptNow.Unix()+86401)), want: ttl,
		},
		{
			name: "lifetime over 24 hours counted from nbf",
			token: ptToken(ptDel("iat"), ptSet("nbf", ptNow.Unix()-10),
				ptSet("exp", ptNow.Unix()+86391)),
			want: ttl,
		},
		{
			name:  "exp in milliseconds",
			token: ptToken(ptSet("exp", hour*1000)), want: ttl,
			reason: "a TTL given in milliseconds makes the lifetime absurdly long",
		},
		{
			name:  "fractional exp",
			token: ptToken(ptSet("exp", json.Number(strconv.FormatInt(hour, 10)+".5"))),
			want:  invalidToken,
			reason: "times must be whole seconds; the implementation reports a " +
				"non-integer time as a malformed token, in Parse and Diagnose alike",
		},
		{
			name:  "exp in exponent notation",
			token: ptToken(ptSet("exp", json.Number("1.7000036e9"))), want: invalidToken,
		},
		{
			name:  "iat as a string",
			token: ptToken(ptSet("iat", strconv.FormatInt(ptNow.Unix(), 10))),
			want:  invalidToken,
		},
		{
			name:  "nbf as a string",
			token: ptToken(ptSet("nbf", strconv.FormatInt(ptNow.Unix(), 10))),
			want:  invalidToken,
		},

		// Header.
		{
			name:  "alg none, unsigned",
			token: ptEncode(ptHeaderJSON(ptSet("alg", "none"))) + "." + ptEncode(payload) + ".",
			want:  header,
		},
		{
			name:  "alg none, signed",
			token: ptTokenHeader(ptSet("alg", "none")), want: header,
		},
		{
			name:  "alg HS384",
			token: ptSignWith(sha512.New384, ptHeaderJSON(ptSet("alg", "HS384")), payload, ptSecret),
			want:  header,
		},
		{
			name:  "alg HS512",
			token: ptSignWith(sha512.New, ptHeaderJSON(ptSet("alg", "HS512")), payload, ptSecret),
			want:  header,
		},
		{
			name:  "alg RS256",
			token: ptTokenHeader(ptSet("alg", "RS256")), want: header,
		},
		{name: "alg missing", token: ptTokenHeader(ptDel("alg")), want: header},
		{name: "alg hs256", token: ptTokenHeader(ptSet("alg", "hs256")), want: header},
		{name: "cty missing", token: ptTokenHeader(ptDel("cty")), want: header},
		{
			name: "cty wrong version", token: ptTokenHeader(ptSet("cty", "twilio-fpa;v=2")),
			want: header,
		},
		{name: "typ missing", token: ptTokenHeader(ptDel("typ")), want: header},
		{name: "typ JWS", token: ptTokenHeader(ptSet("typ", "JWS")), want: header},
		{name: "typ not a string", token: ptTokenHeader(ptSet("typ", 1)), want: header},
		{name: "extra field kid", token: ptTokenHeader(ptSet("kid", "k1")), want: header},
		{
			name:  "extra field crit",
			token: ptTokenHeader(ptSet("crit", []string{"exp"}), ptSet("exp", 1)),
			want:  header,
			reason: "the signature is valid: the fault is a header field Twilio does " +
				"not accept, not the signature",
		},
		{
			name:  "extra field jwk",
			token: ptTokenHeader(ptSet("jwk", map[string]any{"kty": "oct", "k": "AAAA"})),
			want:  header,
		},
		{name: "twr empty", token: ptTokenHeader(ptSet("twr", "")), want: header},
		{name: "twr null", token: ptTokenHeader(ptSet("twr", nil)), want: header},
		{name: "twr a number", token: ptTokenHeader(ptSet("twr", 1)), want: header},

		// Issuer and subject.
		{name: "iss not a SID", token: ptToken(ptSet("iss", "my-key")), want: issSub},
		{
			name: "iss a placeholder", token: ptToken(ptSet("iss", "SK"+strings.Repeat("x", 32))),
			want: issSub,
		},
		{name: "iss missing", token: ptToken(ptDel("iss")), want: issSub},
		{
			name: "sub not a SID", token: ptToken(ptSet("sub", ptAccountSID[:33])),
			want: issSub,
		},
		{
			name:  "iss and sub swapped",
			token: ptToken(ptSet("iss", ptAccountSID), ptSet("sub", ptAPIKeySID)),
			want:  issSub,
		},
		{
			name:   "iss an Account SID",
			token:  ptToken(ptSet("iss", ptSID("AC"))),
			want:   issSub,
			reason: "signed with the Account SID and Auth Token instead of an API key",
		},

		// Grants.
		{name: "grants a string", token: ptToken(ptSet("grants", "video")), want: grantsCode},
		{name: "grants an array", token: ptToken(ptSet("grants", []string{})), want: grantsCode},
		{name: "grants missing", token: ptToken(ptDel("grants")), want: grantsCode},
		{name: "grants null", token: ptToken(ptSet("grants", nil)), want: grantsCode},
		{
			name: "identity not a string", token: ptToken(ptGrant("identity", 42)),
			want: grantsCode,
		},
		{
			name: "voice grant a string", token: ptToken(ptGrant("voice", "on")),
			want: grantsCode,
		},
		{
			name: "voice incoming.allow a string",
			token: ptToken(ptGrant("voice", map[string]any{
				"incoming": map[string]any{"allow": "yes"},
			})),
			want: grantsCode,
		},

		// Structure.
		{name: "empty token", token: "", want: invalidToken},
		{name: "two parts", token: enc, want: invalidToken},
		{name: "four parts", token: valid + ".", want: invalidToken},
		{name: "one part", token: ptEncode(payload), want: invalidToken},
		{
			name: "bad base64 header", token: "eyJ!" + valid[4:],
			want: invalidToken,
		},
		{
			name: "bad base64 payload", token: ptEncode(ptHeader) + ".e30*." +
				strings.Split(valid, ".")[2],
			want: invalidToken,
		},
		{name: "bad base64 signature", token: enc + ".%%%", want: invalidToken},
		{
			name: "padded base64", token: ptEncode(ptHeader) + "." +
				base64.URLEncoding.EncodeToString([]byte(padded)) + "." +
				strings.Split(ptSign(ptHeader, padded, ptSecret), ".")[2],
			want: invalidToken,
		},
		{name: "header not JSON", token: ptSign("alg=HS256", payload, ptSecret), want: invalidToken},
		{name: "payload not JSON", token: ptSign(ptHeader, "exp=1", ptSecret), want: invalidToken},
		{name: "payload an array", token: ptSign(ptHeader, "[]", ptSecret), want: invalidToken},
		{
			name: "payload null", token: ptSign(ptHeader, "null", ptSecret),
			want: invalidToken,
			reason: "a JWT's claims must be a JSON object (RFC 7519 §7.2); Diagnose " +
				"reports it as 20101 too",
		},

		// Claim names are case-sensitive (RFC 7519 §4).
		{
			name:  "EXP instead of exp",
			token: ptToken(ptDel("exp"), ptSet("EXP", ptNow.Unix()+3600)),
			want:  expired,
			reason: "a token without an exp claim is refused; encoding/json matches " +
				"struct fields case-insensitively, Twilio does not",
		},
		{
			name:  "Iss instead of iss",
			token: ptToken(ptDel("iss"), ptSet("Iss", ptAPIKeySID)),
			want:  issSub,
		},
		{
			name:  "EXP after exp",
			token: ptSign(ptHeader, twoExps, ptSecret),
			want:  expired,
			reason: "the token's exp has passed; an EXP member is not its expiry, " +
				"and must not override it",
		},
	}
}

func TestParseFailures(t *testing.T) {
	for _, tc := range ptParseFailures() {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if t.Failed() && tc.reason != "" {
					t.Log("reason:", tc.reason)
				}
			}()
			got, err := tc.verifier().Parse(tc.token, tc.key())
			ptCheckParseError(t, got, err, tc.want, tc.key())
		})
	}
}

// TestParseReturnsNoClaimsOnError pins down the project's rule that a
// function returns the zero value with an error: claims that come with an
// error, such as those of an expired token, are one nil check away from
// being trusted.
func TestParseReturnsNoClaimsOnError(t *testing.T) {
	var leaked []string
	for _, tc := range ptParseFailures() {
		c, err := tc.verifier().Parse(tc.token, tc.key())
		if err != nil && c != nil {
			leaked = append(leaked, tc.name)
		}
	}
	if len(leaked) > 0 {
		t.Errorf("Parse returned claims together with an error for: %s",
			strings.Join(leaked, "; "))
	}
}

func TestParseTimes(t *testing.T) {
	iat, exp := ptNow.Unix(), ptNow.Unix()+3600
	tests := []struct {
		name   string
		token  string
		now    int64
		leeway time.Duration
		want   validate.Code // 0: valid
		reason string
	}{
		{name: "at iat", token: ptToken(), now: iat},
		{name: "at exp", token: ptToken(), now: exp, reason: "expired only after exp"},
		{name: "a second after exp", token: ptToken(), now: exp + 1, want: validate.CodeExpired},
		{
			name: "expired within the leeway", token: ptToken(), now: exp + 60,
			leeway: time.Minute,
		},
		{
			name: "expired beyond the leeway", token: ptToken(), now: exp + 61,
			leeway: time.Minute, want: validate.CodeExpired,
		},
		{name: "at nbf", token: ptToken(ptSet("nbf", iat+30)), now: iat + 30},
		{
			name: "before nbf", token: ptToken(ptSet("nbf", iat+30)), now: iat + 29,
			want: validate.CodeNotYetValid,
		},
		{
			name: "before nbf within the leeway", token: ptToken(ptSet("nbf", iat+30)),
			now: iat, leeway: 30 * time.Second,
		},
		{
			name: "before nbf beyond the leeway", token: ptToken(ptSet("nbf", iat+31)),
			now: iat, leeway: 30 * time.Second, want: validate.CodeNotYetValid,
		},
		{
			name: "lifetime of exactly 24 hours", token: ptToken(ptSet("exp", iat+86400)),
			now: iat,
		},
		{
			name: "lifetime 24 hours and a second", token: ptToken(ptSet("exp", iat+86401)),
			now: iat, want: validate.CodeTTLExceedsMaximum,
		},
		{
			name: "no iat or nbf, exp 24 hours ahead", token: ptToken(ptDel("iat"),
				ptSet("exp", iat+86400)), now: iat,
			reason: "without iat or nbf, the lifetime counts from now",
		},
		{
			name: "no iat or nbf, exp over 24 hours ahead", token: ptToken(ptDel("iat"),
				ptSet("exp", iat+86401)), now: iat, want: validate.CodeTTLExceedsMaximum,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := Verifier{Clock: ptClock(time.Unix(tc.now, 0)), Leeway: tc.leeway}
			got, err := v.Parse(tc.token, ptSecret)
			if tc.want != 0 {
				ptCheckParseError(t, got, err, tc.want, ptSecret)
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v (%s)", err, tc.reason)
			}
			if got.Identity != "alice" {
				t.Errorf("Identity = %q, want alice", got.Identity)
			}
		})
	}
}

// ptMintCase is a token minted by this module, and what Parse must give
// back.
type ptMintCase struct {
	name     string
	identity string
	ttl      time.Duration // 0: DefaultTTL
	nbf      time.Time
	region   string
	grants   []grants.Grant
}

func (mc ptMintCase) options() []Option {
	opts := []Option{WithIdentity(mc.identity), WithClock(ptClock(ptNow))}
	if mc.ttl != 0 {
		opts = append(opts, WithTTL(mc.ttl))
	}
	if !mc.nbf.IsZero() {
		opts = append(opts, WithNotBefore(mc.nbf))
	}
	if mc.region != "" {
		opts = append(opts, WithRegion(mc.region))
	}
	return opts
}

func (mc ptMintCase) mint(tb testing.TB) string {
	tb.Helper()
	tok := New(ptAccountSID, ptAPIKeySID, ptSecret, mc.options()...)
	for _, g := range mc.grants {
		tok.AddGrant(g)
	}
	jwt, err := tok.ToJWT()
	if err != nil {
		tb.Fatalf("ToJWT: %v", err)
	}
	return jwt
}

func (mc ptMintCase) claims() *Claims {
	ttl := mc.ttl
	if ttl == 0 {
		ttl = DefaultTTL
	}
	c := &Claims{
		ID:         ptAPIKeySID + "-" + strconv.FormatInt(ptNow.Unix(), 10),
		APIKeySID:  ptAPIKeySID,
		AccountSID: ptAccountSID,
		Identity:   mc.identity,
		IssuedAt:   ptNow,
		Expires:    ptNow.Add(ttl),
		Region:     mc.region,
		Grants:     mc.grants,
	}
	if !mc.nbf.IsZero() {
		c.NotBefore = time.Unix(mc.nbf.Unix(), 0)
	}
	return c
}

func ptEveryGrant() []grants.Grant {
	return []grants.Grant{
		grants.Voice{
			IncomingAllow:          true,
			OutgoingApplicationSID: ptSID("AP"),
			// Strings only: numbers come back as float64.
			OutgoingApplicationParams: map[string]any{"to": "+15551234567", "mode": "<test & go>"},
			PushCredentialSID:         ptSID("CR"),
			EndpointID:                "alice-device-1",
		},
		grants.Video{Room: "DailyStandup"},
		grants.Chat{
			ServiceSID: ptSID("IS"), EndpointID: "alice-chat",
			DeploymentRoleSID: ptSID("RL"), PushCredentialSID: ptSID("CR"),
		},
		grants.Sync{ServiceSID: ptSID("IS"), EndpointID: "alice-sync"},
		grants.TaskRouter{WorkspaceSID: ptSID("WS"), WorkerSID: ptSID("WK"), Role: "worker"},
		grants.Playback{Grant: json.RawMessage(`{"requestCredentials":null,` +
			`"playbackUrl":"https://example.com/v1/c.000?token=x&y=<z>",` +
			`"playerStreamerSid":"` + ptSID("VJ") + `"}`)},
		// Deprecated grants still parse back from tokens that carry them.
		//lint:ignore SA1019 tokens may still carry the legacy grant
		grants.IPMessaging{ServiceSID: ptSID("IS"), EndpointID: "alice-ipm"},
		//lint:ignore SA1019 tokens may still carry the legacy grant
		grants.RTC{ConfigurationProfileSID: ptSID("CP")},
		grants.Raw{Name: "future_product", Value: json.RawMessage(`{"level":[1,"two",null,true]}`)},
	}
}

// ptMintCases lists valid tokens minted by this module.
func ptMintCases() []ptMintCase {
	every := ptEveryGrant()
	cases := []ptMintCase{
		{name: "every grant", identity: "alice", grants: every},
		{name: "every grant in reverse", identity: "alice", grants: []grants.Grant{
			every[8], every[7], every[6], every[5], every[4], every[3], every[2], every[1], every[0],
		}},
		{name: "identity only", identity: "alice"},
		{name: "voice incoming only", identity: "bob_1", grants: []grants.Grant{
			grants.Voice{IncomingAllow: true},
		}},
		{name: "voice outgoing without params", identity: "bob_1", grants: []grants.Grant{
			grants.Voice{OutgoingApplicationSID: ptSID("AP")},
		}},
		{name: "empty voice grant", identity: "bob_1", grants: []grants.Grant{grants.Voice{}}},
		{name: "video any room", identity: "carol", grants: []grants.Grant{grants.Video{}}},
		{name: "chat service only", identity: "dave", grants: []grants.Grant{
			grants.Chat{ServiceSID: ptSID("IS")},
		}},
		{name: "task router without identity", grants: []grants.Grant{
			grants.TaskRouter{WorkspaceSID: ptSID("WS"), WorkerSID: ptSID("WK"), Role: "worker"},
		}},
		{name: "empty playback grant", identity: "erin", grants: []grants.Grant{
			grants.Playback{Grant: json.RawMessage(`{}`)},
		}},
		{name: "raw scalar grant", identity: "erin", grants: []grants.Grant{
			grants.Raw{Name: "beta", Value: json.RawMessage(`true`)},
		}},
		{name: "raw string grant", identity: "erin", grants: []grants.Grant{
			grants.Raw{Name: "label", Value: json.RawMessage(`"a\"b<c>"`)},
		}},
		{
			name: "identity with characters JSON escapes", grants: every[1:2],
			identity: "a\"b\\c/d<e>&f\n\t\u2028é😀",
		},
		{name: "region ie1", identity: "alice", region: "ie1", grants: every[:2]},
		{name: "region au1", identity: "alice", region: "au1", grants: every[1:2]},
		{name: "unknown region", identity: "alice", region: "xx9", grants: every[1:2]},
		{name: "region needing escapes", identity: "alice", region: `e"\u1`, grants: every[1:2]},
		{
			name: "not before", identity: "alice", nbf: ptNow.Add(-10 * time.Second),
			ttl: 2 * time.Hour, grants: every,
		},
		{name: "shortest ttl", identity: "alice", ttl: time.Second, grants: every[1:2]},
		{name: "longest ttl", identity: "alice", ttl: 24 * time.Hour, grants: every[1:2]},
	}
	return cases
}

func TestParseRoundTrip(t *testing.T) {
	for _, mc := range ptMintCases() {
		t.Run(mc.name, func(t *testing.T) {
			got, err := Verifier{Clock: ptClock(ptNow)}.Parse(mc.mint(t), ptSecret)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(mc.grants, got.Grants); diff != "" {
				t.Errorf("grants mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(mc.claims(), got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseRoundTripMinter(t *testing.T) {
	every := ptEveryGrant()
	m, err := NewMinter(ptAccountSID, ptAPIKeySID, ptSecret,
		WithClock(ptClock(ptNow)), WithRegion("ie1"), WithTTL(30*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	jwt, err := m.Mint("alice", every...)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Verifier{Clock: ptClock(ptNow)}.Parse(jwt, ptSecret)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := ptMintCase{identity: "alice", region: "ie1", ttl: 30 * time.Minute, grants: every}.claims()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestParseKeepsUnknownGrantsAsRaw(t *testing.T) {
	tests := []struct {
		name   string
		grants string // the grants claim, verbatim
		want   []grants.Grant
		wantID string
		reason string
	}{
		{
			name:   "object",
			grants: `{"identity":"alice","future_product":{"x":[1,{"y":"}"}]},"video":{}}`,
			want: []grants.Grant{
				grants.Raw{Name: "future_product", Value: json.RawMessage(`{"x":[1,{"y":"}"}]}`)},
				grants.Video{},
			},
			wantID: "alice",
		},
		{
			name:   "scalars and arrays",
			grants: `{"flag":true,"n":-1.5e3,"s":"a,b}","list":[1,[2]],"nothing":null}`,
			want: []grants.Grant{
				grants.Raw{Name: "flag", Value: json.RawMessage(`true`)},
				grants.Raw{Name: "n", Value: json.RawMessage(`-1.5e3`)},
				grants.Raw{Name: "s", Value: json.RawMessage(`"a,b}"`)},
				grants.Raw{Name: "list", Value: json.RawMessage(`[1,[2]]`)},
				grants.Raw{Name: "nothing", Value: json.RawMessage(`null`)},
			},
		},
		{
			name:   "escaped key",
			grants: `{"\u0066uture":{},"a\"b":{}}`,
			want: []grants.Grant{
				grants.Raw{Name: "future", Value: json.RawMessage(`{}`)},
				grants.Raw{Name: `a"b`, Value: json.RawMessage(`{}`)},
			},
		},
		{
			name:   "duplicate key",
			grants: `{"x":{"v":1},"video":{},"x":{"v":2}}`,
			want: []grants.Grant{
				grants.Raw{Name: "x", Value: json.RawMessage(`{"v":2}`)},
				grants.Video{},
			},
			reason: "the last of duplicate keys wins, in the first one's place",
		},
		{
			name:   "spaces between members",
			grants: "{ \"identity\" : \"alice\" ,\n\t\"flag\" : true , \"n\" : 12 , \"o\" : { \"a\" : 1 } }",
			want: []grants.Grant{
				grants.Raw{Name: "flag", Value: json.RawMessage(`true`)},
				grants.Raw{Name: "n", Value: json.RawMessage(`12`)},
				grants.Raw{Name: "o", Value: json.RawMessage(`{ "a" : 1 }`)},
			},
			wantID: "alice",
			reason: "Value is the member's JSON value as written, without the " +
				"space around it, whatever its type",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := `{"jti":"j","grants":` + tc.grants + `,"iat":1700000000,"exp":1700003600,` +
				`"iss":"` + ptAPIKeySID + `","sub":"` + ptAccountSID + `"}`
			got, err := Verifier{Clock: ptClock(ptNow)}.Parse(ptSign(ptHeader, p, ptSecret), ptSecret)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tc.want, got.Grants); diff != "" {
				t.Errorf("grants mismatch (-want +got):\n%s(%s)", diff, tc.reason)
			}
			if got.Identity != tc.wantID {
				t.Errorf("Identity = %q, want %q", got.Identity, tc.wantID)
			}
		})
	}
}

func TestParseErrorUnwrapsToCode(t *testing.T) {
	_, err := Verifier{Clock: ptClock(ptNow.Add(2 * time.Hour))}.Parse(ptToken(), ptSecret)
	if !errors.Is(err, validate.CodeExpired) {
		t.Errorf("errors.Is(%v, CodeExpired) = false", err)
	}
	for _, other := range []error{validate.CodeInvalidSignature, validate.CodeNotYetValid} {
		if errors.Is(err, other) {
			t.Errorf("errors.Is(%v, %v) = true", err, other)
		}
	}
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Reason == "" || !strings.HasPrefix(pe.Error(), "accesstoken: ") {
		t.Errorf("err = %#v, want a *ParseError with a reason, prefixed accesstoken:", err)
	}
}
