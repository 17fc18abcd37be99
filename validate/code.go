package validate

import "strconv"

// Code is a Twilio error code: the code a client SDK or Twilio's API reports
// when it refuses an Access Token. Every error and finding in this module
// carries the Code it predicts or prevents.
//
// Code implements error so that it can be matched with [errors.Is]:
//
//	if errors.Is(err, validate.CodeInvalidSignature) { … }
type Code int

// Twilio's error codes for Access Tokens that fail to authenticate.
const (
	CodeInvalidToken          Code = 20101 // not a JWT, or wrong structure
	CodeInvalidHeader         Code = 20102 // typ, alg or cty missing or wrong
	CodeInvalidIssuerSubject  Code = 20103 // iss or sub wrong, swapped or not an API key
	CodeExpired               Code = 20104 // exp passed, or expiration invalid
	CodeNotYetValid           Code = 20105 // nbf in the future
	CodeInvalidGrants         Code = 20106 // grants missing, malformed or incomplete
	CodeInvalidSignature      Code = 20107 // signed with the wrong secret
	CodeAuthenticationFailed  Code = 20151 // umbrella code used by some SDKs
	CodeTTLExceedsMaximum     Code = 20157 // lifetime over 24 hours
	CodeInvalidTokenFormat    Code = 20160 // malformed JWT
	CodeIdentityTooLong       Code = 51003 // Conversations identity too long
	CodeVideoIdentityInvalid  Code = 53200 // Video identity invalid
	CodeVideoIdentityTooLong  Code = 53201 // Video identity over 128 characters
	CodeVideoIdentityBadChars Code = 53202 // Video identity with bad characters
)

var codeTitles = map[Code]string{
	CodeInvalidToken:          "Invalid Access Token",
	CodeInvalidHeader:         "Invalid Access Token header",
	CodeInvalidIssuerSubject:  "Invalid Access Token issuer/subject",
	CodeExpired:               "Access Token expired or expiration date invalid",
	CodeNotYetValid:           "Access Token not yet valid",
	CodeInvalidGrants:         "Invalid Access Token grants",
	CodeInvalidSignature:      "Invalid Access Token signature",
	CodeAuthenticationFailed:  "Authentication Failed",
	CodeTTLExceedsMaximum:     "Expiration Time Exceeds Maximum Time Allowed",
	CodeInvalidTokenFormat:    "Invalid Token",
	CodeIdentityTooLong:       "Identity too long",
	CodeVideoIdentityInvalid:  "Video identity invalid",
	CodeVideoIdentityTooLong:  "Video identity too long",
	CodeVideoIdentityBadChars: "Video identity has invalid characters",
}

// Title returns Twilio's title for the code, or "" for a code this package
// does not know.
func (c Code) Title() string { return codeTitles[c] }

// String returns the code and its title, such as
// "20107 Invalid Access Token signature".
func (c Code) String() string {
	s := strconv.Itoa(int(c))
	if t := c.Title(); t != "" {
		s += " " + t
	}
	return s
}

// Error implements error, so that a Code can be the target of [errors.Is].
// It returns the same text as String, so that %s and %v print the same
// whether fmt sees a Stringer or an error.
func (c Code) Error() string { return c.String() }
