package accesstoken

import (
	"errors"

	"github.com/twiliotoken/twiliotoken/grants"
	"github.com/twiliotoken/twiliotoken/validate"
)

// A Token builds one Access Token: credentials, options and grants, turned
// into a signed JWT by [Token.ToJWT]. Create it with [New] or
// [Minter.New].
//
// Build a Token in one goroutine. Once built, ToJWT, Validate and Warnings
// may be called from many goroutines at once, as long as nobody calls
// AddGrant any more; each ToJWT reads the clock again and mints a fresh
// token.
//
// Formatting a Token with fmt or log/slog never shows its secret.
type Token struct {
	accountSID string
	apiKeySID  string
	secret     secret // a function: see secret
	settings
	grants []grants.Grant
	dups   []string // keys of grants replaced by a later AddGrant
	minter *Minter  // set when the credentials were checked by NewMinter
}

// New starts a token signed with an API key: accountSID is the Account SID
// (AC…), apiKeySID the API key SID (SK…) and apiSecret that key's secret.
//
// New never fails: every problem with the credentials, the options and the
// grants is reported together by [Token.ToJWT] and [Token.Validate].
func New(accountSID, apiKeySID, apiSecret string, opts ...Option) *Token {
	t := &Token{
		accountSID: accountSID,
		apiKeySID:  apiKeySID,
		secret:     keepSecret(apiSecret),
		settings:   settings{ttl: DefaultTTL},
	}
	t.apply(opts) // in place: a settings of its own would escape
	return t
}

// AddGrant adds a grant and returns t, so that calls chain. A grant with
// the same key as one added before replaces it in its place, as in Twilio's
// helpers (all but C#'s); [Token.Warnings] reports the replacement. A nil
// grant is ignored.
func (t *Token) AddGrant(g grants.Grant) *Token {
	if g == nil {
		return t
	}
	key := g.Key()
	for i, old := range t.grants {
		if old.Key() == key {
			t.grants[i] = g
			t.dups = append(t.dups, key)
			return t
		}
	}
	t.grants = append(t.grants, g)
	return t
}

// Grants returns the token's grants in the order they will be encoded. The
// slice is a copy.
func (t *Token) Grants() []grants.Grant {
	return append([]grants.Grant(nil), t.grants...)
}

// ToJWT checks the token and returns it as a signed compact JWT (HS256). If
// anything would make Twilio refuse the token, it returns "" and every
// problem found, as [validate.Errors]; see [Token.Validate].
func (t *Token) ToJWT() (string, error) {
	return t.mintAt(t.now().Unix(), t.identity, t.grants)
}

// mintAt checks t issued at iat (Unix seconds) with the identity and
// grants given, in place of its own, and signs it. [Minter.MintAt] passes
// them here, so that it can mint from the Minter's Token without copying
// it, and so that its caller's slice of grants does not escape to the heap
// with a Token.
func (t *Token) mintAt(iat int64, identity string, gs []grants.Grant) (string, error) {
	if err := t.check(iat, identity, gs); err != nil {
		return "", err
	}
	if t.minter != nil {
		return t.minter.sign(t, identity, gs, iat)
	}
	s := scratchPool.Get().(*scratch)
	defer s.release()
	return s.sign(t, identity, gs, s.macFor(t.apiSecret()), iat)
}

// Validate reports every problem that would make ToJWT fail, as
// [validate.Errors], or nil. It checks the credentials (see
// [validate.Credentials]), the lifetime and not-before time at the current
// clock, the identity, and each grant.
func (t *Token) Validate() error {
	return t.check(t.now().Unix(), t.identity, t.grants)
}

// check reports the problems of t with the identity and grants given,
// issued at iat.
func (t *Token) check(iat int64, identity string, gs []grants.Grant) error {
	var errs validate.Errors
	if t.minter == nil {
		errs = validate.CredentialErrors(errs, t.accountSID, t.apiKeySID, t.apiSecret())
	}
	errs = appendErr(errs, validate.TTL(t.ttl))
	errs = appendErr(errs, validate.Text("Region", t.region, validate.CodeInvalidToken))
	if !t.nbf.IsZero() {
		errs = appendErr(errs, validate.NotBefore(t.nbf, unix(iat),
			unix(iat).Add(t.ttl)))
	}
	return checkGrants(errs, identity, gs).Err()
}

// checkGrants appends the problems of an identity and the grants it goes
// with: an identity missing where a grant needs one, and each grant's own.
func checkGrants(errs validate.Errors, identity string, gs []grants.Grant) validate.Errors {
	requiredBy := "" // which grant needs an identity matters only without one
	if identity == "" {
		requiredBy = identityNeededBy(gs)
	}
	errs = appendErr(errs, validate.Identity(identity, requiredBy))
	for _, g := range gs {
		if v, ok := g.(grants.Validator); ok {
			errs = appendErr(errs, v.Validate())
		}
	}
	return errs
}

// identityNeededBy returns the key of the first grant that needs an
// identity, or "".
func identityNeededBy(gs []grants.Grant) string {
	for _, g := range gs {
		if r, ok := g.(grants.IdentityRequirer); ok && r.RequiresIdentity() {
			return g.Key()
		}
	}
	return ""
}

// appendErr appends err, or each element of err when it is a list.
func appendErr(errs validate.Errors, err error) validate.Errors {
	if err == nil {
		return errs
	}
	var list validate.Errors
	if errors.As(err, &list) {
		return append(errs, list...)
	}
	return append(errs, err)
}

// Warnings reports what is unusual about the token without making Twilio
// refuse it: a secret of an unexpected shape, SIDs in upper case or with an
// unexpected prefix in grants, an identity that Voice or Video may refuse,
// an unknown region, a grant replaced by another of the same kind, or no
// product grant at all.
func (t *Token) Warnings() []validate.Finding {
	var fs []validate.Finding
	if t.minter == nil {
		fs = append(fs, validate.CredentialWarnings(t.accountSID, t.apiKeySID,
			t.apiSecret())...)
	}
	fs = append(fs, grantWarnings(t.identity, t.grants)...)
	if f := validate.RegionWarning(t.region); f != nil {
		fs = append(fs, *f)
	}
	for _, key := range t.dups {
		fs = append(fs, validate.Finding{
			Severity: validate.Warning, Code: validate.CodeInvalidGrants,
			Field:   "grants." + key,
			Message: "was added more than once; the last one added is used",
			Fix:     "add each kind of grant once",
		})
	}
	return fs
}

// grantWarnings reports what is unusual about an identity and its grants:
// each grant's own warnings, an identity Voice or Video may refuse, and the
// lack of any product grant.
func grantWarnings(identity string, gs []grants.Grant) []validate.Finding {
	var fs []validate.Finding
	var voice, video bool
	for _, g := range gs {
		switch g.(type) {
		case grants.Voice:
			voice = true
		case grants.Video:
			video = true
		}
		if w, ok := g.(grants.Warner); ok {
			fs = append(fs, w.Warnings()...)
		}
	}
	fs = append(fs, validate.IdentityWarnings(identity, voice, video)...)
	if len(gs) == 0 {
		fs = append(fs, validate.Finding{
			Severity: validate.Warning, Code: validate.CodeInvalidGrants,
			Field:   "grants",
			Message: "has no product grant; no SDK will accept the token",
			Fix:     "add the grant of the product the client uses",
		})
	}
	return fs
}
