package accesstoken

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/twiliotoken/twiliotoken/validate"
)

// ParseError reports why a token failed to parse or verify, with the
// Twilio error code Twilio would answer it with. Match the code with
// [errors.Is], such as errors.Is(err, validate.CodeExpired).
type ParseError struct {
	Code   validate.Code
	Reason string // what is wrong, such as "signature does not verify"
	Err    error  // the underlying cause, if any
}

// Error describes the problem and the Twilio error it corresponds to.
func (e *ParseError) Error() string {
	s := "accesstoken: " + e.Reason + " (Twilio error " + e.Code.String() + ")"
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the Code and the underlying cause.
func (e *ParseError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Code}
	}
	return []error{e.Code, e.Err}
}

func parseErr(c validate.Code, reason string, err error) *ParseError {
	return &ParseError{Code: c, Reason: reason, Err: err}
}

// A Verifier checks tokens. The zero value reads the wall clock and allows
// no clock skew. A Verifier is safe for concurrent use.
type Verifier struct {
	// Clock tells the time to check exp and nbf against; nil means
	// [time.Now].
	Clock func() time.Time
	// Leeway is how far past exp, or before nbf, a token is still accepted,
	// to absorb clock skew between servers. Zero checks exactly.
	Leeway time.Duration
}

// Parse verifies token with the API key secret and returns its claims, with
// the zero [Verifier]: no leeway, the wall clock. See [Verifier.Parse].
func Parse(token, apiSecret string) (*Claims, error) {
	return Verifier{}.Parse(token, apiSecret)
}

// Parse verifies token's HS256 signature with the API key secret, checks
// its header, claims and times, and returns its claims. Any failure is a
// [*ParseError] carrying the Twilio error code it corresponds to; an empty
// secret is an error, never a reason to skip verification.
//
// The signature is checked by go-jose with only HS256 allowed, except for
// tokens whose header is exactly the one this module and Twilio's helpers
// write: those take a fast path that checks the same HMAC in constant time
// and is tested to agree with go-jose on every input.
func (v Verifier) Parse(token, apiSecret string) (*Claims, error) {
	if apiSecret == "" {
		return nil, parseErr(validate.CodeInvalidSignature,
			"no API key secret given to verify with", nil)
	}
	region, payload, err := verify(token, apiSecret)
	if err != nil {
		return nil, err
	}
	c, err := decodeClaims(payload, region)
	if err != nil {
		return nil, err
	}
	if err := v.checkTimes(c); err != nil {
		return nil, err
	}
	return c, nil
}

func (v Verifier) checkTimes(c *Claims) error {
	now := time.Now
	if v.Clock != nil {
		now = v.Clock
	}
	t := now()
	switch {
	case t.After(c.Expires.Add(v.Leeway)):
		return parseErr(validate.CodeExpired, "token expired at "+
			c.Expires.UTC().Format(time.RFC3339), nil)
	case !c.NotBefore.IsZero() && c.NotBefore.After(t.Add(v.Leeway)):
		return parseErr(validate.CodeNotYetValid, "token is not valid before "+
			c.NotBefore.UTC().Format(time.RFC3339), nil)
	case c.Expires.Sub(issued(c, t)) > validate.MaxTTL:
		return parseErr(validate.CodeTTLExceedsMaximum,
			"token lifetime exceeds 24 hours", nil)
	}
	return nil
}

// issued returns the start of a token's lifetime: iat, else nbf, else now.
func issued(c *Claims, now time.Time) time.Time {
	switch {
	case !c.IssuedAt.IsZero():
		return c.IssuedAt
	case !c.NotBefore.IsZero():
		return c.NotBefore
	}
	return now
}

// ParseUnverified decodes token's header and claims WITHOUT checking its
// signature or times. Nothing it returns can be trusted; use it to show
// what a token says, as a debugging aid, never to authorise anything.
func ParseUnverified(token string) (*Claims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, parseErr(validate.CodeInvalidToken,
			"token does not have three dot-separated parts", nil)
	}
	h, err := b64.DecodeString(parts[0])
	if err != nil {
		return nil, parseErr(validate.CodeInvalidToken,
			"header is not base64url", err)
	}
	region, err := checkHeader(h)
	if err != nil {
		return nil, err
	}
	p, err := b64.DecodeString(parts[1])
	if err != nil {
		return nil, parseErr(validate.CodeInvalidToken,
			"payload is not base64url", err)
	}
	return decodeClaims(p, region)
}

// verify checks the signature and header and returns the region and the
// payload.
func verify(token, secret string) (region string, payload []byte, err error) {
	if len(secret) < sha256.Size {
		// go-jose refuses HS256 keys shorter than the hash, as RFC 7518
		// requires; Twilio's secrets are 32 bytes.
		return "", nil, parseErr(validate.CodeInvalidSignature,
			"API key secret is shorter than 32 bytes", nil)
	}
	if region, payload, ok, decided := verifyFast(token, secret); decided {
		if !ok {
			return "", nil, parseErr(validate.CodeInvalidSignature,
				"signature does not verify with the API key secret", nil)
		}
		return region, payload, nil
	}
	return verifyJOSE(token, secret)
}

var allowedAlgs = []jose.SignatureAlgorithm{jose.HS256}

