package accesstoken_test

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/twiliotoken/twiliotoken/accesstoken"
	"github.com/twiliotoken/twiliotoken/grants"
)

var joseHS256 = []jose.SignatureAlgorithm{jose.HS256}

// joseClaims are the claims of a Twilio Access Token as go-jose decodes
// them.
type joseClaims struct {
	jwt.Claims
	IssuedAt int64          `json:"iat"`
	Grants   map[string]any `json:"grants"`
}

// joseVerify verifies tok with go-jose, both through the jwt package and
// through a bare JWS with HS256 as the only allowed algorithm, and returns
// its claims. It fails the test if either rejects the token or if the two
// disagree on the payload.
func joseVerify(t *testing.T, tok, secret string) joseClaims {
	t.Helper()
	parsed, err := jwt.ParseSigned(tok, joseHS256)
	if err != nil {
		t.Fatalf("jwt.ParseSigned: %v", err)
	}
	var claims joseClaims
	var raw map[string]any
	if err := parsed.Claims([]byte(secret), &claims, &raw); err != nil {
		t.Fatalf("jwt Claims: %v", err)
	}

	// jose.ParseSigned is deprecated but is what many verifiers still call;
	// ParseSignedCompact is its replacement for compact tokens.
	//lint:ignore SA1019 the deprecated parser must accept the tokens too
	jws, err := jose.ParseSigned(tok, joseHS256)
	if err != nil {
		t.Fatalf("jose.ParseSigned: %v", err)
	}
	payload, err := jws.Verify([]byte(secret))
	if err != nil {
		t.Fatalf("jose Verify: %v", err)
	}
	compact, err := jose.ParseSignedCompact(tok, joseHS256)
	if err != nil {
		t.Fatalf("jose.ParseSignedCompact: %v", err)
	}
	if _, err := compact.Verify([]byte(secret)); err != nil {
		t.Fatalf("jose Verify after ParseSignedCompact: %v", err)
	}
	var fromJWS map[string]any
	if err := json.Unmarshal(payload, &fromJWS); err != nil {
		t.Fatalf("decoding verified payload: %v", err)
	}
	if diff := cmp.Diff(raw, fromJWS); diff != "" {
		t.Errorf("jwt and jws payloads mismatch (-want +got):\n%s", diff)
	}
	if n := len(jws.Signatures); n != 1 {
		t.Fatalf("token has %d signatures, want 1", n)
	}
	h := jws.Signatures[0].Protected
	if h.Algorithm != string(jose.HS256) {
		t.Errorf("alg = %q, want HS256", h.Algorithm)
	}
	if got := h.ExtraHeaders[jose.HeaderContentType]; got != accesstoken.ContentType {
		t.Errorf("cty = %v, want %q", got, accesstoken.ContentType)
	}
	return claims
}

// joseRejects reports whether go-jose refuses tok signed with secret, by
// each of its two parsers.
func joseRejects(tok, secret string) (jwtRejects, jwsRejects bool) {
	jwtRejects = true
	if parsed, err := jwt.ParseSigned(tok, joseHS256); err == nil {
		var c joseClaims
		jwtRejects = parsed.Claims([]byte(secret), &c) != nil
	}
	jwsRejects = true
	//lint:ignore SA1019 the deprecated parser must refuse the tokens too
	if jws, err := jose.ParseSigned(tok, joseHS256); err == nil {
		_, err = jws.Verify([]byte(secret))
		jwsRejects = err != nil
	}
	return jwtRejects, jwsRejects
}

func TestJOSEVerifiesNodeVectors(t *testing.T) {
	for _, v := range loadMintVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			in := v.Inputs
			tok := accesstoken.New(in.Account, in.Key, in.Secret,
				append(in.options(), accesstoken.WithIdentity(in.Identity))...)
			for _, g := range in.typedGrants(t) {
				tok.AddGrant(g)
			}
			got, err := tok.ToJWT()
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{got, v.Token} {
				c := joseVerify(t, s, in.Secret)
				if c.Issuer != in.Key || c.Subject != in.Account {
					t.Errorf("iss, sub = %q, %q; want %q, %q", c.Issuer, c.Subject,
						in.Key, in.Account)
				}
			}
		})
	}
}

