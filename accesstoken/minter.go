package accesstoken

import (
	"sync"
	"time"

	"github.com/twiliotoken/twiliotoken/grants"
	"github.com/twiliotoken/twiliotoken/validate"
)

// A Minter mints many tokens with one set of credentials, for servers that
// hand out tokens on every login. Its credentials and default options are
// checked once, by [NewMinter], and its HMAC state and buffers are reused
// from token to token.
//
// A Minter is safe for concurrent use by multiple goroutines. Formatting it
// with fmt or log/slog never shows its secret.
type Minter struct {
	base Token     // the credentials and default options, for every token
	pool sync.Pool // of *scratch, each with its mac keyed
}

// NewMinter checks the credentials and options and returns a Minter that
// signs with them. The options are the defaults of every token it mints;
// [WithIdentity] is rarely useful here. On any problem it returns nil and
// every problem found, as [validate.Errors].
func NewMinter(accountSID, apiKeySID, apiSecret string, opts ...Option) (*Minter, error) {
	defaults := newSettings(opts)
	errs := validate.CredentialErrors(nil, accountSID, apiKeySID, apiSecret)
	errs = appendErr(errs, validate.TTL(defaults.ttl))
	if len(errs) > 0 {
		return nil, errs
	}
	m := new(Minter)
	m.base = Token{
		accountSID: accountSID,
		apiKeySID:  apiKeySID,
		secret:     keepSecret(apiSecret),
		settings:   defaults,
		minter:     m,
	}
	m.pool.New = func() any {
		s := newScratch()
		s.macFor(apiSecret)
		return s
	}
	return m, nil
}

// New starts a token signed with the Minter's credentials, with the
// Minter's options followed by opts.
func (m *Minter) New(opts ...Option) *Token {
	t := new(Token)
	*t = m.base
	t.apply(opts)
	return t
}

// Mint returns a signed token for identity with the given grants and the
// Minter's options. It is the fast path: with the grants checked and
// encoded straight into reused buffers, it allocates little more than the
// returned string. Like [Token.ToJWT], it returns "" and every problem
// found when Twilio would refuse the token.
func (m *Minter) Mint(identity string, gs ...grants.Grant) (string, error) {
	return m.MintAt(m.base.now(), identity, gs...)
}

// MintAt is [Minter.Mint] with the issue time given rather than read from
// the Minter's clock: the token's iat is issuedAt in whole seconds, and it
// expires [Minter.TTL] later. A server uses it to tell its client when the
// token expires.
func (m *Minter) MintAt(issuedAt time.Time, identity string, gs ...grants.Grant) (string, error) {
	if !distinct(gs) {
		gs = deduplicated(gs)
	}
	return m.base.mintAt(issuedAt.Unix(), identity, gs)
}

// TTL returns the lifetime of the tokens m mints.
func (m *Minter) TTL() time.Duration { return m.base.ttl }

// deduplicated returns gs without nil grants and with each grant replaced
// in its place by the last one of the same key, as [Token.AddGrant] does.
// It leaves gs as it is, so that the caller's slice need not escape.
func deduplicated(gs []grants.Grant) []grants.Grant {
	var t Token
	for _, g := range gs {
		t.AddGrant(g)
	}
	return t.grants
}

// distinct reports whether gs has no nil grant and no two grants with the
// same key, so that it can be encoded as it is.
func distinct(gs []grants.Grant) bool {
	for i, g := range gs {
		if g == nil {
			return false
		}
		for _, h := range gs[:i] {
			if h.Key() == g.Key() {
				return false
			}
		}
	}
	return true
}

func (m *Minter) sign(t *Token, identity string, gs []grants.Grant, iat int64) (string, error) {
	s := m.pool.Get().(*scratch)
	defer m.pool.Put(s)
	s.mac.Reset()
	return s.sign(t, identity, gs, s.mac, iat)
}
