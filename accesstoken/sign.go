package accesstoken

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"sync"
	"time"

	"github.com/twiliotoken/twiliotoken/grants"
	"github.com/twiliotoken/twiliotoken/internal/jsonenc"
)

// ContentType is the cty header every Twilio Access Token carries.
const ContentType = "twilio-fpa;v=1"

const headerJSON = `{"alg":"HS256","typ":"JWT","cty":"` + ContentType + `"`

var (
	b64 = base64.RawURLEncoding
	// plainHeader is the encoded header of a token without a region.
	plainHeader = b64.EncodeToString([]byte(headerJSON + "}"))
)

// scratch holds the buffers one signing needs, reused through a pool so
// that minting allocates little more than the returned string.
type scratch struct {
	json []byte
	out  []byte
	sum  [sha256.Size]byte
	// mac, when not nil, is keyed with key, the secret this scratch last
	// signed or verified with. Servers use one secret for every token, so
	// the next use of the scratch can usually reset mac rather than key a
	// new one, as a Minter does.
	mac hash.Hash
	key string
}

func newScratch() *scratch {
	return &scratch{json: make([]byte, 0, 512), out: make([]byte, 0, 1024)}
}

var scratchPool = sync.Pool{New: func() any { return newScratch() }}

// release returns s to scratchPool, unless a long token has grown its
// buffers beyond what is worth keeping.
func (s *scratch) release() {
	if cap(s.json) > maxKept || cap(s.out) > maxKept {
		return
	}
	scratchPool.Put(s)
}

const maxKept = 16 << 10

// macFor returns an HMAC-SHA256 keyed with secret, ready to write: s.mac
// reset when it has that key, else a new one, which becomes s.mac. Keying
// an HMAC costs more than half as much as signing a Voice token with one.
func (s *scratch) macFor(secret string) hash.Hash {
	if s.mac != nil && sameSecret(s.key, secret) {
		s.mac.Reset()
		return s.mac
	}
	// The key passes through s.json rather than a new []byte, and is wiped
	// from it: hmac.New keeps no reference to it.
	key := append(s.json[:0], secret...)
	s.mac, s.key = hmac.New(sha256.New, key), secret
	clear(key)
	s.json = key
	return s.mac
}

// sameSecret reports whether a and b are equal, in time that depends on
// their lengths only.
func sameSecret(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	var diff byte
	for i := 0; i < len(a); i++ {
		diff |= a[i] ^ b[i]
	}
	return diff == 0
}

// sign encodes t with the identity and grants given, issued at iat, signs
// it with mac and returns the compact JWT. mac must be keyed with t's
// secret and new or reset; see macFor.
func (s *scratch) sign(t *Token, identity string, gs []grants.Grant, mac hash.Hash,
	iat int64) (string, error) {
	out := s.out[:0]
	if t.region == "" {
		out = append(out, plainHeader...)
	} else {
		s.json = append(s.json[:0], headerJSON...)
		s.json = append(jsonenc.AppendField(s.json, "twr", t.region), '}')
		out = b64.AppendEncode(out, s.json)
	}
	var err error
	if s.json, err = t.appendPayload(s.json[:0], identity, gs, iat); err != nil {
		return "", err
	}
	out = append(out, '.')
	out = b64.AppendEncode(out, s.json)
	mac.Write(out)
	out = append(out, '.')
	out = b64.AppendEncode(out, mac.Sum(s.sum[:0]))
	s.out = out
	return string(out), nil
}

// appendPayload appends the claims of t with the identity and grants given
// in the order Twilio's Node helper writes them: jti, grants (identity
// first, then each grant as added), nbf, iat, exp, iss, sub. The SIDs are
// copied without escaping: t has been checked, so they are letters and
// hexadecimal digits.
func (t *Token) appendPayload(dst []byte, identity string, gs []grants.Grant,
	iat int64) ([]byte, error) {
	dst = append(dst, `{"jti":"`...)
	dst = append(dst, t.apiKeySID...)
	dst = append(dst, '-')
	iatStart := len(dst)
	dst = strconv.AppendInt(dst, iat, 10)
	iatEnd := len(dst) // the iat claim copies these digits
	if t.uniqueJTI {
		var r [8]byte
		_, _ = rand.Read(r[:]) // never fails, per crypto/rand
		dst = append(dst, '-')
		dst = hex.AppendEncode(dst, r[:])
	}
	dst = append(dst, `","grants":{`...)
	if identity != "" {
		dst = jsonenc.AppendField(dst, "identity", identity)
	}
	for _, g := range gs {
		dst = jsonenc.AppendString(appendComma(dst), g.Key())
		dst = append(dst, ':')
		var err error
		if dst, err = g.AppendJSON(dst); err != nil {
			return nil, fmt.Errorf("accesstoken: encoding grant %q: %w",
				g.Key(), err)
		}
	}
	dst = append(dst, '}')
	if !t.nbf.IsZero() {
		dst = append(dst, `,"nbf":`...)
		dst = strconv.AppendInt(dst, t.nbf.Unix(), 10)
	}
	dst = append(dst, `,"iat":`...)
	dst = append(dst, dst[iatStart:iatEnd]...)
	dst = append(dst, `,"exp":`...)
	dst = strconv.AppendInt(dst, iat+int64(t.ttl/time.Second), 10)
	dst = append(dst, `,"iss":"`...)
	dst = append(dst, t.apiKeySID...)
	dst = append(dst, `","sub":"`...)
	dst = append(dst, t.accountSID...)
	return append(dst, `"}`...), nil
}

func appendComma(dst []byte) []byte {
	if dst[len(dst)-1] != '{' {
		return append(dst, ',')
	}
	return dst
}

func unix(sec int64) time.Time { return time.Unix(sec, 0) }