// joseGrantCases is a table of grant combinations; each is minted and
// checked by go-jose.
var joseGrantCases = []struct {
	name   string
	opts   []accesstoken.Option
	grants []grants.Grant
}{
	{name: "no grants", opts: []accesstoken.Option{accesstoken.WithIdentity("alice")}},
	{
		name:   "empty voice",
		opts:   []accesstoken.Option{accesstoken.WithIdentity("alice")},
		grants: []grants.Grant{grants.Voice{}},
	},
	{
		name: "voice with params and region",
		opts: []accesstoken.Option{
			accesstoken.WithIdentity("alice"), accesstoken.WithRegion("au1"),
		},
		grants: []grants.Grant{grants.Voice{
			IncomingAllow:             true,
			OutgoingApplicationSID:    "AP00112233445566778899aabbccddeeff",
			OutgoingApplicationParams: map[string]any{"to": "<client>&", "n": 2},
		}},
	},
	{
		name:   "video and chat",
		opts:   []accesstoken.Option{accesstoken.WithIdentity("bob")},
		grants: []grants.Grant{grants.Video{Room: "r"}, grants.Chat{ServiceSID: tkSyncSID}},
	},
	{
		name: "sync with nbf and 24h",
		opts: []accesstoken.Option{
			accesstoken.WithIdentity("carol"),
			accesstoken.WithNotBefore(time.Unix(tkNow-60, 0)),
			accesstoken.WithTTL(24 * time.Hour),
		},
		grants: []grants.Grant{grants.Sync{ServiceSID: tkSyncSID}},
	},
	{
		name: "taskrouter without identity",
		grants: []grants.Grant{grants.TaskRouter{
			WorkspaceSID: "WS00112233445566778899aabbccddeeff", Role: "worker"}},
	},
	{
		name: "playback and raw",
		opts: []accesstoken.Option{accesstoken.WithUniqueJTI()},
		grants: []grants.Grant{
			grants.Playback{Grant: json.RawMessage(`{ "a" : null }`)},
			grants.Raw{Name: "custom", Value: json.RawMessage(`[1, 2]`)},
		},
	},
	{
		name:   "identity with unicode and quotes",
		opts:   []accesstoken.Option{accesstoken.WithIdentity("zoë \"z\" \\ \u2028")},
		grants: []grants.Grant{grants.Video{}},
	},
	{
		name: "legacy grants",
		opts: []accesstoken.Option{accesstoken.WithIdentity("dave")},
		grants: []grants.Grant{
			//lint:ignore SA1019 legacy grants must still mint
			grants.IPMessaging{ServiceSID: tkSyncSID},
			//lint:ignore SA1019 legacy grants must still mint
			grants.RTC{ConfigurationProfileSID: "CP00112233445566778899aabbccddeeff"},
		},
	},
}

