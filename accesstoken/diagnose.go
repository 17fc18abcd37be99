package accesstoken

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/twiliotoken/twiliotoken/grants"
	"github.com/twiliotoken/twiliotoken/validate"
)

// Expect holds what the caller knows besides the token, for [Diagnose].
// Every field is optional; each one given enables more checks. Formatting
// an Expect, or logging it with log/slog, never shows APISecret; like any
// exported field, though, it is visible to fmt when the Expect itself sits
// in an unexported field of another struct, so keep it short-lived.
type Expect struct {
	APISecret  string // the secret the token should be signed with
	AccountSID string // the Account SID the token should be for (sub)
	APIKeySID  string // the API key SID that should have signed it (iss)
}

// String describes e without its secret.
func (e Expect) String() string {
	s := "none"
	if e.APISecret != "" {
		s = redacted
	}
	return "accesstoken.Expect{APISecret: " + s + ", AccountSID: " +
		shownSID(e.AccountSID) + ", APIKeySID: " + shownSID(e.APIKeySID) + "}"
}

// GoString is String, so that %#v does not show the secret either.
func (e Expect) GoString() string { return e.String() }

// Format prints String for every verb, so that no verb shows the secret.
func (e Expect) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(e.String())) }

// LogValue logs e without its secret.
func (e Expect) LogValue() slog.Value { return slog.StringValue(e.String()) }

// A Diagnosis is what [Diagnose] found in a token.
type Diagnosis struct {
	// Header and Payload are the decoded JSON parts, when they decode.
	Header  json.RawMessage `json:"header,omitempty"`
	Payload json.RawMessage `json:"payload,omitempty"`
	// Claims are the decoded claims, unverified, when they decode.
	Claims *Claims `json:"-"`
	// Verified is true when the signature verified with Expect.APISecret.
	Verified bool `json:"verified"`
	// Findings lists every problem found, certain ones first.
	Findings []validate.Finding `json:"findings"`
}

// OK reports whether no finding is [validate.Certain]: as far as can be
// told offline, Twilio will accept the token.
func (d *Diagnosis) OK() bool {
	for _, f := range d.Findings {
		if f.Severity == validate.Certain {
			return false
		}
	}
	return true
}

// Diagnose explains token with the zero [Verifier]; see
// [Verifier.Diagnose].
func Diagnose(token string, want Expect) *Diagnosis {
	return Verifier{}.Diagnose(token, want)
}

// Diagnose examines token offline and reports every problem that would
// make Twilio refuse it, each with the Twilio error code it predicts and a
// fix: its structure, header, claims, times (at v's clock and leeway),
// grants, and, when want gives a secret, its signature; when the signature
// does not verify, what about the secret explains it. It never fails and
// never panics: a token it cannot decode is itself a finding.
func (v Verifier) Diagnose(token string, want Expect) *Diagnosis {
	d := &diagnoser{v: v, want: want}
	d.run(token)
	sortFindings(d.out.Findings)
	return &d.out
}

type diagnoser struct {
	v    Verifier
	want Expect
	out  Diagnosis
}

func (d *diagnoser) add(sev validate.Severity, c validate.Code, field, msg, fix string) {
	d.out.Findings = append(d.out.Findings, validate.Finding{
		Severity: sev, Code: c, Field: field, Message: msg, Fix: fix,
	})
}

func (d *diagnoser) certain(c validate.Code, field, msg, fix string) {
	d.add(validate.Certain, c, field, msg, fix)
}

func (d *diagnoser) warn(c validate.Code, field, msg, fix string) {
	d.add(validate.Warning, c, field, msg, fix)
}

func (d *diagnoser) run(token string) {
	token = d.unwrap(token)
	if f := strings.Fields(token); len(f) > 1 {
		d.certain(validate.CodeInvalidToken, "token",
			"has spaces or line breaks inside it",
			"pass the token on one line, exactly as minted")
		token = strings.Join(f, "")
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		d.certain(validate.CodeInvalidToken, "token",
			"has "+strconv.Itoa(len(parts))+" dot-separated parts, not 3",
			"pass the whole compact JWT: header.payload.signature")
		return
	}
	var hdr, body []byte
	ok := true
	for i, name := range [...]string{"header", "payload", "signature"} {
		b, err := b64.DecodeString(parts[i])
		if err != nil || parts[i] == "" && name != "signature" {
			d.certain(validate.CodeInvalidToken, name,
				"is not unpadded base64url", "pass the token exactly as minted")
			ok = false
		}
		switch i {
		case 0:
			hdr = b
		case 1:
			body = b
		}
	}
	if !ok {
		return
	}
	alg := d.header(hdr)
	d.payload(body)
	d.signature(parts, alg)
}

