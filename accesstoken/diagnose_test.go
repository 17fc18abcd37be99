package accesstoken

import (
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/twiliotoken/twiliotoken/validate"
)

// ptFinding is what a test expects of a finding: its severity, code and,
// unless empty, field. Wording is not compared.
type ptFinding struct {
	sev   validate.Severity
	code  validate.Code
	field string
}

func (w ptFinding) matches(f validate.Finding) bool {
	return f.Severity == w.sev && f.Code == w.code && (w.field == "" || f.Field == w.field)
}

func ptCertain(c validate.Code, field string) ptFinding {
	return ptFinding{validate.Certain, c, field}
}

func ptWarning(c validate.Code, field string) ptFinding {
	return ptFinding{validate.Warning, c, field}
}

// ptExpect is what a caller knows besides a token: the right secret and
// SIDs.
var ptExpect = Expect{APISecret: ptSecret, AccountSID: ptAccountSID, APIKeySID: ptAPIKeySID}

func ptExpectSecret(secret string) *Expect {
	e := ptExpect
	e.APISecret = secret
	return &e
}

// ptCleanSecret strips what the diagnosis may strip from a secret before
// mentioning it: a BOM, whitespace and quotes.
func ptCleanSecret(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(s, "\ufeff"))
	return strings.Trim(s, `"'`)
}

// ptCheckNoSecret fails when any finding, or the diagnosis as JSON, shows
// the secret or the secret stripped of what surrounds it. Secrets of under
// 8 bytes, or found in the token itself, cannot be told from other text.
func ptCheckNoSecret(t *testing.T, d *Diagnosis, token, secret string) {
	t.Helper()
	all, _ := json.Marshal(d)
	texts := []string{string(all)}
	for _, f := range d.Findings {
		texts = append(texts, f.String())
	}
	for _, s := range []string{secret, ptCleanSecret(secret)} {
		if len(s) < 8 || strings.Contains(token, s) || strings.Contains(ptDecoded(token), s) {
			continue
		}
		for _, text := range texts {
			if strings.Contains(text, s) {
				t.Errorf("the diagnosis shows the secret %q: %s", s, text)
			}
		}
	}
}

// ptDecoded returns the decoded parts of a token, as far as they decode.
func ptDecoded(token string) string {
	var b strings.Builder
	for _, p := range strings.Split(token, ".") {
		raw, _ := base64.RawURLEncoding.DecodeString(strings.TrimSpace(p))
		b.Write(raw)
	}
	return b.String()
}

type ptDiagnoseCase struct {
	name   string
	token  string
	expect *Expect   // nil: ptExpect
	now    time.Time // zero: ptNow
	leeway time.Duration
	// want lists findings that must all be present. The token must be OK
	// exactly when none of them is certain.
	want []ptFinding
	// absent lists codes no certain finding may carry.
	absent []validate.Code
	// secret is the problem of the secret a finding on APISecret must
	// name, as the explanation of the bad signature.
	secret validate.SecretProblem
	reason string
}

func (tc ptDiagnoseCase) verifier() Verifier {
	now := tc.now
	if now.IsZero() {
		now = ptNow
	}
	return Verifier{Clock: ptClock(now), Leeway: tc.leeway}
}

func (tc ptDiagnoseCase) expectation() Expect {
	if tc.expect == nil {
		return ptExpect
	}
	return *tc.expect
}

