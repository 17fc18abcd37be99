package grants

import (
	"unicode/utf8"

	"github.com/twiliotoken/twiliotoken/validate"
)

// A Grant gives a token access to one Twilio product. Each grant is one
// property of the token's grants claim, named by Key.
//
// The types in this package are the grants Twilio defines; [Raw] carries
// any other. A custom grant implements Grant, and may implement [Validator],
// [Warner] and [IdentityRequirer] to take part in checks before minting.
type Grant interface {
	// Key returns the grant's property name in the grants claim, such as
	// "voice".
	Key() string
	// AppendJSON appends the grant's JSON object to dst and returns the
	// extended slice.
	AppendJSON(dst []byte) ([]byte, error)
}

// Validator is implemented by grants that Twilio refuses in some states,
// such as a Sync grant without a service SID. Validate reports every such
// problem, as [validate.Errors], or returns nil.
type Validator interface {
	Validate() error
}

// Warner is implemented by grants that can report unusual values Twilio may
// still accept, such as a SID with an unexpected prefix.
type Warner interface {
	Warnings() []validate.Finding
}

// IdentityRequirer is implemented by grants whose product needs the token to
// carry an identity: Voice, Video, Chat and Sync.
type IdentityRequirer interface {
	RequiresIdentity() bool
}

// sidWarning reports value, the grant field called field, when it is set
// but not a SID with the given prefix.
func sidWarning(fs []validate.Finding, field, value, prefix string) []validate.Finding {
	if value == "" || validate.IsSID(value, prefix) {
		return fs
	}
	err := validate.SID(field, value, prefix, validate.CodeInvalidGrants)
	f := validate.Findings(err)[0]
	f.Severity = validate.Warning
	return append(fs, f)
}

// checkText appends an error for each field of the grant key whose value is
// not valid UTF-8, which JSON cannot carry unchanged. fields alternates
// field names and values; the full name, key.field, is built only for a
// field in error.
func checkText(errs validate.Errors, key string, fields ...string) validate.Errors {
	for i := 0; i+1 < len(fields); i += 2 {
		if utf8.ValidString(fields[i+1]) {
			continue
		}
		errs = append(errs, validate.Text(key+"."+fields[i], fields[i+1],
			validate.CodeInvalidGrants))
	}
	return errs
}
