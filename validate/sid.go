package validate

import "strings"

// Resources names what each known two-letter SID prefix identifies.
var resources = map[string]string{
	"AC": "Account",
	"SK": "API key",
	"AP": "TwiML application",
	"CR": "push credential",
	"IS": "service",
	"RL": "role",
	"WS": "TaskRouter workspace",
	"WK": "TaskRouter worker",
	"RM": "Video room",
	"VJ": "player streamer",
	"PN": "phone number",
	"CA": "call",
	"MG": "messaging service",
	"US": "conversation user",
}

// Resource returns what a SID prefix such as "AP" identifies ("TwiML
// application"), or "" for a prefix this package does not know.
func Resource(prefix string) string { return resources[prefix] }

// SIDLen is the length of every Twilio SID: two upper-case letters and 32
// hexadecimal digits.
const SIDLen = 34

// IsSID reports whether s has the shape of a Twilio SID with the given
// prefix: the prefix followed by 32 hexadecimal digits. Twilio issues SIDs
// with lowercase digits; upper-case ones are accepted here too, as Twilio's
// schema accepts them.
func IsSID(s, prefix string) bool {
	return len(s) == SIDLen && s[:2] == prefix && isHex(s[2:])
}

// looksLikeSID reports whether s is any SID: two upper-case letters and 32
// hexadecimal digits.
func looksLikeSID(s string) bool {
	return len(s) == SIDLen && isUpper(s[0]) && isUpper(s[1]) && isHex(s[2:])
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// SID checks that value, the setting called field, is a SID with the
// prefix want. It returns nil, a [*MissingError] or a [*SIDError] whose
// Code is code. The value never appears in the error.
func SID(field, value, want string, code Code) error {
	if value == "" {
		return &MissingError{Field: field, Code: code}
	}
	if IsSID(value, want) {
		return nil
	}
	e := &SIDError{Field: field, Want: want, Kind: ErrMalformed, Code: code}
	name := resources[want] + " SID"
	switch {
	case trimSpace(value) != value:
		e.Problem = "has leading or trailing whitespace"
		e.Hint = "trim the value where it is read from the environment or file"
	case looksLikeSID(value):
		e.Got = value[:2]
		e.Kind = ErrMisplaced
		e.Problem = "is " + article(value[:2]) + " where " +
			withArticle(name) + " (" + want + "…) belongs"
		e.Hint = "use the " + name + " here; check the two SID settings " +
			"have not been swapped"
	case len(value) >= 2 && value[:2] == want && len(value) == SIDLen:
		e.Problem = "is not " + want + " followed by 32 hexadecimal digits" +
			placeholder(value)
		e.Hint = "copy the " + name + " from the Twilio Console"
	default:
		e.Problem = "is not " + withArticle(name) + " (" + want +
			" followed by 32 hexadecimal digits)" + placeholder(value)
		e.Hint = "copy the " + name + " from the Twilio Console"
	}
	return e
}

// article describes a known prefix as "an AP… TwiML application SID".
func article(prefix string) string {
	s := prefix + "… SID"
	if r := resources[prefix]; r != "" {
		s = prefix + "… " + r + " SID"
	}
	// The article follows how the first letter is spoken: "an SK…".
	if strings.IndexByte("AEFHILMNORSX", prefix[0]) >= 0 {
		return "an " + s
	}
	return "a " + s
}

func withArticle(s string) string {
	if strings.IndexByte("AEIOUaeiou", s[0]) >= 0 {
		return "an " + s
	}
	return "a " + s
}

func placeholder(s string) string {
	for i := 0; i+4 <= len(s); i++ {
		if s[i:i+4] == "xxxx" || s[i:i+4] == "XXXX" {
			return "; it looks like a placeholder"
		}
	}
	return ""
}

// trimSpace trims ASCII whitespace and a byte-order mark.
func trimSpace(s string) string {
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	if len(s) >= 3 && s[:3] == bom {
		return trimSpace(s[3:])
	}
	return s
}

const bom = "\xef\xbb\xbf"

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
		c == '\f'
}