// ptDiagnoseCases lists broken tokens and credentials, and what Diagnose
// must find in each.
func ptDiagnoseCases() []ptDiagnoseCase {
	payload := ptPayload()
	valid := ptToken()
	parts := strings.Split(valid, ".")
	iat := ptNow.Unix()
	sidLike := "SK" + strings.Repeat("0123456789abcdef", 2)
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
	return []ptDiagnoseCase{
		// Not a JWT.
		{name: "empty", token: "", want: []ptFinding{ptCertain(invalidToken, "token")}},
		{
			name: "two parts", token: parts[0] + "." + parts[1],
			want: []ptFinding{ptCertain(invalidToken, "token")},
		},
		{
			name: "four parts", token: valid + "." + parts[2],
			want: []ptFinding{ptCertain(invalidToken, "token")},
		},
		{name: "no dots", token: parts[1], want: []ptFinding{ptCertain(invalidToken, "token")}},
		{
			name: "bad base64 header", token: "eyJ!" + valid[4:],
			want: []ptFinding{ptCertain(invalidToken, "header")},
		},
		{
			name: "bad base64 payload", token: parts[0] + ".eyJ$." + parts[2],
			want: []ptFinding{ptCertain(invalidToken, "payload")},
		},
		{
			name: "bad base64 signature", token: parts[0] + "." + parts[1] + ".a+b/c=",
			want: []ptFinding{ptCertain(invalidToken, "signature")},
		},
		{
			name: "empty header", token: "." + parts[1] + "." + parts[2],
			want: []ptFinding{ptCertain(invalidToken, "header")},
		},
		{
			name: "JSON object holding the token", token: `{"token":"` + valid + `"}`,
			want:   []ptFinding{ptCertain(invalidToken, "token")},
			absent: []validate.Code{header, signature, expired},
			reason: "the object is reported, and the token inside it diagnosed",
		},
		{
			name:  "JSON object with identity and token",
			token: `{"identity":"alice","token":"` + valid + `"}` + "\n",
			want:  []ptFinding{ptCertain(invalidToken, "token")},
		},
		{
			name: "quoted string", token: strconv.Quote(valid),
			want:   []ptFinding{ptCertain(invalidToken, "token")},
			absent: []validate.Code{header, signature},
		},
		{
			name: "surrounding whitespace", token: "  " + valid + "\t",
			want: []ptFinding{ptCertain(invalidToken, "token")},
		},
		{
			name: "trailing newline", token: valid + "\n",
			want: []ptFinding{ptCertain(invalidToken, "token")},
		},
		{
			name: "line break inside the token", token: valid[:60] + "\n" + valid[60:],
			want:   []ptFinding{ptCertain(invalidToken, "")},
			absent: []validate.Code{signature},
			reason: "a token wrapped when copied from a terminal: the secret is " +
				"right, so blaming the signature sends the user after the wrong cause",
		},
		{
			name: "Bearer prefix", token: "Bearer " + valid,
			want: []ptFinding{ptCertain(invalidToken, "header")},
		},
		{
			name: "header not a JSON object", token: ptSign(`["HS256"]`, payload, ptSecret),
			want: []ptFinding{ptCertain(invalidToken, "header")},
		},
		{
			name: "payload not a JSON object", token: ptSign(ptHeader, `"alice"`, ptSecret),
			want: []ptFinding{ptCertain(invalidToken, "payload")},
		},

		// Header.
		{
			name: "missing cty", token: ptTokenHeader(ptDel("cty")),
			want: []ptFinding{ptCertain(header, "header.cty")},
		},
		{
			name: "cty of another vendor", token: ptTokenHeader(ptSet("cty", "JWT")),
			want: []ptFinding{ptCertain(header, "header.cty")},
		},
		{
			name:  "alg none, unsigned",
			token: ptEncode(ptHeaderJSON(ptSet("alg", "none"))) + "." + ptEncode(payload) + ".",
			want:  []ptFinding{ptCertain(header, "header.alg")},
			reason: "an unsigned token has an empty third part; the fault to report " +
				"is alg none, not the empty signature",
		},
		{
			name: "alg none, with a signature", token: ptTokenHeader(ptSet("alg", "none")),
			want: []ptFinding{ptCertain(header, "header.alg")},
		},
		{
			name:  "alg HS384",
			token: ptSignWith(sha512.New384, ptHeaderJSON(ptSet("alg", "HS384")), payload, ptSecret),
			want:  []ptFinding{ptCertain(header, "header.alg")},
		},
		{
			name:  "alg HS512",
			token: ptSignWith(sha512.New, ptHeaderJSON(ptSet("alg", "HS512")), payload, ptSecret),
			want:  []ptFinding{ptCertain(header, "header.alg")},
		},
		{
			name: "alg RS256", token: ptTokenHeader(ptSet("alg", "RS256")),
			want: []ptFinding{ptCertain(header, "header.alg")},
		},
		{
			name: "alg missing", token: ptTokenHeader(ptDel("alg")),
			want: []ptFinding{ptCertain(header, "header.alg")},
		},
		{
			name: "typ JWS", token: ptTokenHeader(ptSet("typ", "JWS")),
			want: []ptFinding{ptCertain(header, "header.typ")},
		},
		{
			name: "typ missing", token: ptTokenHeader(ptDel("typ")),
			want: []ptFinding{ptCertain(header, "header.typ")},
		},
		{
			name: "extra field kid", token: ptTokenHeader(ptSet("kid", "k1")),
			want: []ptFinding{ptCertain(header, `header."kid"`)},
		},
		{
			name: "twr empty", token: ptTokenHeader(ptSet("twr", "")),
			want: []ptFinding{ptCertain(header, "header.twr")},
		},
		{
			name: "twr unknown region", token: ptTokenHeader(ptSet("twr", "eu9")),
			want: []ptFinding{ptWarning(invalidToken, "header.twr")},
		},
		{
			name:   "generic JWT library header",
			token:  ptSign(`{"alg":"HS256","typ":"JWT"}`, payload, ptSecret),
			want:   []ptFinding{ptCertain(header, "header.cty")},
			absent: []validate.Code{signature},
			reason: "the signature still verifies: only the header is wrong",
		},

		// Issuer and subject.
		{
			name: "iss not SID-shaped", token: ptToken(ptSet("iss", "my-api-key")),
			want: []ptFinding{ptCertain(issSub, "iss")},
		},
		{
			name:  "iss a placeholder",
			token: ptToken(ptSet("iss", "SK"+strings.Repeat("x", 32))),
			want:  []ptFinding{ptCertain(issSub, "iss")},
		},
		{
			name: "sub not SID-shaped", token: ptToken(ptSet("sub", "my-account")),
			want: []ptFinding{ptCertain(issSub, "sub")},
		},
		{
			name: "sub missing", token: ptToken(ptDel("sub")),
			want: []ptFinding{ptCertain(issSub, "sub")},
		},
		{
			name:  "iss and sub swapped",
			token: ptToken(ptSet("iss", ptAccountSID), ptSet("sub", ptAPIKeySID)),
			want:  []ptFinding{ptCertain(issSub, "iss")},
		},
		{
			name:   "iss an Account SID",
			token:  ptToken(ptSet("iss", ptAccountSID)),
			want:   []ptFinding{ptCertain(issSub, "iss")},
			reason: "signed with the Account SID and Auth Token instead of an API key",
		},
		{
			name: "sub a phone number SID", token: ptToken(ptSet("sub", ptSID("PN"))),
			want: []ptFinding{ptCertain(issSub, "sub")},
		},
		{
			name:   "sub another account",
			token:  ptToken(ptSet("sub", ptSID("AC"))),
			want:   []ptFinding{ptCertain(issSub, "sub")},
			reason: "Expect.AccountSID names the account the SDK signs in to",
		},
		{
			name:  "iss another API key",
			token: ptToken(ptSet("iss", ptSID("SK"))),
			want:  []ptFinding{ptCertain(issSub, "iss")},
		},

		// Times.
		{
			name: "expired", token: valid, now: time.Unix(iat+3601, 0),
			want: []ptFinding{ptCertain(expired, "exp")},
		},
		{
			name: "expired within the leeway", token: valid, now: time.Unix(iat+3630, 0),
			leeway: time.Minute, absent: []validate.Code{expired},
		},
		{
			name: "expired beyond the leeway", token: valid, now: time.Unix(iat+3661, 0),
			leeway: time.Minute, want: []ptFinding{ptCertain(expired, "exp")},
		},
		{
			name: "exp missing", token: ptToken(ptDel("exp")),
			want: []ptFinding{ptCertain(expired, "exp")},
		},
		{
			name: "not yet valid", token: ptToken(ptSet("nbf", iat+120)),
			want: []ptFinding{ptCertain(notYet, "nbf")},
		},
		{
			name: "not yet valid within the leeway", token: ptToken(ptSet("nbf", iat+30)),
			leeway: time.Minute, absent: []validate.Code{notYet},
		},
		{
			name: "iat in the future", token: ptToken(ptSet("iat", iat+120)),
			want:   []ptFinding{ptWarning(notYet, "iat")},
			reason: "the minting server's clock runs ahead; Twilio checks nbf, not iat",
		},
		{
			name: "lifetime over 24 hours", token: ptToken(ptSet("exp", iat+86401)),
			want: []ptFinding{ptCertain(ttl, "exp")},
		},
		{
			name:  "lifetime over 24 hours without iat",
			token: ptToken(ptDel("iat"), ptSet("exp", iat+2*86400)),
			want:  []ptFinding{ptCertain(ttl, "exp")},
		},
		{
			name:  "exp in milliseconds",
			token: ptToken(ptSet("exp", (iat+3600)*1000)),
			want:  []ptFinding{ptCertain(ttl, "exp")},
		},
		{
			name: "all times in milliseconds",
			token: ptToken(ptSet("iat", iat*1000), ptSet("nbf", iat*1000),
				ptSet("exp", (iat+3600)*1000)),
			want: []ptFinding{ptCertain(ttl, "iat"), ptCertain(ttl, "nbf"), ptCertain(ttl, "exp")},
		},
		{
			name:  "fractional exp",
			token: ptToken(ptSet("exp", json.Number(strconv.FormatInt(iat+3600, 10)+".25"))),
			want:  []ptFinding{ptCertain(invalidToken, "exp")},
		},
		{
			name:  "fractional iat",
			token: ptToken(ptSet("iat", json.Number(strconv.FormatInt(iat, 10)+".999"))),
			want:  []ptFinding{ptCertain(invalidToken, "iat")},
		},
		{
			name: "exp a string", token: ptToken(ptSet("exp", strconv.FormatInt(iat+3600, 10))),
			want: []ptFinding{ptCertain(invalidToken, "exp")},
		},
		{
			name:  "exp before nbf",
			token: ptToken(ptSet("iat", iat-600), ptSet("nbf", iat-60), ptSet("exp", iat-120)),
			want:  []ptFinding{ptCertain(expired, "exp")},
		},
		{
			name:  "exp before iat",
			token: ptToken(ptSet("iat", iat+7200), ptSet("exp", iat+3600)),
			want:  []ptFinding{ptCertain(expired, "exp")},
		},

		// Grants.
		{
			name: "grants a string", token: ptToken(ptSet("grants", "video")),
			want: []ptFinding{ptCertain(grantsCode, "grants")},
		},
		{
			name: "grants an array", token: ptToken(ptSet("grants", []any{"video"})),
			want: []ptFinding{ptCertain(grantsCode, "grants")},
		},
		{
			name: "grants missing", token: ptToken(ptDel("grants")),
			want: []ptFinding{ptCertain(grantsCode, "grants")},
		},
		{
			name:   "identity at the top level",
			token:  ptToken(ptGrant("identity", nil), ptSet("identity", "alice")),
			want:   []ptFinding{ptCertain(grantsCode, "grants.identity")},
			reason: "identity lives in grants; Video finds none",
		},
		{
			name: "voice without identity",
			token: ptToken(ptGrant("identity", nil), ptGrant("video", nil),
				ptGrant("voice", map[string]any{"incoming": map[string]any{"allow": true}})),
			want: []ptFinding{ptCertain(grantsCode, "grants.identity")},
		},
		{
			name: "video without identity", token: ptToken(ptGrant("identity", nil)),
			want: []ptFinding{ptCertain(grantsCode, "grants.identity")},
		},
		{
			name: "chat without identity",
			token: ptToken(ptGrant("identity", ""), ptGrant("video", nil),
				ptGrant("chat", map[string]any{"service_sid": ptSID("IS")})),
			want: []ptFinding{ptCertain(grantsCode, "grants.identity")},
		},
		{
			name: "sync without identity",
			token: ptToken(ptGrant("identity", nil), ptGrant("video", nil),
				ptGrant("data_sync", map[string]any{"service_sid": ptSID("IS")})),
			want: []ptFinding{ptCertain(grantsCode, "grants.identity")},
		},
		{
			name:  "sync without service_sid",
			token: ptToken(ptGrant("data_sync", map[string]any{"endpoint_id": "tab-1"})),
			want:  []ptFinding{ptCertain(grantsCode, "grants.data_sync.service_sid")},
		},
		{
			name: "identity a number", token: ptToken(ptGrant("identity", 42)),
			want: []ptFinding{ptCertain(grantsCode, "grants.identity")},
		},
		{
			name: "voice grant a string", token: ptToken(ptGrant("voice", "on")),
			want: []ptFinding{ptCertain(grantsCode, "grants.voice")},
		},
		{
			name: "no product grant", token: ptToken(ptGrant("video", nil)),
			want: []ptFinding{ptWarning(grantsCode, "grants")},
		},
		{
			name: "voice application SID with the wrong prefix",
			token: ptToken(ptGrant("voice", map[string]any{
				"outgoing": map[string]any{"application_sid": ptSID("PN")},
			}), ptGrant("identity", "alice")),
			want: []ptFinding{ptWarning(grantsCode, "grants.voice.outgoing.application_sid")},
		},
		{
			name: "voice push credential SID with the wrong prefix",
			token: ptToken(ptGrant("voice", map[string]any{
				"push_credential_sid": ptSID("AP"),
			})),
			want: []ptFinding{ptWarning(grantsCode, "grants.voice.push_credential_sid")},
		},
		{
			name: "chat service SID with the wrong prefix",
			token: ptToken(ptGrant("chat", map[string]any{
				"service_sid": ptSID("MG"), "deployment_role_sid": ptSID("RL"),
			})),
			want: []ptFinding{ptWarning(grantsCode, "grants.chat.service_sid")},
		},
		{
			name: "chat role SID with the wrong prefix",
			token: ptToken(ptGrant("chat", map[string]any{
				"service_sid": ptSID("IS"), "deployment_role_sid": "admin",
			})),
			want: []ptFinding{ptWarning(grantsCode, "grants.chat.deployment_role_sid")},
		},
		{
			name: "sync service SID with the wrong prefix",
			token: ptToken(ptGrant("data_sync", map[string]any{
				"service_sid": ptSID("US"),
			})),
			want: []ptFinding{ptWarning(grantsCode, "grants.data_sync.service_sid")},
		},
		{
			name: "task router SIDs swapped",
			token: ptToken(ptGrant("task_router", map[string]any{
				"workspace_sid": ptSID("WK"), "worker_sid": ptSID("WS"),
			})),
			want: []ptFinding{
				ptWarning(grantsCode, "grants.task_router.workspace_sid"),
				ptWarning(grantsCode, "grants.task_router.worker_sid"),
			},
		},
		{
			name: "voice identity with an at sign",
			token: ptToken(ptGrant("identity", "alice@example.com"),
				ptGrant("voice", map[string]any{"incoming": map[string]any{"allow": true}})),
			want: []ptFinding{ptWarning(grantsCode, "grants.identity")},
		},
		{
			name: "voice identity with a space",
			token: ptToken(ptGrant("identity", "alice smith"), ptGrant("video", nil),
				ptGrant("voice", map[string]any{})),
			want: []ptFinding{ptWarning(grantsCode, "grants.identity")},
		},
		{
			name:  "video identity of 129 characters",
			token: ptToken(ptGrant("identity", strings.Repeat("a", 129))),
			want:  []ptFinding{ptWarning(validate.CodeVideoIdentityTooLong, "grants.identity")},
		},
		{
			name:   "video identity of 128 multibyte characters",
			token:  ptToken(ptGrant("identity", strings.Repeat("é", 128))),
			absent: []validate.Code{validate.CodeVideoIdentityTooLong},
			reason: "the limit is in characters, not bytes",
		},

		// Several faults at once.
		{
			name: "every fault reported at once, certain ones first",
			token: ptSign(ptHeaderJSON(ptSet("twr", "eu9")), ptPayload(
				ptGrant("video", nil), ptDel("jti"), ptSet("sub", ptAPIKeySID),
				ptGrant("data_sync", map[string]any{})), ptOtherSecret),
			now: time.Unix(iat+7200, 0),
			want: []ptFinding{
				ptWarning(invalidToken, "header.twr"), ptWarning(invalidToken, "jti"),
				ptCertain(issSub, "sub"), ptCertain(expired, "exp"),
				ptCertain(grantsCode, "grants.data_sync.service_sid"),
				ptCertain(signature, "signature"),
			},
			reason: "the warnings are found before the certain findings, and " +
				"listed after them",
		},

		// Signature, and what about the secret explains a bad one.
		{
			name: "no secret given", token: valid, expect: &Expect{},
			want:   []ptFinding{ptWarning(signature, "signature")},
			reason: "without a secret the signature is not checked: a warning",
		},
		{
			name: "wrong secret", token: valid, expect: ptExpectSecret(ptOtherSecret),
			want: []ptFinding{ptCertain(signature, "signature")},
		},
		{
			name:  "flipped signature bit",
			token: parts[0] + "." + parts[1] + "." + ptFlipBit(parts[2], 7),
			want:  []ptFinding{ptCertain(signature, "signature")},
		},
		{
			name: "signature of another payload",
			token: parts[0] + "." + ptEncode(ptPayload(ptSet("exp", iat+7200))) + "." +
				parts[2],
			want: []ptFinding{ptCertain(signature, "signature")},
		},
		{
			name: "Auth Token as the secret", token: valid,
			expect: ptExpectSecret("0123456789abcdef0123456789abcdef"),
			want:   []ptFinding{ptCertain(signature, "signature"), ptCertain(signature, "APISecret")},
			secret: validate.SecretAuthToken,
		},
		{
			name: "secret with a trailing newline", token: valid,
			expect: ptExpectSecret(ptSecret + "\n"),
			want:   []ptFinding{ptCertain(signature, "signature"), ptCertain(signature, "APISecret")},
			secret: validate.SecretNewline,
		},
		{
			name: "secret with CRLF", token: valid, expect: ptExpectSecret(ptSecret + "\r\n"),
			want:   []ptFinding{ptCertain(signature, "APISecret")},
			secret: validate.SecretNewline,
		},
		{
			name: "secret with spaces", token: valid, expect: ptExpectSecret(" " + ptSecret + " "),
			want:   []ptFinding{ptCertain(signature, "APISecret")},
			secret: validate.SecretWhitespace,
		},
		{
			name: "secret in double quotes", token: valid,
			expect: ptExpectSecret(`"` + ptSecret + `"`),
			want:   []ptFinding{ptCertain(signature, "APISecret")},
			secret: validate.SecretQuoted,
		},
		{
			name: "secret in single quotes", token: valid,
			expect: ptExpectSecret(`'` + ptSecret + `'`),
			want:   []ptFinding{ptCertain(signature, "APISecret")},
			secret: validate.SecretQuoted,
		},
		{
			name: "secret with a byte-order mark", token: valid,
			expect: ptExpectSecret("\ufeff" + ptSecret),
			want:   []ptFinding{ptCertain(signature, "APISecret")},
			secret: validate.SecretBOM,
		},
		{
			name: "API key SID as the secret", token: valid, expect: ptExpectSecret(sidLike),
			want:   []ptFinding{ptCertain(signature, "signature"), ptCertain(signature, "APISecret")},
			secret: validate.SecretIsSID,
		},
		{
			name: "token signed with a quoted secret", expect: ptExpectSecret(ptSecret),
			token: ptSign(ptHeader, payload, `"`+ptSecret+`"`),
			want:  []ptFinding{ptCertain(signature, "signature")},
			reason: "the minting side kept the quotes; the secret given is clean, " +
				"so nothing about it explains the mismatch",
		},
		{
			name: "secret too short", token: valid, expect: ptExpectSecret(ptSecret[:31]),
			want: []ptFinding{ptCertain(signature, "signature"), ptCertain(signature, "APISecret")},
			reason: "31 letters and digits: validate.Secret finds nothing, so the " +
				"APISecret finding is the one about its length",
		},
		{
			name: "secret too long", token: valid,
			expect: ptExpectSecret(ptSecret + "6789"),
			want:   []ptFinding{ptCertain(signature, "signature"), ptCertain(signature, "APISecret")},
		},
		{
			name: "secret of another key", token: valid,
			expect: &Expect{APISecret: ptOtherSecret, APIKeySID: ptSID("SK")},
			want: []ptFinding{
				ptCertain(signature, "signature"), ptCertain(signature, "APISecret"),
				ptCertain(issSub, "iss"),
			},
			reason: "the caller's key is not the one named in iss",
		},
	}
}

