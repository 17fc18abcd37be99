package accesstoken

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/google/go-cmp/cmp"

	"github.com/twiliotoken/twiliotoken/grants"
	"github.com/twiliotoken/twiliotoken/validate"
)

// ptSeedTokens returns tokens to seed the fuzzers with: the Node vectors,
// tokens minted here, and every broken token of the tables.
func ptSeedTokens(f *testing.F) []string {
	var toks []string
	for _, v := range ptVectors(f) {
		toks = append(toks, v.Token)
	}
	for _, mc := range ptMintCases() {
		toks = append(toks, mc.mint(f))
	}
	for _, tc := range ptParseFailures() {
		toks = append(toks, tc.token)
	}
	for _, tc := range ptDiagnoseCases() {
		toks = append(toks, tc.token)
	}
	return toks
}

// ptSeedSecrets are secrets worth trying with every seed token.
var ptSeedSecrets = []string{
	ptSecret, "", ptOtherSecret, ptSecret + "\n", `"` + ptSecret + `"`,
	"0123456789abcdef0123456789abcdef", ptAPIKeySID, "short",
}

// ptKnownCodes are the codes a ParseError may carry.
var ptKnownCodes = map[validate.Code]bool{
	validate.CodeInvalidToken: true, validate.CodeInvalidHeader: true,
	validate.CodeInvalidIssuerSubject: true, validate.CodeExpired: true,
	validate.CodeNotYetValid: true, validate.CodeInvalidGrants: true,
	validate.CodeInvalidSignature: true, validate.CodeTTLExceedsMaximum: true,
}

// ptCheckParseResult checks the contract of Parse and ParseUnverified for
// any input: an error is a *ParseError with a known code, and success
// returns claims.
func ptCheckParseResult(t *testing.T, what string, c *Claims, err error) {
	t.Helper()
	if err == nil {
		if c == nil {
			t.Fatalf("%s returned neither claims nor an error", what)
		}
		return
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("%s error %v (%T) is not a *ParseError", what, err, err)
	}
	if !ptKnownCodes[pe.Code] || !errors.Is(err, pe.Code) {
		t.Fatalf("%s error %v has code %d", what, err, pe.Code)
	}
}

func FuzzParse(f *testing.F) {
	for i, tok := range ptSeedTokens(f) {
		f.Add(tok, ptSeedSecrets[i%len(ptSeedSecrets)])
		f.Add(tok, ptSecret)
		// The payload alone: the target also signs its input as a payload.
		if parts := strings.Split(tok, "."); len(parts) == 3 {
			if p, err := base64.RawURLEncoding.DecodeString(parts[1]); err == nil {
				f.Add(string(p), ptSecret)
			}
		}
	}
	f.Fuzz(func(t *testing.T, token, secret string) {
		v := Verifier{Clock: ptClock(ptNow), Leeway: time.Minute}
		c, err := v.Parse(token, secret)
		ptCheckParseAgrees(t, token, c, err)
		if secret == "" && err == nil {
			t.Fatal("Parse accepted a token with no secret")
		}
		if err != nil && strings.Contains(err.Error(), secret) &&
			!ptShownAnyway(secret, token, "") {
			t.Fatalf("error shows the secret: %v", err)
		}

		// Random tokens almost never carry a valid signature; sign the
		// input as a payload so that the claims decoders see it too.
		signed := ptSign(ptHeader, token, ptSecret)
		c, err = v.Parse(signed, ptSecret)
		ptCheckParseAgrees(t, signed, c, err)
	})
}

// ptCheckParseAgrees checks the result of Parse, and that ParseUnverified
// decodes what Parse verified to the same claims.
func ptCheckParseAgrees(t *testing.T, token string, c *Claims, err error) {
	t.Helper()
	ptCheckParseResult(t, "Parse", c, err)
	u, uerr := ParseUnverified(token)
	ptCheckParseResult(t, "ParseUnverified", u, uerr)
	if err != nil {
		return
	}
	if uerr != nil {
		t.Fatalf("Parse succeeded but ParseUnverified failed: %v", uerr)
	}
	if diff := cmp.Diff(c, u); diff != "" {
		t.Fatalf("Parse and ParseUnverified mismatch (-Parse +ParseUnverified):\n%s", diff)
	}
}

func FuzzDiagnose(f *testing.F) {
	for i, tok := range ptSeedTokens(f) {
		f.Add(tok, ptSeedSecrets[i%len(ptSeedSecrets)], ptAccountSID, ptAPIKeySID)
	}
	f.Add(ptToken(), ptSecret, ptSID("AC"), "")
	f.Add(ptToken(), "", "", "")
	f.Add(ptPayload(), ptSecret, ptAccountSID, ptAPIKeySID)
	f.Fuzz(func(t *testing.T, token, secret, account, key string) {
		want := Expect{APISecret: secret, AccountSID: account, APIKeySID: key}
		ptCheckDiagnosis(t, token, want)
		// The input as a payload, signed, so that the claim checks see
		// JSON rather than base64.
		ptCheckDiagnosis(t, ptSign(ptHeader, token, ptSecret), want)
	})
}

