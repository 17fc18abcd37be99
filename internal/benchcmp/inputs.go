// Package benchcmp compares the cost of minting and verifying a Twilio
// Access Token with this module, with Twilio's own Go helper (twilio-go)
// and with the two general JWT libraries golang-jwt and go-jose, on
// identical inputs, against a floor written for the purpose: the least work
// that can produce the same token.
//
// It is a separate module so that the library's go.mod never requires the
// libraries it is compared with. Its tests check that every token verifies
// under every verifier and carries the same identity and grants; its
// benchmarks and the ratios command measure. See README.md.
package benchcmp

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// The inputs every minter gets: fake credentials, and a Voice token for one
// identity with incoming calls allowed and a TwiML application for outgoing
// ones.
const (
	AccountSID = "AC0123456789abcdef0123456789abcdef"
	APIKeySID  = "SKfedcba9876543210fedcba9876543210"
	APISecret  = "abcdefghijklmnopqrstuvwxyz012345"
	Identity   = "alice"
	AppSID     = "AP00112233445566778899aabbccddeeff"
	TTL        = time.Hour
)

// IssuedAt is the fixed issue time of every token whose minter accepts one.
// It lies far in the future because twilio-go's FromJwt checks exp against
// the wall clock and cannot be given another clock: a token issued at a
// fixed past time would be expired for it. twilio-go's ToJwt reads the wall
// clock too, so its tokens differ from run to run in jti, nbf and exp.
var IssuedAt = time.Date(2100, time.January, 1, 0, 0, 0, 0, time.UTC)

// Clock returns IssuedAt.
func Clock() time.Time { return IssuedAt }

// ContentType is the cty header of a Twilio Access Token.
const ContentType = "twilio-fpa;v=1"

// A View is what a verifier found in a token, in a form common to all
// libraries, for comparing their results.
type View struct {
	AccountSID string   // sub
	APIKeySID  string   // iss
	Identity   string   // grants.identity
	Grants     []string // the keys of the product grants, sorted
	Voice      VoiceView
}

// VoiceView is the part of a Voice grant the inputs set.
type VoiceView struct {
	IncomingAllow          bool
	OutgoingApplicationSID string
}

// Want is the View of a token minted from the inputs.
func Want() View {
	return View{
		AccountSID: AccountSID, APIKeySID: APIKeySID, Identity: Identity,
		Grants: []string{"voice"},
		Voice:  VoiceView{IncomingAllow: true, OutgoingApplicationSID: AppSID},
	}
}

// GrantsJSON is the grants claim as the general JWT libraries marshal and
// unmarshal it with encoding/json.
type GrantsJSON struct {
	Identity string     `json:"identity,omitempty"`
	Voice    *VoiceJSON `json:"voice,omitempty"`
}

// VoiceJSON is the Voice grant as encoding/json sees it.
type VoiceJSON struct {
	Incoming *struct {
		Allow bool `json:"allow"`
	} `json:"incoming,omitempty"`
	Outgoing *struct {
		ApplicationSID string `json:"application_sid"`
	} `json:"outgoing,omitempty"`
}

// inputGrants returns the grants claim of the inputs.
func inputGrants() GrantsJSON {
	v := &VoiceJSON{}
	v.Incoming = &struct {
		Allow bool `json:"allow"`
	}{Allow: true}
	v.Outgoing = &struct {
		ApplicationSID string `json:"application_sid"`
	}{ApplicationSID: AppSID}
	return GrantsJSON{Identity: Identity, Voice: v}
}

// view returns the View of a decoded grants claim.
func (g GrantsJSON) view(sub, iss string) View {
	v := View{AccountSID: sub, APIKeySID: iss, Identity: g.Identity}
	if g.Voice != nil {
		v.Grants = append(v.Grants, "voice")
		if g.Voice.Incoming != nil {
			v.Voice.IncomingAllow = g.Voice.Incoming.Allow
		}
		if g.Voice.Outgoing != nil {
			v.Voice.OutgoingApplicationSID = g.Voice.Outgoing.ApplicationSID
		}
	}
	return v
}

// Payload decodes the payload of a compact JWT without verifying anything,
// for tests that compare what tokens carry.
func Payload(token string) (map[string]any, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errNotJWT
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, err
	}
	var m map[string]any
	return m, json.Unmarshal(raw, &m)
}

// IssueTime returns the time a token was minted, from its iat claim or, for
// twilio-go's tokens, which have none, its nbf claim. Tests verify each
// token at that time.
func IssueTime(token string) (time.Time, error) {
	p, err := Payload(token)
	if err != nil {
		return time.Time{}, err
	}
	for _, k := range []string{"iat", "nbf"} {
		if s, ok := p[k].(float64); ok {
			return time.Unix(int64(s), 0), nil
		}
	}
	return time.Time{}, errNoIssueTime
}

func sortedKeys(keys []string) []string {
	slices.Sort(keys)
	return keys
}