func TestJOSEVerifiesGrantCombinations(t *testing.T) {
	m, err := accesstoken.NewMinter(tkAccount, tkKey, tkSecret,
		accesstoken.WithClock(tkClock(tkNow)))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range joseGrantCases {
		t.Run(tc.name, func(t *testing.T) {
			opts := append([]accesstoken.Option{accesstoken.WithClock(tkClock(tkNow))},
				tc.opts...)
			toks := map[string]*accesstoken.Token{
				"New":        accesstoken.New(tkAccount, tkKey, tkSecret, opts...),
				"Minter.New": m.New(tc.opts...),
			}
			for via, tok := range toks {
				for _, g := range tc.grants {
					tok.AddGrant(g)
				}
				s, err := tok.ToJWT()
				if err != nil {
					t.Fatalf("%s: ToJWT: %v", via, err)
				}
				c := joseVerify(t, s, tkSecret)
				_, payload := decodeJWTParts(t, s)
				if diff := cmp.Diff(payload["grants"], any(c.Grants)); diff != "" {
					t.Errorf("%s: grants mismatch (-want +got):\n%s", via, diff)
				}
				if c.IssuedAt != tkNow || c.Expiry.Time().Unix() <= tkNow {
					t.Errorf("%s: iat = %d, exp = %v; want iat %d and a later exp",
						via, c.IssuedAt, c.Expiry.Time().Unix(), tkNow)
				}
				var wantKeys, gotKeys []string
				for _, g := range tc.grants {
					wantKeys = append(wantKeys, g.Key())
				}
				for k := range c.Grants {
					if k != "identity" {
						gotKeys = append(gotKeys, k)
					}
				}
				if diff := cmp.Diff(wantKeys, gotKeys, joseSortKeys); diff != "" {
					t.Errorf("%s: grant keys mismatch (-want +got):\n%s", via, diff)
				}
			}
		})
	}
}

var joseSortKeys = cmpopts.SortSlices(func(a, b string) bool { return a < b })

func TestJOSERejectsTampering(t *testing.T) {
	const otherSecret = "ABCDEFGHIJKLMNOPQRSTUVWXYZ987654"
	mint := func(secret string) string {
		t.Helper()
		s, err := accesstoken.New(tkAccount, tkKey, secret,
			accesstoken.WithClock(tkClock(tkNow)), accesstoken.WithIdentity("alice")).
			AddGrant(grants.Video{}).ToJWT()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	good := mint(tkSecret)
	joseVerify(t, good, tkSecret) // the untampered token verifies
	parts := strings.Split(good, ".")

	// flip replaces the character at i of s with another base64url digit
	// that changes the decoded bits (the first character of a part carries
	// six full bits, so no padding bits are involved).
	flip := func(s string, i int) string {
		c := byte('A')
		if s[i] == 'A' {
			c = 'B'
		}
		return s[:i] + string(c) + s[i+1:]
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(payload), `"identity":"alice"`,
		`"identity":"mallory"`, 1)
	if edited == string(payload) {
		t.Fatalf("payload %s has no identity to tamper with", payload)
	}
	tamperedPayload := base64.RawURLEncoding.EncodeToString([]byte(edited))

	tests := []struct {
		name   string
		token  string
		secret string
	}{
		{"signature modified", parts[0] + "." + parts[1] + "." + flip(parts[2], 0), tkSecret},
		{"signature truncated", parts[0] + "." + parts[1] + "." + parts[2][:20], tkSecret},
		{"signature removed", parts[0] + "." + parts[1] + ".", tkSecret},
		{"payload modified", parts[0] + "." + tamperedPayload + "." + parts[2], tkSecret},
		{"signed with another secret", mint(otherSecret), tkSecret},
		{"verified with another secret", good, otherSecret},
		{"verified with secret plus newline", good, tkSecret + "\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.token == good && tc.secret == tkSecret {
				t.Fatal("test case does not change anything")
			}
			jwtRejects, jwsRejects := joseRejects(tc.token, tc.secret)
			if !jwtRejects {
				t.Error("jwt.ParseSigned + Claims accepted the token")
			}
			if !jwsRejects {
				t.Error("jose.ParseSigned + Verify accepted the token")
			}
		})
	}
}

func TestJOSERejectsOtherAlgorithms(t *testing.T) {
	s, err := accesstoken.New(tkAccount, tkKey, tkSecret,
		accesstoken.WithClock(tkClock(tkNow)), accesstoken.WithIdentity("a")).ToJWT()
	if err != nil {
		t.Fatal(err)
	}
	// The token says HS256; a parser that allows only HS512 must refuse it,
	// which shows the alg header is the one go-jose checks.
	if _, err := jwt.ParseSigned(s, []jose.SignatureAlgorithm{jose.HS512}); err == nil {
		t.Error("jwt.ParseSigned with only HS512 allowed accepted an HS256 token")
	}
}