// unwrap reports and removes what is wrapped around a token: whitespace,
// quotes, or a JSON object holding it.
func (d *diagnoser) unwrap(token string) string {
	if t := strings.TrimSpace(token); t != token {
		d.certain(validate.CodeInvalidToken, "token",
			"has whitespace or a newline around it",
			"trim the token before sending it to the SDK")
		token = t
	}
	if len(token) >= 2 && token[0] == '"' && token[len(token)-1] == '"' {
		var s string
		if json.Unmarshal([]byte(token), &s) == nil {
			d.certain(validate.CodeInvalidToken, "token",
				"is a quoted JSON string, not the token itself",
				"pass the string's value, without the quotes")
			return strings.TrimSpace(s)
		}
	}
	if strings.HasPrefix(token, "{") {
		var obj map[string]json.RawMessage
		if json.Unmarshal([]byte(token), &obj) == nil {
			d.certain(validate.CodeInvalidToken, "token",
				"is a JSON object, not the token itself",
				"pass the value of the object's token field to the SDK")
			var s string
			if json.Unmarshal(obj["token"], &s) == nil {
				return s
			}
		}
	}
	return token
}

// header checks the decoded header and returns its alg.
func (d *diagnoser) header(h []byte) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(h, &m) != nil || m == nil {
		d.certain(validate.CodeInvalidToken, "header", "is not a JSON object",
			"mint the token with an Access Token library")
		return ""
	}
	d.out.Header = h
	str := func(k string) (string, bool) {
		var s string
		raw, ok := m[k]
		ok = ok && json.Unmarshal(raw, &s) == nil
		return s, ok
	}
	alg, _ := str("alg")
	switch alg {
	case "HS256":
	case "":
		d.certain(validate.CodeInvalidHeader, "header.alg", "is missing",
			"sign with HS256")
	case "none":
		d.certain(validate.CodeInvalidHeader, "header.alg",
			"is none: the token is unsigned", "sign with HS256 and the API key secret")
	case "HS384", "HS512":
		d.certain(validate.CodeInvalidHeader, "header.alg",
			"is "+alg+"; Twilio accepts only HS256",
			"sign with HS256 (Node's and PHP's helpers offer others)")
	default:
		d.certain(validate.CodeInvalidHeader, "header.alg",
			"is "+quoteShort(alg)+"; Twilio accepts only HS256",
			"sign with HS256 and the API key secret, not a key pair")
	}
	if typ, _ := str("typ"); typ != "JWT" {
		d.certain(validate.CodeInvalidHeader, "header.typ",
			"is "+quoteShort(typ)+", not JWT", `set typ to "JWT"`)
	}
	if cty, _ := str("cty"); cty != ContentType {
		d.certain(validate.CodeInvalidHeader, "header.cty",
			"is "+quoteShort(cty)+", not "+ContentType,
			"set cty to "+ContentType+"; generic JWT libraries leave it out")
	}
	if _, present := m["twr"]; present {
		r, ok := str("twr")
		switch {
		case !ok || r == "":
			d.certain(validate.CodeInvalidHeader, "header.twr",
				"is not a region name", "remove twr, or set a region such as ie1")
		case !validate.IsKnownRegion(r):
			if f := validate.RegionWarning(r); f != nil {
				f.Field = "header.twr"
				d.out.Findings = append(d.out.Findings, *f)
			}
		}
	}
	var extra []string
	for k := range m {
		switch k {
		case "alg", "typ", "cty", "twr":
		default:
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	for _, k := range extra {
		d.certain(validate.CodeInvalidHeader, "header."+quoteShort(k),
			"is a field Twilio does not accept",
			"send only alg, typ, cty and twr")
	}
	return alg
}

func quoteShort(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strconv.Quote(s)
}

func sortFindings(fs []validate.Finding) {
	// Stable: certain findings first, each group in discovery order.
	out := make([]validate.Finding, 0, len(fs))
	for _, sev := range [...]validate.Severity{validate.Certain, validate.Warning} {
		for _, f := range fs {
			if f.Severity == sev {
				out = append(out, f)
			}
		}
	}
	copy(fs, out)
}

// signature checks the signature with the expected secret and explains a
// mismatch.
func (d *diagnoser) signature(parts []string, alg string) {
	secret := d.want.APISecret
	if secret == "" {
		d.warn(validate.CodeInvalidSignature, "signature",
			"was not checked: no API key secret given",
			"give the secret to check the signature")
		return
	}
	if alg != "HS256" {
		return // already a certain finding; no HMAC to compare
	}
	input := parts[0] + "." + parts[1]
	sig, _ := b64.DecodeString(parts[2])
	if signedWith(input, sig, secret) {
		d.out.Verified = true
		return
	}
	d.certain(validate.CodeInvalidSignature, "signature",
		"does not verify with the given API key secret",
		"sign with the secret of the API key named in iss")
	for _, f := range validate.Findings(validate.Secret(secret)) {
		f.Message = f.Message + ", which explains the bad signature"
		d.out.Findings = append(d.out.Findings, f)
	}
	clean := cleanSecret(secret)
	if len(clean) != 32 {
		d.certain(validate.CodeInvalidSignature, "APISecret",
			"is "+strconv.Itoa(len(clean))+" bytes long; API key secrets "+
				"are 32 letters and digits", "copy the whole secret, and nothing else")
	}
	if clean != secret && signedWith(input, sig, clean) {
		d.certain(validate.CodeInvalidSignature, "APISecret",
			"verifies the token once trimmed of whitespace and quotes: "+
				"the two sides read the secret differently",
			"trim the secret where it is read, on both sides")
	}
	if d.out.Claims != nil && d.want.APIKeySID != "" &&
		d.out.Claims.APIKeySID != d.want.APIKeySID {
		d.certain(validate.CodeInvalidSignature, "APISecret",
			"belongs to "+shownSID(d.want.APIKeySID)+", but the token names "+
				"another key in iss", "verify with the secret of the key in iss")
	}
}

func signedWith(input string, sig []byte, secret string) bool {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(input))
	return hmac.Equal(mac.Sum(nil), sig)
}