// verifyJOSE checks a token's header, then its signature through go-jose,
// with HS256 alone allowed.
func verifyJOSE(token, secret string) (string, []byte, error) {
	if strings.Count(token, ".") != 2 {
		return "", nil, parseErr(validate.CodeInvalidToken,
			"token does not have three dot-separated parts", nil)
	}
	head, _, _ := strings.Cut(token, ".")
	h, err := b64.DecodeString(head)
	if err != nil {
		return "", nil, parseErr(validate.CodeInvalidToken,
			"header is not base64url", err)
	}
	region, err := checkHeader(h)
	if err != nil {
		return "", nil, err
	}
	jws, err := jose.ParseSignedCompact(token, allowedAlgs)
	if err != nil {
		return "", nil, parseErr(validate.CodeInvalidToken,
			"token is not a valid HS256 JWS", err)
	}
	payload, err := jws.Verify([]byte(secret))
	if err != nil {
		return "", nil, parseErr(validate.CodeInvalidSignature,
			"signature does not verify with the API key secret", err)
	}
	return region, payload, nil
}

// checkHeader checks a decoded header: alg HS256, typ JWT, cty
// twilio-fpa;v=1, an optional string twr, and nothing else.
func checkHeader(h []byte) (region string, err error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(h, &m); err != nil || m == nil {
		return "", parseErr(validate.CodeInvalidToken,
			"header is not a JSON object", err)
	}
	for _, want := range [...]struct{ key, value string }{
		{"alg", "HS256"}, {"typ", "JWT"}, {"cty", ContentType},
	} {
		var got string
		raw, ok := m[want.key]
		if !ok || json.Unmarshal(raw, &got) != nil || got != want.value {
			return "", parseErr(validate.CodeInvalidHeader,
				"header "+want.key+" is not "+want.value, nil)
		}
		delete(m, want.key)
	}
	if raw, ok := m["twr"]; ok {
		if json.Unmarshal(raw, &region) != nil || region == "" {
			return "", parseErr(validate.CodeInvalidHeader,
				"header twr is not a region name", nil)
		}
		delete(m, "twr")
	}
	for k := range m {
		return "", parseErr(validate.CodeInvalidHeader,
			"header has a field Twilio does not accept: "+k, nil)
	}
	return region, nil
}

// verifyFast verifies tokens whose header is one this module writes,
// without go-jose. decided is false when the token is not of that form, and
// the caller must then ask go-jose. When decided, ok agrees with go-jose's
// verdict for the same token and key; FuzzFastPathAgreesWithJOSE checks it.
//
// It decides only for tokens whose three parts are canonical unpadded
// base64url (no line breaks, zero trailing bits), because go-jose signs and
// verifies the canonical re-encoding of what it decodes.
func verifyFast(token, secret string) (region string, payload []byte, ok, decided bool) {
	if len(secret) < sha256.Size {
		return "", nil, false, false
	}
	dot1 := strings.IndexByte(token, '.')
	if dot1 < 0 {
		return "", nil, false, false
	}
	rest := token[dot1+1:]
	dot2 := strings.IndexByte(rest, '.')
	if dot2 < 0 || strings.IndexByte(rest[dot2+1:], '.') >= 0 {
		return "", nil, false, false
	}
	head, body, sig := token[:dot1], rest[:dot2], rest[dot2+1:]
	region, known := headerRegion(head)
	if !known || !canonical(body) || !canonical(sig) ||
		len(sig) != b64.EncodedLen(sha256.Size) {
		return "", nil, false, false
	}
	var want, got [sha256.Size]byte
	if _, err := strictB64.Decode(got[:], []byte(sig)); err != nil {
		return "", nil, false, false
	}
	payload, err := strictB64.DecodeString(body)
	if err != nil {
		return "", nil, false, false
	}
	s := scratchPool.Get().(*scratch)
	mac := s.macFor(secret)
	s.out = append(s.out[:0], token[:dot1+1+dot2]...)
	mac.Write(s.out)
	mac.Sum(want[:0])
	s.release()
	if !hmac.Equal(want[:], got[:]) {
		return "", nil, false, true
	}
	return region, payload, true, true
}

var strictB64 = b64.Strict()

// canonical reports whether s holds only base64url characters, so that a
// strict decoder accepts it only in canonical form.
func canonical(s string) bool {
	for i := 0; i < len(s); i++ {
		if !base64URL[s[i]] {
			return false
		}
	}
	return true
}

// base64URL marks the characters of the base64url alphabet.
var base64URL = func() (t [256]bool) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") {
		t[c] = true
	}
	return t
}()

// headerRegion reports whether head is the encoded header this module
// writes, and the region it names.
func headerRegion(head string) (string, bool) {
	if head == plainHeader {
		return "", true
	}
	if !canonical(head) {
		return "", false
	}
	h, err := strictB64.DecodeString(head)
	if err != nil {
		return "", false
	}
	prefix := []byte(headerJSON + `,"twr":"`)
	if !bytes.HasPrefix(h, prefix) || !bytes.HasSuffix(h, []byte(`"}`)) {
		return "", false
	}
	r := h[len(prefix) : len(h)-2]
	if len(r) == 0 || len(r) > 16 {
		return "", false
	}
	for _, c := range r {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return "", false
		}
	}
	return string(r), true
}
