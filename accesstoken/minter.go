package accesstoken

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash"
	"sync"

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
	accountSID string
	apiKeySID  string
	secret     string
	defaults   settings
	pool       sync.Pool // of *minterScratch
}

type minterScratch struct {
	scratch
	mac hash.Hash
}

// NewMinter checks the credentials and options and returns a Minter that
// signs with them. The options are the defaults of every token it mints;
// [WithIdentity] is rarely useful here. On any problem it returns nil and
// every problem found, as [validate.Errors].
func NewMinter(accountSID, apiKeySID, apiSecret string, opts ...Option) (*Minter, error) {
	m := &Minter{
		accountSID: accountSID,
		apiKeySID:  apiKeySID,
		secret:     apiSecret,
		defaults:   newSettings(opts),
	}
	errs := validate.CredentialErrors(nil, accountSID, apiKeySID, apiSecret)
	errs = appendErr(errs, validate.TTL(m.defaults.ttl))
	if len(errs) > 0 {
		return nil, errs
	}
	key := []byte(apiSecret)
	m.pool.New = func() any {
		return &minterScratch{scratch: *newScratch(), mac: hmac.New(sha256.New, key)}
	}
	return m, nil
}

// New starts a token signed with the Minter's credentials, with the
// Minter's options followed by opts.
func (m *Minter) New(opts ...Option) *Token {
	t := &Token{
		accountSID: m.accountSID,
		apiKeySID:  m.apiKeySID,
		secret:     m.secret,
		settings:   m.defaults,
		minter:     m,
	}
	for _, o := range opts {
		if o != nil {
			o(&t.settings)
		}
	}
	return t
}

// Mint returns a signed token for identity with the given grants and the
// Minter's options. It is the fast path: with the grants checked and
// encoded straight into reused buffers, it allocates little more than the
// returned string. Like [Token.ToJWT], it returns "" and every problem
// found when Twilio would refuse the token.
func (m *Minter) Mint(identity string, gs ...grants.Grant) (string, error) {
	t := Token{
		accountSID: m.accountSID,
		apiKeySID:  m.apiKeySID,
		secret:     m.secret,
		settings:   m.defaults,
		grants:     gs,
		minter:     m,
	}
	t.identity = identity
	if !distinct(gs) {
		t.grants = nil
		for _, g := range gs {
			t.AddGrant(g)
		}
	}
	return t.ToJWT()
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

func (m *Minter) sign(t *Token, iat int64) (string, error) {
	s := m.pool.Get().(*minterScratch)
	defer m.pool.Put(s)
	return s.sign(t, s.mac, iat)
}