// cleanSecret removes a byte-order mark, whitespace and quotes around s.
func cleanSecret(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// payload checks the claims.
func (d *diagnoser) payload(body []byte) {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil || m == nil {
		d.certain(validate.CodeInvalidToken, "payload", "is not a JSON object",
			"mint the token with an Access Token library")
		return
	}
	d.out.Payload = body
	d.issuerSubject(m)
	d.times(m)
	if raw, ok := m["jti"]; !ok || len(raw) < 3 || raw[0] != '"' {
		d.warn(validate.CodeInvalidToken, "jti", "is missing or not a string",
			"set jti to <API key SID>-<issue time>, as Twilio's helpers do")
	}
	d.grants(m["grants"])
	if c, err := decodeClaims(body, ""); err == nil {
		d.out.Claims = c
		_ = json.Unmarshal(d.out.Header, &struct {
			Twr *string `json:"twr"`
		}{&c.Region})
	}
}

func (d *diagnoser) issuerSubject(m map[string]json.RawMessage) {
	var iss, sub string
	_ = json.Unmarshal(m["iss"], &iss)
	_ = json.Unmarshal(m["sub"], &sub)
	const code = validate.CodeInvalidIssuerSubject
	switch {
	case validate.IsSID(iss, "AC") && validate.IsSID(sub, "SK"):
		d.certain(code, "iss", "and sub are swapped",
			"put the API key SID in iss and the Account SID in sub")
	case validate.IsSID(iss, "AC"):
		d.certain(code, "iss", "is an Account SID: the token was signed "+
			"with the Account SID and Auth Token, not an API key",
			"create an API key and sign with its SID and secret")
	default:
		if err := validate.SID("iss", iss, "SK", code); err != nil {
			d.addErr(err)
		}
		if err := validate.SID("sub", sub, "AC", code); err != nil {
			d.addErr(err)
		}
	}
	if w := d.want.AccountSID; w != "" && sub != w && validate.IsSID(sub, "AC") {
		d.certain(code, "sub", "is "+sub+", not the expected Account SID "+
			shownSID(w), "mint with the account the SDK signs in to")
	}
	if w := d.want.APIKeySID; w != "" && iss != w && validate.IsSID(iss, "SK") {
		d.certain(code, "iss", "is "+iss+", not the expected API key SID "+
			shownSID(w), "mint with the expected API key")
	}
}

func (d *diagnoser) addErr(err error) {
	d.out.Findings = append(d.out.Findings, validate.Findings(err)...)
}

// millis is a time in seconds beyond which a timestamp must be in
// milliseconds: the year 5138.
const millis = 1e11

func (d *diagnoser) times(m map[string]json.RawMessage) {
	read := func(name string) (int64, bool) {
		raw, ok := m[name]
		if !ok || string(raw) == "null" {
			return 0, false
		}
		n, err := strconv.ParseInt(string(raw), 10, 64)
		if err == nil {
			return n, true
		}
		if f, ferr := strconv.ParseFloat(string(raw), 64); ferr == nil {
			d.certain(validate.CodeInvalidToken, name,
				"is not a whole number of seconds",
				"write times as integer Unix seconds")
			return int64(f), true
		}
		d.certain(validate.CodeInvalidToken, name, "is not a number",
			"write times as integer Unix seconds")
		return 0, false
	}
	_, expPresent := m["exp"]
	exp, hasExp := read("exp")
	nbf, hasNbf := read("nbf")
	iat, hasIat := read("iat")
	for _, t := range [...]struct {
		name string
		v    int64
		has  bool
	}{{"exp", exp, hasExp}, {"nbf", nbf, hasNbf}, {"iat", iat, hasIat}} {
		if t.has && t.v > millis {
			d.certain(validate.CodeTTLExceedsMaximum, t.name,
				"looks like milliseconds, not seconds",
				"divide by 1000: JWT times are Unix seconds")
		}
	}
	if !hasExp {
		if !expPresent || string(m["exp"]) == "null" {
			d.certain(validate.CodeExpired, "exp", "is missing",
				"set exp to the issue time plus the lifetime")
		}
		return
	}
	now := d.now()
	leeway := int64(d.v.Leeway / time.Second)
	switch {
	case now > exp+leeway:
		d.certain(validate.CodeExpired, "exp", "passed "+
			ago(now-exp)+" ago", "mint a new token; refresh before it expires")
	case hasNbf && nbf > now+leeway:
		d.certain(validate.CodeNotYetValid, "nbf", "is "+ago(nbf-now)+
			" in the future", "leave nbf unset, or check the minting server's clock")
	}
	if hasNbf && nbf >= exp {
		d.certain(validate.CodeExpired, "exp", "is not after nbf; the "+
			"token is never valid", "set exp after nbf")
	}
	if hasIat && iat >= exp {
		d.certain(validate.CodeExpired, "exp", "is not after iat",
			"set exp to iat plus the lifetime")
	}
	if hasIat && iat > now+leeway && iat < millis {
		d.warn(validate.CodeNotYetValid, "iat", "is "+ago(iat-now)+
			" in the future: the minting server's clock runs ahead",
			"synchronise the minting server's clock (NTP)")
	}
	start := now
	if hasIat {
		start = iat
	} else if hasNbf {
		start = nbf
	}
	if exp-start > int64(validate.MaxTTL/time.Second) && exp < millis {
		d.certain(validate.CodeTTLExceedsMaximum, "exp", "is "+
			ago(exp-start)+" after the token's start, over the 24 hour maximum",
			"use a lifetime of at most 24 hours")
	}
}

func (d *diagnoser) now() int64 {
	if d.v.Clock != nil {
		return d.v.Clock().Unix()
	}
	return time.Now().Unix()
}

// ago formats a number of seconds as a short duration, such as "42m" or
// "1h5m".
func ago(s int64) string {
	if s > 1e9 {
		return strconv.FormatInt(s, 10) + "s"
	}
	out := (time.Duration(s) * time.Second).String()
	if strings.HasSuffix(out, "m0s") {
		out = out[:len(out)-2]
	}
	if strings.HasSuffix(out, "h0m") {
		out = out[:len(out)-2]
	}
	return out
}

// grants checks the grants claim.
func (d *diagnoser) grants(raw json.RawMessage) {
	var m map[string]json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &m) != nil || m == nil {
		d.certain(validate.CodeInvalidGrants, "grants",
			"is missing or not an object", "put identity and the product "+
				"grants in an object under grants")
		return
	}
	var identity string
	if rawID, ok := m["identity"]; ok && json.Unmarshal(rawID, &identity) != nil {
		d.certain(validate.CodeInvalidGrants, "grants.identity",
			"is not a string", "write the identity as a JSON string")
	}
	var gs []grants.Grant
	for k, v := range m {
		if k == "identity" {
			continue
		}
		g, err := grants.Decode(k, v)
		if err != nil {
			d.certain(validate.CodeInvalidGrants, "grants."+k,
				"does not have the shape of that grant",
				"encode the grant as an object with its documented fields")
			continue
		}
		gs = append(gs, g)
	}
	sortGrants(gs)
	fs := validate.Findings(checkGrants(nil, identity, gs).Err())
	for _, f := range append(fs, grantWarnings(identity, gs)...) {
		f.Field = claimField(f.Field)
		d.out.Findings = append(d.out.Findings, f)
	}
}

// claimField names a token setting by the claim that holds it.
func claimField(f string) string {
	switch {
	case f == "Identity":
		return "grants.identity"
	case strings.HasPrefix(f, "grants"):
		return f
	}
	return "grants." + f
}

// sortGrants orders grants by key, so that findings come in a stable order
// whatever order the map was ranged in.
func sortGrants(gs []grants.Grant) {
	for i := 1; i < len(gs); i++ {
		for j := i; j > 0 && gs[j].Key() < gs[j-1].Key(); j-- {
			gs[j], gs[j-1] = gs[j-1], gs[j]
		}
	}
}
