package validate

import (
	"errors"
	"strconv"
)

// Severity says how sure a [Finding] is that Twilio will refuse the token.
type Severity int

// Severities, from least to most sure.
const (
	// Warning marks something unusual that Twilio may accept: worth a look,
	// never a reason to refuse a token.
	Warning Severity = iota + 1
	// Certain marks something Twilio refuses.
	Certain
)

// String returns "warning" or "certain".
func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Certain:
		return "certain"
	}
	return "severity(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText encodes the severity as its String form.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes "warning" or "certain".
func (s *Severity) UnmarshalText(text []byte) error {
	switch string(text) {
	case "warning":
		*s = Warning
	case "certain":
		*s = Certain
	default:
		return errors.New("validate: unknown severity " + strconv.Quote(string(text)))
	}
	return nil
}

// A Finding is one problem with a token or its inputs: what is wrong, how
// sure, which Twilio error it predicts, and how to fix it. Findings never
// contain a secret.
type Finding struct {
	Severity Severity `json:"severity"`
	Code     Code     `json:"code"`
	Field    string   `json:"field"`   // what the finding is about, such as "APISecret"
	Message  string   `json:"message"` // what is wrong, as a phrase after Field
	Fix      string   `json:"fix"`     // what to change
}

// String formats the finding on one line, such as
// "certain 20107 APISecret has a trailing newline: remove the newline".
func (f Finding) String() string {
	s := f.Severity.String() + " " + strconv.Itoa(int(f.Code)) + " " +
		f.Field + " " + f.Message
	if f.Fix != "" {
		s += ": " + f.Fix
	}
	return s
}

// Findings turns an error returned by this module into one [Certain]
// Finding per problem. Errors of other kinds become a single finding with
// Field "error" and Code 0.
func Findings(err error) []Finding {
	if err == nil {
		return nil
	}
	var list Errors
	if errors.As(err, &list) {
		fs := make([]Finding, 0, len(list))
		for _, e := range list {
			fs = append(fs, findingOf(e))
		}
		return fs
	}
	return []Finding{findingOf(err)}
}

func findingOf(err error) Finding {
	f := Finding{Severity: Certain, Code: CodeOf(err)}
	var (
		me *MissingError
		se *SIDError
		xe *SecretError
		te *SettingError
	)
	switch {
	case errors.As(err, &me):
		f.Field, f.Message, f.Fix = me.Field, "is missing", me.Fix()
	case errors.As(err, &se):
		f.Field, f.Message, f.Fix = se.Field, se.Problem, se.Hint
	case errors.As(err, &xe):
		f.Field, f.Message, f.Fix = "APISecret", xe.Problem.String(), xe.Fix()
	case errors.As(err, &te):
		f.Field, f.Message, f.Fix = te.Field, te.Problem, te.Hint
	default:
		f.Field, f.Message = "error", err.Error()
	}
	return f
}
