package validate

import (
	"errors"
	"strconv"
	"strings"
)

// Categories of problems. Every error type in this package unwraps to one of
// them and to its [Code], so callers can branch with [errors.Is]:
//
//	errors.Is(err, validate.ErrMisplaced)         // a credential in the wrong slot
//	errors.Is(err, validate.CodeInvalidSignature) // would fail with 20107
var (
	// ErrMissing marks a required value that is empty.
	ErrMissing = errors.New("validate: required value is missing")
	// ErrMalformed marks a value that does not have the required shape.
	ErrMalformed = errors.New("validate: value is malformed")
	// ErrMisplaced marks a well-formed value in the wrong place: swapped SIDs,
	// an Account SID where an API key SID belongs, an Auth Token or a SID
	// where the API key secret belongs.
	ErrMisplaced = errors.New("validate: value belongs somewhere else")
	// ErrOutOfRange marks a lifetime, time or length outside what Twilio
	// accepts.
	ErrOutOfRange = errors.New("validate: value is out of range")
)

// MissingError reports a required value that is empty.
type MissingError struct {
	Field string // the setting, such as "APIKeySID" or "data_sync.service_sid"
	Code  Code   // the Twilio error the empty value would cause
}

// Error describes the problem and the Twilio error it corresponds to.
func (e *MissingError) Error() string {
	return message(e.Field, "is missing", e.Code)
}

// Unwrap returns [ErrMissing] and the error's Code.
func (e *MissingError) Unwrap() []error { return []error{ErrMissing, e.Code} }

// Fix says how to correct the problem.
func (e *MissingError) Fix() string { return "set " + e.Field }

// SIDError reports an Account, API key or resource SID that is malformed or
// belongs in another field. It never holds the value itself, because a
// secret pasted into a SID field must not reach a log.
type SIDError struct {
	Field   string // the setting, such as "AccountSID"
	Want    string // the prefix the field needs, such as "SK"
	Got     string // the prefix found, when it names a known resource
	Problem string // what is wrong, as a phrase after the field name
	Hint    string // how to fix it
	Kind    error  // ErrMalformed or ErrMisplaced
	Code    Code   // the Twilio error the value would cause
}

// Error describes the problem and the Twilio error it corresponds to.
func (e *SIDError) Error() string { return message(e.Field, e.Problem, e.Code) }

// Unwrap returns the error's category and its Code.
func (e *SIDError) Unwrap() []error { return []error{e.Kind, e.Code} }

// Fix says how to correct the problem.
func (e *SIDError) Fix() string { return e.Hint }

// SettingError reports a token setting Twilio would refuse: a lifetime,
// not-before time, identity, region or grant field.
type SettingError struct {
	Field   string // the setting, such as "TTL" or "Identity"
	Problem string // what is wrong, as a phrase after the field name
	Hint    string // how to fix it
	Kind    error  // ErrMalformed, ErrOutOfRange or ErrMissing
	Code    Code   // the Twilio error the setting would cause
}

// Error describes the problem and the Twilio error it corresponds to.
func (e *SettingError) Error() string { return message(e.Field, e.Problem, e.Code) }

// Unwrap returns the error's category and its Code.
func (e *SettingError) Unwrap() []error { return []error{e.Kind, e.Code} }

// Fix says how to correct the problem.
func (e *SettingError) Fix() string { return e.Hint }

func message(field, problem string, c Code) string {
	return "validate: " + field + " " + problem + " (Twilio error " +
		c.String() + ")"
}

// Errors is a list of problems found together. Functions in this module
// return it so that every problem is reported at once; use [errors.As] to
// range over them, or [errors.Is] and [errors.As] on the list itself, which
// look at every element.
type Errors []error

// Error lists every problem, one per line after a count.
func (es Errors) Error() string {
	if len(es) == 1 {
		return es[0].Error()
	}
	var b strings.Builder
	b.WriteString("validate: ")
	b.WriteString(strconv.Itoa(len(es)))
	b.WriteString(" problems:")
	for _, e := range es {
		b.WriteString("\n\t")
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the problems.
func (es Errors) Unwrap() []error { return es }

// Err returns nil for an empty list and the list otherwise, so that a
// function can build an Errors and return it as an error safely.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// Fixer is implemented by the error types in this package that can say how
// to correct the problem they report.
type Fixer interface {
	Fix() string
}

// CodeOf returns the Twilio error code carried by err, or 0 when err carries
// none. For a list, it returns the first element's code.
func CodeOf(err error) Code {
	var c Code
	if errors.As(err, &c) {
		return c
	}
	return 0
}
