package accesstoken

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"sync"
	"time"

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
}

func newScratch() *scratch {
	return &scratch{json: make([]byte, 0, 512), out: make([]byte, 0, 1024)}
}

var scratchPool = sync.Pool{New: func() any { return newScratch() }}

// sign encodes t issued at iat, signs it with mac and returns the compact
// JWT. mac must be keyed with t's secret; sign resets it first.
func (s *scratch) sign(t *Token, mac hash.Hash, iat int64) (string, error) {
	out := s.out[:0]
	if t.region == "" {
		out = append(out, plainHeader...)
	} else {
		s.json = append(s.json[:0], headerJSON...)
		s.json = append(jsonenc.AppendField(s.json, "twr", t.region), '}')
		out = b64.AppendEncode(out, s.json)
	}
	var err error
	if s.json, err = t.appendPayload(s.json[:0], iat); err != nil {
		return "", err
	}
	out = append(out, '.')
	out = b64.AppendEncode(out, s.json)
	mac.Reset()
	mac.Write(out)
	out = append(out, '.')
	out = b64.AppendEncode(out, mac.Sum(s.sum[:0]))
	s.out = out
	return string(out), nil
}

// appendPayload appends the claims in the order Twilio's Node helper writes
// them: jti, grants (identity first, then each grant as added), nbf, iat,
// exp, iss, sub.
func (t *Token) appendPayload(dst []byte, iat int64) ([]byte, error) {
	dst = append(dst, `{"jti":"`...)
	dst = append(dst, t.apiKeySID...)
	dst = append(dst, '-')
	dst = strconv.AppendInt(dst, iat, 10)
	if t.uniqueJTI {
		var r [8]byte
		_, _ = rand.Read(r[:]) // never fails, per crypto/rand
		dst = append(dst, '-')
		dst = hex.AppendEncode(dst, r[:])
	}
	dst = append(dst, `","grants":{`...)
	if t.identity != "" {
		dst = jsonenc.AppendField(dst, "identity", t.identity)
	}
	for _, g := range t.grants {
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
		dst = jsonenc.AppendInt(dst, "nbf", t.nbf.Unix())
	}
	dst = jsonenc.AppendInt(dst, "iat", iat)
	dst = jsonenc.AppendInt(dst, "exp", iat+int64(t.ttl/time.Second))
	dst = jsonenc.AppendField(dst, "iss", t.apiKeySID)
	dst = jsonenc.AppendField(dst, "sub", t.accountSID)
	return append(dst, '}'), nil
}

func appendComma(dst []byte) []byte {
	if dst[len(dst)-1] != '{' {
		return append(dst, ',')
	}
	return dst
}

func unix(sec int64) time.Time { return time.Unix(sec, 0) }
