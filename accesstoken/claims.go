package accesstoken

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"

	"github.com/twiliotoken/twiliotoken/grants"
	"github.com/twiliotoken/twiliotoken/validate"
)

// Claims are the decoded contents of an Access Token.
type Claims struct {
	ID         string    // the jti claim
	APIKeySID  string    // the iss claim: the API key that signed the token
	AccountSID string    // the sub claim: the account the token is for
	Identity   string    // grants.identity; "" when absent
	IssuedAt   time.Time // the iat claim; zero when absent
	NotBefore  time.Time // the nbf claim; zero when absent
	Expires    time.Time // the exp claim
	Region     string    // the twr header; "" when absent
	// Grants are the product grants in the order the token lists them.
	// Keys this module does not know are kept as [grants.Raw].
	Grants []grants.Grant
}

// Grant returns the grant with the given key, such as "voice", or nil.
func (c *Claims) Grant(key string) grants.Grant {
	for _, g := range c.Grants {
		if g.Key() == key {
			return g
		}
	}
	return nil
}

// decodeClaims decodes a verified or unverified payload. It checks types
// and shapes, not times.
func decodeClaims(payload []byte, region string) (*Claims, error) {
	if c, ok := decodeCanonical(payload, region); ok {
		return c, nil
	}
	return decodeClaimsJSON(payload, region)
}

// decodeClaimsJSON decodes any payload with encoding/json.
func decodeClaimsJSON(payload []byte, region string) (*Claims, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(payload, &m); err != nil || m == nil {
		return nil, parseErr(validate.CodeInvalidToken,
			"payload is not a JSON object", err)
	}
	c := &Claims{Region: region}
	for _, f := range [...]struct {
		name string
		dst  *string
	}{{"jti", &c.ID}, {"iss", &c.APIKeySID}, {"sub", &c.AccountSID}} {
		if raw, ok := m[f.name]; ok {
			if err := json.Unmarshal(raw, f.dst); err != nil {
				return nil, parseErr(validate.CodeInvalidToken,
					"claim "+f.name+" has the wrong type", err)
			}
		}
	}
	// Times are read raw, so that fractions and quoted numbers can be told
	// from integers.
	var err error
	if c.IssuedAt, err = seconds("iat", m["iat"], false); err != nil {
		return nil, err
	}
	if c.NotBefore, err = seconds("nbf", m["nbf"], false); err != nil {
		return nil, err
	}
	if c.Expires, err = seconds("exp", m["exp"], true); err != nil {
		return nil, err
	}
	if !validate.IsSID(c.APIKeySID, "SK") {
		return nil, parseErr(validate.CodeInvalidIssuerSubject,
			"iss is not an API key SID (SK…)", nil)
	}
	if !validate.IsSID(c.AccountSID, "AC") {
		return nil, parseErr(validate.CodeInvalidIssuerSubject,
			"sub is not an Account SID (AC…)", nil)
	}
	if err := c.decodeGrants(m["grants"]); err != nil {
		return nil, err
	}
	return c, nil
}

// seconds converts a time claim, which must be an integer.
func seconds(name string, n json.RawMessage, required bool) (time.Time, error) {
	if len(n) == 0 || string(n) == "null" {
		if required {
			return time.Time{}, parseErr(validate.CodeExpired,
				"has no "+name+" claim", nil)
		}
		return time.Time{}, nil
	}
	s, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil {
		what := " is not a number"
		if _, ferr := strconv.ParseFloat(string(n), 64); ferr == nil {
			what = " is not a whole number of seconds"
		}
		return time.Time{}, parseErr(validate.CodeInvalidToken, name+what, nil)
	}
	return time.Unix(s, 0), nil
}

func (c *Claims) decodeGrants(raw json.RawMessage) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return parseErr(validate.CodeInvalidGrants,
			"grants claim is missing or not an object", nil)
	}
	return eachMember(raw, func(key string, value []byte) error {
		if key == "identity" {
			if json.Unmarshal(value, &c.Identity) != nil {
				return parseErr(validate.CodeInvalidGrants,
					"grants.identity is not a string", nil)
			}
			return nil
		}
		g, err := grants.Decode(key, value)
		if err != nil {
			return parseErr(validate.CodeInvalidGrants,
				"grants."+key+" does not have the shape of that grant", err)
		}
		for i, old := range c.Grants {
			if old.Key() == key { // JSON keeps the last of duplicate keys
				c.Grants[i] = g
				return nil
			}
		}
		c.Grants = append(c.Grants, g)
		return nil
	})
}

// eachMember calls fn for every member of a JSON object, in order. obj must
// be syntactically valid JSON (encoding/json has checked it).
func eachMember(obj []byte, fn func(key string, value []byte) error) error {
	i := skipSpace(obj, 1)
	for i < len(obj) && obj[i] == '"' {
		end := skipString(obj, i)
		key, err := unquote(obj[i:end])
		if err != nil {
			return err
		}
		i = skipSpace(obj, end)
		i = skipSpace(obj, i+1) // the colon
		vend := skipValue(obj, i)
		if err := fn(key, bytes.TrimRight(obj[i:vend], " \t\r\n")); err != nil {
			return err
		}
		i = skipSpace(obj, vend)
		if i < len(obj) && obj[i] == ',' {
			i = skipSpace(obj, i+1)
		}
	}
	return nil
}

func unquote(s []byte) (string, error) {
	if bytes.IndexByte(s, '\\') < 0 {
		return string(s[1 : len(s)-1]), nil
	}
	var k string
	err := json.Unmarshal(s, &k)
	return k, err
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index just past the string starting at b[i].
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// skipValue returns the index just past the value starting at b[i].
func skipValue(b []byte, i int) int {
	depth := 0
	for i < len(b) {
		switch b[i] {
		case '"':
			i = skipString(b, i)
			if depth == 0 {
				return i
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth <= 0 {
				if depth == 0 {
					return i + 1
				}
				return i // end of the enclosing object: a scalar ended
			}
		case ',':
			if depth == 0 {
				return i
			}
		}
		i++
	}
	return i
}