// ptFlipBit flips bit i of the decoded signature and re-encodes it.
func ptFlipBit(sig string, i int) string {
	b, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil {
		panic(err)
	}
	b[i/8] ^= 1 << (i % 8)
	return base64.RawURLEncoding.EncodeToString(b)
}

func TestDiagnose(t *testing.T) {
	cases := ptDiagnoseCases()
	if len(cases) < 40 {
		t.Fatalf("%d cases; the brief asks for at least 40", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.expectation()
			d := tc.verifier().Diagnose(tc.token, want)
			for _, w := range tc.want {
				if !ptHasFinding(d, w) {
					field := strconv.Quote(w.field)
					if w.field == "" {
						field = "any field"
					}
					t.Errorf("no %v %d finding on %s (%s); findings:\n%s",
						w.sev, w.code, field, tc.reason, ptList(d))
				}
			}
			for _, f := range d.Findings {
				for _, c := range tc.absent {
					if f.Severity == validate.Certain && f.Code == c {
						t.Errorf("unexpected finding %v (%s)", f, tc.reason)
					}
				}
			}
			if wantOK := !ptAnyCertain(tc.want); d.OK() != wantOK {
				t.Errorf("OK() = %v, want %v; findings:\n%s", d.OK(), wantOK, ptList(d))
			}
			if tc.secret != 0 && !ptExplainsSecret(d, tc.secret) {
				t.Errorf("no APISecret finding says it %q; findings:\n%s",
					tc.secret.String(), ptList(d))
			}
			ptCheckFindings(t, d)
			ptCheckNoSecret(t, d, tc.token, want.APISecret)
		})
	}
}

