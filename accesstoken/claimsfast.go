package accesstoken

import (
	"time"

	"github.com/twiliotoken/twiliotoken/grants"
	"github.com/twiliotoken/twiliotoken/validate"
)

// decodeCanonical decodes a payload written the way this module and
// Twilio's helpers write one, without encoding/json's reflection: compact
// JSON; the claims jti, grants, iat, exp, iss and sub, and optionally nbf,
// each once; strings of printable ASCII without escapes; times as positive
// integers; a grants claim of an identity and grants of the flat kinds,
// each once, whose members are all known and appear once; and valid SIDs.
// For any other payload it reports false, and decodeClaims decodes it
// with encoding/json, which then also reports whatever is wrong.
//
// Within that shape there is only one way to read a payload, so both
// decoders agree on it; FuzzCanonicalClaimsAgree checks that they do.
//
// The payload is converted to a string once, and every string in the
// claims is a slice of it.
func decodeCanonical(payload []byte, region string) (*Claims, bool) {
	d := canonicalDecoder{s: string(payload)}
	c := &Claims{Region: region}
	const (
		jti = 1 << iota
		grantsClaim
		nbf
		iat
		exp
		iss
		sub
		required = jti | grantsClaim | iat | exp | iss | sub
	)
	seen := 0
	ok := d.object(func(key string) bool {
		var bit int
		var ok bool
		switch key {
		case "jti":
			bit, ok = jti, d.str(&c.ID)
		case "iss":
			bit, ok = iss, d.str(&c.APIKeySID)
		case "sub":
			bit, ok = sub, d.str(&c.AccountSID)
		case "iat":
			bit, ok = iat, d.time(&c.IssuedAt)
		case "nbf":
			bit, ok = nbf, d.time(&c.NotBefore)
		case "exp":
			bit, ok = exp, d.time(&c.Expires)
		case "grants":
			bit, ok = grantsClaim, d.grants(c)
		}
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		return ok
	})
	if !ok || d.i != len(d.s) || seen&required != required ||
		!validate.IsSID(c.APIKeySID, "SK") || !validate.IsSID(c.AccountSID, "AC") {
		return nil, false
	}
	return c, true
}

// canonicalDecoder reads the JSON in s from s[i] on. Its methods report
// false for anything outside the canonical shape.
type canonicalDecoder struct {
	s string
	i int
}

// lit consumes the text t if it comes next.
func (d *canonicalDecoder) lit(t string) bool {
	if len(d.s)-d.i < len(t) || d.s[d.i:d.i+len(t)] != t {
		return false
	}
	d.i += len(t)
	return true
}

// object reads an object, calling member with each key; member must read
// the value that follows the colon.
func (d *canonicalDecoder) object(member func(key string) bool) bool {
	if !d.lit("{") {
		return false
	}
	if d.lit("}") {
		return true
	}
	for {
		var key string
		if !d.str(&key) || !d.lit(":") || !member(key) {
			return false
		}
		if d.lit("}") {
			return true
		}
		if !d.lit(",") {
			return false
		}
	}
}

// str reads a string of printable ASCII without escapes into *dst.
func (d *canonicalDecoder) str(dst *string) bool {
	if !d.lit(`"`) {
		return false
	}
	j := d.i
	for j < len(d.s) && plainChar[d.s[j]] {
		j++
	}
	if j == len(d.s) || d.s[j] != '"' {
		return false
	}
	*dst = d.s[d.i:j]
	d.i = j + 1
	return true
}

// plainChar marks the bytes str accepts in a string: printable ASCII but
// the quote and the backslash.
var plainChar = func() (t [256]bool) {
	for c := ' '; c < 0x7f; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// time reads a positive integer of at most 18 digits, without a leading
// zero, as Unix seconds.
func (d *canonicalDecoder) time(dst *time.Time) bool {
	j := d.i
	var n int64
	for ; j < len(d.s) && j-d.i < 19 && '0' <= d.s[j] && d.s[j] <= '9'; j++ {
		n = n*10 + int64(d.s[j]-'0')
	}
	if j == d.i || j-d.i > 18 || d.s[d.i] == '0' {
		return false
	}
	d.i = j
	*dst = time.Unix(n, 0)
	return true
}

// boolean reads true or false.
func (d *canonicalDecoder) boolean(dst *bool) bool {
	switch {
	case d.lit("true"):
		*dst = true
	case d.lit("false"):
		*dst = false
	default:
		return false
	}
	return true
}

// fields reads an object whose members are all strings named in keys, each
// at most once, into the matching element of dst.
func (d *canonicalDecoder) fields(keys []string, dst ...*string) bool {
	seen := 0
	return d.object(func(key string) bool {
		for i, k := range keys {
			if k == key && seen&(1<<i) == 0 {
				seen |= 1 << i
				return d.str(dst[i])
			}
		}
		return false
	})
}

var (
	chatKeys       = []string{"service_sid", "endpoint_id", "deployment_role_sid", "push_credential_sid"}
	syncKeys       = []string{"service_sid", "endpoint_id"}
	taskRouterKeys = []string{"workspace_sid", "worker_sid", "role"}
)

// grants reads the grants claim into c. It reads the identity, the Voice
// grant without parameters, and the grants made only of strings; any
// other grant, and any grant twice, is left to encoding/json.
func (d *canonicalDecoder) grants(c *Claims) bool {
	identity := false
	return d.object(func(key string) bool {
		if key == "identity" {
			if identity {
				return false
			}
			identity = true
			return d.str(&c.Identity)
		}
		if c.Grant(key) != nil {
			return false
		}
		g, ok := d.grant(key)
		if ok {
			c.Grants = append(c.Grants, g)
		}
		return ok
	})
}

func (d *canonicalDecoder) grant(key string) (grants.Grant, bool) {
	switch key {
	case "voice":
		return d.voice()
	case "video":
		var g grants.Video
		ok := d.fields([]string{"room"}, &g.Room)
		return g, ok
	case "chat":
		var g grants.Chat
		ok := d.fields(chatKeys, &g.ServiceSID, &g.EndpointID,
			&g.DeploymentRoleSID, &g.PushCredentialSID)
		return g, ok
	case "data_sync":
		var g grants.Sync
		ok := d.fields(syncKeys, &g.ServiceSID, &g.EndpointID)
		return g, ok
	case "task_router":
		var g grants.TaskRouter
		ok := d.fields(taskRouterKeys, &g.WorkspaceSID, &g.WorkerSID, &g.Role)
		return g, ok
	}
	return nil, false
}

// voice reads a Voice grant whose outgoing member has no params.
func (d *canonicalDecoder) voice() (grants.Grant, bool) {
	var g grants.Voice
	seen := 0
	ok := d.object(func(key string) bool {
		var bit int
		var ok bool
		switch key {
		case "incoming":
			bit, ok = 1, d.only("allow", func() bool { return d.boolean(&g.IncomingAllow) })
		case "outgoing":
			bit, ok = 2, d.only("application_sid", func() bool {
				return d.str(&g.OutgoingApplicationSID)
			})
		case "push_credential_sid":
			bit, ok = 4, d.str(&g.PushCredentialSID)
		case "endpoint_id":
			bit, ok = 8, d.str(&g.EndpointID)
		}
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		return ok
	})
	return g, ok
}

// only reads an object that is empty or has the one member key, whose
// value value reads.
func (d *canonicalDecoder) only(key string, value func() bool) bool {
	n := 0
	return d.object(func(k string) bool {
		n++
		return n == 1 && k == key && value()
	})
}