// ptCheckDiagnosis checks what holds for the diagnosis of any token.
func ptCheckDiagnosis(t *testing.T, token string, want Expect) {
	t.Helper()
	d := Verifier{Clock: ptClock(ptNow), Leeway: time.Minute}.Diagnose(token, want)
	if d == nil {
		t.Fatal("Diagnose returned nil")
	}
	for _, f := range d.Findings {
		if f.Code == 0 || f.Field == "" || f.Message == "" {
			t.Fatalf("incomplete finding %#v", f)
		}
		if f.Severity != validate.Certain && f.Severity != validate.Warning {
			t.Fatalf("finding %v has severity %d", f, f.Severity)
		}
	}
	if d.Verified && want.APISecret == "" {
		t.Fatal("Verified without a secret")
	}
	for _, f := range d.Findings {
		// A verified token may still be refused, but not for its signature.
		if d.Verified && f.Severity == validate.Certain &&
			f.Code == validate.CodeInvalidSignature {
			t.Fatalf("Verified, yet a certain finding blames the signature: %v", f)
		}
	}
	ptFuzzNoSecret(t, d, token, want)
}

// ptFuzzNoSecret fails when the diagnosis shows the secret, unless
// ptShownAnyway says the text is there for another reason.
func ptFuzzNoSecret(t *testing.T, d *Diagnosis, token string, want Expect) {
	t.Helper()
	ref := want
	ref.APISecret = ptReferenceSecret
	refD := Verifier{Clock: ptClock(ptNow), Leeway: time.Minute}.Diagnose(token, ref)
	refJSON, _ := json.Marshal(refD)
	context := want.AccountSID + "\x00" + want.APIKeySID + "\x00" + string(refJSON) +
		"\x00" + ptList(refD)
	out, _ := json.Marshal(d)
	text := string(out) + "\x00" + ptList(d)
	for _, s := range []string{want.APISecret, ptCleanSecret(want.APISecret)} {
		if strings.Contains(text, s) && !ptShownAnyway(s, token, context) {
			t.Fatalf("the diagnosis shows the secret %q:\n%s", s, text)
		}
	}
}

// ptReferenceSecret is a secret no input contains.
const ptReferenceSecret = "\x00reference secret, not the one under test\x00"

// ptShownAnyway reports whether text containing secret may be there for
// another reason: the secret is short, or found in the token, its decoded
// parts, the context given, or what Parse and Diagnose say about secrets
// of every kind.
func ptShownAnyway(secret, token, context string) bool {
	return len(secret) < 10 || strings.Contains(token, secret) ||
		strings.Contains(ptDecoded(token), secret) || strings.Contains(context, secret) ||
		strings.Contains(ptSecretVocabulary(), secret)
}

// ptSecretVocabulary is all that Parse and Diagnose write about a token's
// secret, for secrets with each known problem. None of the secrets is a
// seed, so that a leak of a seed secret still shows.
var ptSecretVocabulary = sync.OnceValue(func() string {
	var b strings.Builder
	tok := ptToken()
	for _, s := range []string{
		ptReferenceSecret, "", "vocab", " vocab-vocab-vocab-vocab-vocab-vo ",
		"\ufeff'vocabvocabvocabvocabvocabvocab'\r\n", `"vocabvocabvocabvocabvocabvocab12"`,
		"0000000000000000ffffffffffffffff", ptSID("SK"),
	} {
		d := Verifier{Clock: ptClock(ptNow)}.Diagnose(tok, Expect{APISecret: s, APIKeySID: ptSID("SK")})
		b.WriteString(ptList(d))
		if _, err := (Verifier{Clock: ptClock(ptNow)}).Parse(tok, s); err != nil {
			b.WriteString(err.Error() + "\n")
		}
	}
	return b.String()
})