func ptHasFinding(d *Diagnosis, w ptFinding) bool {
	for _, f := range d.Findings {
		if w.matches(f) {
			return true
		}
	}
	return false
}

func ptAnyCertain(ws []ptFinding) bool {
	for _, w := range ws {
		if w.sev == validate.Certain {
			return true
		}
	}
	return false
}

// ptExplainsSecret reports whether a certain finding on APISecret names
// problem p.
func ptExplainsSecret(d *Diagnosis, p validate.SecretProblem) bool {
	for _, f := range d.Findings {
		if f.Severity == validate.Certain && f.Code == validate.CodeInvalidSignature &&
			f.Field == "APISecret" && strings.HasPrefix(f.Message, p.String()) {
			return true
		}
	}
	return false
}

func ptList(d *Diagnosis) string {
	var b strings.Builder
	for _, f := range d.Findings {
		b.WriteString("\t" + f.String() + "\n")
	}
	return b.String()
}

// ptCheckFindings checks what holds for every diagnosis: each finding is
// complete, and the certain ones come first.
func ptCheckFindings(t *testing.T, d *Diagnosis) {
	t.Helper()
	warned := false
	for _, f := range d.Findings {
		if f.Code == 0 || f.Field == "" || f.Message == "" || f.Fix == "" {
			t.Errorf("incomplete finding %#v", f)
		}
		switch f.Severity {
		case validate.Warning:
			warned = true
		case validate.Certain:
			if warned {
				t.Errorf("certain finding %v after a warning", f)
			}
		default:
			t.Errorf("finding %v has severity %d", f, f.Severity)
		}
	}
}

