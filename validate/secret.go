package validate

import (
	"strconv"
	"strings"
)

// SecretProblem names a way an API key secret is wrong. None of them needs
// the secret itself to be explained.
type SecretProblem int

// The ways an API key secret can be wrong. Each one makes Twilio answer
// 20107 (Invalid Access Token signature).
const (
	SecretWhitespace SecretProblem = iota + 1 // spaces or tabs around it
	SecretNewline                             // a trailing or leading newline
	SecretBOM                                 // a byte-order mark
	SecretQuoted                              // wrapped in quotes
	SecretIsSID                               // a SID, not a secret
	SecretAuthToken                           // the shape of an Auth Token
)

var secretProblems = [...]struct{ problem, fix string }{
	SecretWhitespace: {
		"has leading or trailing whitespace",
		"trim the secret where it is read from the environment or file",
	},
	SecretNewline: {
		"has a leading or trailing newline",
		"remove the newline; files written by echo or an editor end with one",
	},
	SecretBOM: {
		"starts with a byte-order mark",
		"save the .env file as UTF-8 without a BOM",
	},
	SecretQuoted: {
		"is wrapped in quotes",
		"remove the quotes; the loader of the .env file kept them",
	},
	SecretIsSID: {
		"is a SID, not an API key secret",
		"use the secret shown once when the API key was created, not its SID",
	},
	SecretAuthToken: {
		"has the shape of an Auth Token (32 lowercase hex digits)",
		"sign with an API key secret; the Auth Token cannot sign Access Tokens",
	},
}

// String describes the problem as a phrase, such as "is wrapped in quotes".
func (p SecretProblem) String() string {
	if p <= 0 || int(p) >= len(secretProblems) {
		return "is not a valid API key secret"
	}
	return secretProblems[p].problem
}

// SecretError reports an API key secret that cannot be right. It never
// holds or prints the secret.
type SecretError struct {
	Problem SecretProblem
	Code    Code // always CodeInvalidSignature today
}

// Error describes the problem and the Twilio error it corresponds to.
func (e *SecretError) Error() string {
	return message("APISecret", e.Problem.String(), e.Code)
}

// Unwrap returns the error's category and its Code. A SID or an Auth Token
// in place of the secret is [ErrMisplaced]; everything else [ErrMalformed].
func (e *SecretError) Unwrap() []error {
	if e.Problem == SecretIsSID || e.Problem == SecretAuthToken {
		return []error{ErrMisplaced, e.Code}
	}
	return []error{ErrMalformed, e.Code}
}

// Fix says how to correct the problem.
func (e *SecretError) Fix() string {
	if e.Problem <= 0 || int(e.Problem) >= len(secretProblems) {
		return "use the API key's secret"
	}
	return secretProblems[e.Problem].fix
}

// Secret checks an API key secret for the mistakes that make Twilio answer
// 20107: empty, whitespace or a newline around it, a byte-order mark,
// surrounding quotes, a SID pasted in its place, or an Auth Token. It reports
// every problem found as [Errors], or returns nil. The secret never appears
// in the result.
func Secret(secret string) error {
	return secretErrors(nil, secret).Err()
}

func secretErrors(errs Errors, s string) Errors {
	if s == "" {
		return append(errs, &MissingError{Field: "APISecret",
			Code: CodeInvalidSignature})
	}
	add := func(p SecretProblem) {
		errs = append(errs, &SecretError{Problem: p, Code: CodeInvalidSignature})
	}
	if strings.HasPrefix(s, bom) {
		add(SecretBOM)
		s = s[len(bom):]
	}
	if t := strings.TrimSpace(s); t != s {
		// What was trimmed, at either end, tells which problems to report.
		around := s[:strings.Index(s, t)] + s[strings.Index(s, t)+len(t):]
		if strings.Trim(around, "\r\n") != "" {
			add(SecretWhitespace)
		}
		if strings.ContainsAny(around, "\r\n") {
			add(SecretNewline)
		}
		s = t
	}
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		add(SecretQuoted)
		s = s[1 : len(s)-1]
	}
	switch {
	case len(s) >= SIDLen && looksLikeSID(s[:SIDLen]):
		add(SecretIsSID)
	case len(s) == 32 && isLowerHex(s):
		add(SecretAuthToken)
	}
	return errs
}

// secretWarning reports a secret whose shape is unusual without being
// certainly wrong. It is only called for a secret with no certain problem.
func secretWarning(s string) *Finding {
	if len(s) == 32 && isAlnum(s) {
		return nil
	}
	return &Finding{
		Severity: Warning,
		Code:     CodeInvalidSignature,
		Field:    "APISecret",
		Message: "is " + strconv.Itoa(len(s)) + " bytes long or has " +
			"characters other than letters and digits; API key secrets are " +
			"32 letters and digits",
		Fix: "check the whole secret was copied, and nothing else",
	}
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}
