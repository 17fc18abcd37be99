package validate

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// MaxTTL is the longest lifetime Twilio accepts for an Access Token.
const MaxTTL = 24 * time.Hour

// TTL checks a token lifetime: it must be a positive whole number of seconds
// and at most [MaxTTL]. A lifetime that is a thousand times a plausible one
// is reported as milliseconds given where seconds were meant.
func TTL(d time.Duration) error {
	if time.Second <= d && d <= MaxTTL && d%time.Second == 0 {
		return nil // the common case, without allocating the error
	}
	e := &SettingError{Field: "TTL", Kind: ErrOutOfRange, Code: CodeExpired}
	switch {
	case d <= 0:
		e.Problem = "is zero or negative; the token would be born expired"
		e.Hint = "use a lifetime such as time.Hour"
	case d < time.Second:
		e.Problem = "is under one second (" + d.String() + "); a bare " +
			"number such as 3600 is nanoseconds to time.Duration"
		e.Hint = "multiply by time.Second: 3600 * time.Second"
	case d%time.Second != 0:
		e.Kind = ErrMalformed
		e.Problem = "is not a whole number of seconds (" + d.String() + ")"
		e.Hint = "round it with ttl.Round(time.Second)"
	case d > MaxTTL:
		e.Code = CodeTTLExceedsMaximum
		e.Problem = "is " + d.String() + ", over the 24 hour maximum"
		e.Hint = "use at most 24 * time.Hour and refresh the token before it expires"
		if d%(1000*time.Second) == 0 && d/1000 <= MaxTTL {
			e.Problem += "; it looks like milliseconds given as seconds"
			e.Hint = "divide by 1000: the intended lifetime is probably " +
				(d / 1000).String()
		}
	default:
		return nil
	}
	return e
}

// NotBefore checks a not-before time against the token's issue and expiry
// times, all in whole seconds: it must not be after the issue time, which
// Twilio answers with 20105, nor after the expiry, which Twilio answers
// with 20104. A zero nbf means none and is always valid.
func NotBefore(nbf, issuedAt, expires time.Time) error {
	if nbf.IsZero() {
		return nil
	}
	n, i, x := nbf.Unix(), issuedAt.Unix(), expires.Unix()
	switch {
	case n >= x:
		return &SettingError{
			Field: "NotBefore", Kind: ErrOutOfRange, Code: CodeExpired,
			Problem: "is not before the expiry; the token is never valid",
			Hint:    "set NotBefore before the expiry, or leave it unset",
		}
	case n > i:
		return &SettingError{
			Field: "NotBefore", Kind: ErrOutOfRange, Code: CodeNotYetValid,
			Problem: "is " + strconv.FormatInt(n-i, 10) + "s after the " +
				"issue time; Twilio refuses the token until then",
			Hint: "leave NotBefore unset, or set it at or before the issue time",
		}
	}
	return nil
}

// Identity checks a token's identity. requiredBy names the first grant that
// needs an identity ("voice"), or is "" when no grant needs one. An identity
// must be valid UTF-8, since JSON cannot carry anything else unchanged.
func Identity(identity, requiredBy string) error {
	switch {
	case identity == "" && requiredBy != "":
		return &SettingError{
			Field: "Identity", Kind: ErrMissing, Code: CodeInvalidGrants,
			Problem: "is missing; the " + requiredBy + " grant needs one",
			Hint:    "set the identity of the signed-in user with WithIdentity",
		}
	}
	return Text("Identity", identity, CodeInvalidGrants)
}

// Text checks that value, the setting called field, is valid UTF-8: JSON
// cannot carry anything else unchanged, and encoders silently replace the
// invalid bytes. It returns nil or a [*SettingError] whose Code is code.
func Text(field, value string, code Code) error {
	if utf8.ValidString(value) {
		return nil
	}
	return &SettingError{
		Field: field, Kind: ErrMalformed, Code: code,
		Problem: "is not valid UTF-8",
		Hint:    "decode the value to UTF-8 before putting it in a token",
	}
}

// Regions lists the home regions Twilio documents for the twr header.
var regions = [...]string{"us1", "ie1", "au1"}

// IsKnownRegion reports whether region is one of Twilio's documented home
// regions: us1, ie1 or au1.
func IsKnownRegion(region string) bool {
	for _, r := range regions {
		if r == region {
			return true
		}
	}
	return false
}

// IdentityWarnings reports identities that some products refuse although
// the token is otherwise valid: for Voice, characters other than ASCII
// letters, digits and underscore; for Video, more than 128 characters.
// voice and video say whether the token carries those grants.
func IdentityWarnings(identity string, voice, video bool) []Finding {
	var fs []Finding
	if voice && !isVoiceIdentity(identity) {
		fs = append(fs, Finding{
			Severity: Warning, Code: CodeInvalidGrants, Field: "Identity",
			Message: "has characters other than letters, digits and " +
				"underscore, which Voice may refuse to route",
			Fix: "map the user to an identity of letters, digits and underscores",
		})
	}
	if video && utf8.RuneCountInString(identity) > 128 {
		fs = append(fs, Finding{
			Severity: Warning, Code: CodeVideoIdentityTooLong,
			Field:   "Identity",
			Message: "is longer than the 128 characters Video accepts",
			Fix:     "use a shorter identity, such as a user ID",
		})
	}
	return fs
}

func isVoiceIdentity(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' ||
			'A' <= c && c <= 'Z' || c == '_') {
			return false
		}
	}
	return true
}

// RegionWarning reports a region outside Twilio's documented list, or nil.
func RegionWarning(region string) *Finding {
	if region == "" || IsKnownRegion(region) {
		return nil
	}
	return &Finding{
		Severity: Warning, Code: CodeInvalidToken, Field: "Region",
		Message: "is not one of Twilio's documented regions (us1, ie1, au1)",
		Fix:     "check the spelling of the region",
	}
}