// ptCertainFindings returns the certain findings, for error messages.
func ptCertainFindings(d *Diagnosis) []validate.Finding {
	var fs []validate.Finding
	for _, f := range d.Findings {
		if f.Severity == validate.Certain {
			fs = append(fs, f)
		}
	}
	return fs
}

func TestDiagnoseNodeVectors(t *testing.T) {
	for _, v := range ptVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			want := Expect{APISecret: v.Inputs.Secret, AccountSID: ptAccountSID, APIKeySID: ptAPIKeySID}
			d := Verifier{Clock: ptClock(v.now())}.Diagnose(v.Token, want)
			ptCheckValidDiagnosis(t, d, v.Token, v.Inputs.Secret)
			if diff := cmp.Diff(ptWantClaims(t, v), d.Claims); diff != "" {
				t.Errorf("Claims mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiagnoseMintedTokens(t *testing.T) {
	for _, mc := range ptMintCases() {
		t.Run(mc.name, func(t *testing.T) {
			tok := mc.mint(t)
			d := Verifier{Clock: ptClock(ptNow)}.Diagnose(tok, ptExpect)
			ptCheckValidDiagnosis(t, d, tok, ptSecret)
			if diff := cmp.Diff(mc.claims(), d.Claims); diff != "" {
				t.Errorf("Claims mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// ptCheckValidDiagnosis checks the diagnosis of a valid token diagnosed
// with its secret.
func ptCheckValidDiagnosis(t *testing.T, d *Diagnosis, token, secret string) {
	t.Helper()
	if !d.OK() {
		t.Errorf("OK() = false; certain findings: %v", ptCertainFindings(d))
	}
	if !d.Verified {
		t.Error("Verified = false with the right secret")
	}
	if len(d.Header) == 0 || len(d.Payload) == 0 {
		t.Errorf("Header = %s, Payload = %s; want both decoded", d.Header, d.Payload)
	}
	ptCheckFindings(t, d)
	ptCheckNoSecret(t, d, token, secret)
}

func TestDiagnoseFindingsStable(t *testing.T) {
	// Diagnose ranges over maps; findings must not depend on their order.
	tok := ptSign(ptHeaderJSON(ptSet("kid", 1), ptSet("x5u", 2), ptSet("jku", 3)),
		ptPayload(ptGrant("identity", nil),
			ptGrant("voice", map[string]any{"outgoing": map[string]any{"application_sid": "x"}}),
			ptGrant("chat", map[string]any{"service_sid": "y"}),
			ptGrant("data_sync", map[string]any{})), ptSecret)
	first := Verifier{Clock: ptClock(ptNow)}.Diagnose(tok, ptExpect).Findings
	for i := 0; i < 20; i++ {
		got := Verifier{Clock: ptClock(ptNow)}.Diagnose(tok, ptExpect).Findings
		if diff := cmp.Diff(first, got); diff != "" {
			t.Fatalf("run %d: mismatch (-want +got):\n%s", i, diff)
		}
	}
}

func TestDiagnoseVerifiedOnlyWithTheRightSecret(t *testing.T) {
	tok := ptToken()
	tests := []struct {
		name   string
		secret string
		want   bool
	}{
		{name: "right secret", secret: ptSecret, want: true},
		{name: "no secret", secret: "", want: false},
		{name: "wrong secret", secret: ptOtherSecret, want: false},
		{name: "right secret with a newline", secret: ptSecret + "\n", want: false},
		{name: "prefix of the secret", secret: ptSecret[:16], want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := Verifier{Clock: ptClock(ptNow)}.Diagnose(tok, Expect{APISecret: tc.secret})
			if d.Verified != tc.want {
				t.Errorf("Verified = %v, want %v", d.Verified, tc.want)
			}
		})
	}
}

// TestDiagnoseExpStringOnce is a regression test: an exp given as a string
// was reported both as "not a number" and as "missing".
func TestDiagnoseExpStringOnce(t *testing.T) {
	iat := ptNow.Unix()
	tok := ptToken(ptSet("exp", strconv.FormatInt(iat+3600, 10)))
	d := Verifier{Clock: func() time.Time { return ptNow }}.Diagnose(tok,
		Expect{APISecret: ptSecret})
	var exp []validate.Finding
	for _, f := range d.Findings {
		if f.Field == "exp" {
			exp = append(exp, f)
		}
	}
	if len(exp) != 1 || exp[0].Code != validate.CodeInvalidToken {
		t.Errorf("findings on exp = %v, want one 20101", exp)
	}
}