func FuzzRoundTrip(f *testing.F) {
	f.Add("alice", "standup", ptSID("IS"), "alice-device-1", "", int64(3600))
	f.Add("bob_1", "", "", "", "ie1", int64(1))
	f.Add("a\"b\\c<d>&\u2028😀", ptSID("RM"), ptSID("MG"), "e", "au1", int64(86400))
	f.Add("", "room", "IS", "", `x"y`, int64(86401))
	f.Add(strings.Repeat("z", 200), "\x00", "\t", "\n", "us1", int64(60))
	f.Fuzz(func(t *testing.T, identity, room, serviceSID, endpoint, region string, ttlSeconds int64) {
		gs := []grants.Grant{
			grants.Voice{
				IncomingAllow: room == "", OutgoingApplicationSID: ptSID("AP"),
				OutgoingApplicationParams: map[string]any{"room": room, "endpoint": endpoint},
				EndpointID:                endpoint,
			},
			grants.Video{Room: room},
			grants.Chat{ServiceSID: serviceSID, EndpointID: endpoint},
			grants.TaskRouter{WorkspaceSID: serviceSID, Role: room},
			grants.Playback{Grant: json.RawMessage(`{"room":` + ptJSONString(room) + `}`)},
		}
		if serviceSID != "" {
			gs = append(gs, grants.Sync{ServiceSID: serviceSID, EndpointID: endpoint})
		}
		ttl := time.Duration(ttlSeconds) * time.Second
		tok := New(ptAccountSID, ptAPIKeySID, ptSecret, WithIdentity(identity),
			WithClock(ptClock(ptNow)), WithTTL(ttl), WithRegion(region))
		for _, g := range gs {
			tok.AddGrant(g)
		}
		jwt, err := tok.ToJWT()
		if err != nil {
			return // refused: nothing to round-trip
		}
		c, err := Verifier{Clock: ptClock(ptNow)}.Parse(jwt, ptSecret)
		if err != nil {
			t.Fatalf("ToJWT made a token Parse refuses: %v\n%s", err, jwt)
		}
		if c.Identity != identity {
			t.Errorf("Identity = %q, want %q", c.Identity, identity)
		}
		if c.Region != region {
			t.Errorf("Region = %q, want %q", c.Region, region)
		}
		if want := ptNow.Add(ttl); !c.Expires.Equal(want) {
			t.Errorf("Expires = %v, want %v", c.Expires, want)
		}
		if diff := cmp.Diff(gs, c.Grants); diff != "" {
			t.Errorf("grants mismatch (-want +got):\n%s", diff)
		}
		if d := (Verifier{Clock: ptClock(ptNow)}).Diagnose(jwt, ptExpect); !d.OK() || !d.Verified {
			t.Errorf("Diagnose of a minted token: OK %v, Verified %v, certain: %v",
				d.OK(), d.Verified, ptCertainFindings(d))
		}
	})
}

// ptJSONString encodes s as a JSON string the way the minting code keeps
// it: with json.Marshal, without HTML escaping.
func ptJSONString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

func FuzzFastPathAgreesWithJOSE(f *testing.F) {
	keys := []string{ptSecret, ptOtherSecret, ptSecret + "x", ptSecret[:31], ptSecret + ptSecret}
	add := func(tok string) {
		for _, k := range keys {
			f.Add(tok, k)
		}
	}
	for _, v := range ptVectors(f) {
		add(v.Token)
	}
	for _, mc := range ptMintCases() {
		add(mc.mint(f))
	}
	valid := ptToken()
	parts := strings.Split(valid, ".")
	for i := 0; i < 256; i += 37 {
		add(parts[0] + "." + parts[1] + "." + ptFlipBit(parts[2], i))
	}
	regions := []string{"ie1", "au1", "us1", "x", "abcdefghijklmnop", "abcdefghijklmnopq",
		"IE1", "ie-1", "", `i"e`}
	for _, r := range regions {
		h := `{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1","twr":"` + r + `"}`
		add(ptSign(h, ptPayload(), ptSecret))
	}
	// Non-canonical base64: the last character of each part with its
	// unused low bits set decodes to the same bytes in go-jose.
	for i := range parts {
		p := append([]string(nil), parts...)
		p[i] = ptSetTrailingBits(p[i])
		add(strings.Join(p, "."))
	}
	add(valid + ".")
	add("." + valid)
	add(parts[0] + ".." + parts[1] + "." + parts[2])
	add(parts[0] + "." + parts[1] + "\n." + parts[2])
	add(parts[0] + "." + parts[1] + "." + parts[2] + "==")
	add(parts[0] + "." + base64.RawStdEncoding.EncodeToString([]byte(ptPayload())) + "." + parts[2])
	add(ptSign(ptHeader, "", ptSecret))
	add(ptSign(ptHeader, "not json", ptSecret))
	f.Fuzz(func(t *testing.T, token, key string) {
		region, payload, ok, decided := verifyFast(token, key)
		if !decided {
			return
		}
		var joseOK bool
		var josePayload []byte
		jws, err := jose.ParseSignedCompact(token, []jose.SignatureAlgorithm{jose.HS256})
		if err == nil {
			josePayload, err = jws.Verify([]byte(key))
			joseOK = err == nil
		}
		if ok != joseOK {
			t.Fatalf("verifyFast ok = %v, go-jose ok = %v (%v)", ok, joseOK, err)
		}
		if !ok {
			return
		}
		if !bytes.Equal(payload, josePayload) {
			t.Fatalf("payloads differ:\nfast %q\njose %q", payload, josePayload)
		}
		// The region comes from the header go-jose verified.
		var h struct {
			Twr string `json:"twr"`
		}
		raw, _ := base64.RawURLEncoding.DecodeString(token[:strings.IndexByte(token, '.')])
		if err := json.Unmarshal(raw, &h); err != nil || h.Twr != region {
			t.Fatalf("region %q, header %s (%v)", region, raw, err)
		}
	})
}

// ptSetTrailingBits sets the unused low bits of the last character of an
// unpadded base64url string, when it has any.
func ptSetTrailingBits(s string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	unused := map[int]int{2: 4, 3: 2}[len(s)%4] // bits the last character does not carry
	if unused == 0 {
		return s
	}
	last := strings.IndexByte(alphabet, s[len(s)-1])
	return s[:len(s)-1] + string(alphabet[last|(1<<unused-1)])
}
