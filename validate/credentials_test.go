package validate_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/twiliotoken/twiliotoken/validate"
)

// Fake credentials.
const (
	account   = "AC0123456789abcdef0123456789abcdef"
	apiKey    = "SKfedcba9876543210fedcba9876543210"
	secret    = "abcdefghijklmnopqrstuvwxyz012345"
	appSID    = "AP00112233445566778899aabbccddeeff"
	authToken = "0123456789abcdef0123456789abcdef" // 32 lowercase hex
	bom       = "\ufeff"
)

// problem is what a test expects of one error in a list: its concrete type
// and Field, its category sentinel and its Code, and words its message must
// contain.
type problem struct {
	Type   string // "missing", "sid", "secret" or "setting"
	Field  string // Field of the error; "APISecret" for a *SecretError
	Kind   error  // ErrMissing, ErrMalformed, ErrMisplaced or ErrOutOfRange
	Code   validate.Code
	Got    string                 // SIDError.Got
	Secret validate.SecretProblem // SecretError.Problem
	Says   string                 // a substring of the message; "" for none
}

var categories = []error{
	validate.ErrMissing, validate.ErrMalformed, validate.ErrMisplaced,
	validate.ErrOutOfRange,
}

// summarize turns one error into a problem with errors.As, so that
// comparing it with the expected problem checks the concrete type and its
// fields. Kind is the only category errors.Is matches (nil if none or
// several do), and Says is left empty.
func summarize(err error) problem {
	var p problem
	var (
		me *validate.MissingError
		se *validate.SIDError
		xe *validate.SecretError
		te *validate.SettingError
	)
	switch {
	case errors.As(err, &me):
		p = problem{Type: "missing", Field: me.Field, Code: me.Code}
	case errors.As(err, &se):
		p = problem{Type: "sid", Field: se.Field, Code: se.Code, Got: se.Got}
	case errors.As(err, &xe):
		p = problem{Type: "secret", Field: "APISecret", Code: xe.Code,
			Secret: xe.Problem}
	case errors.As(err, &te):
		p = problem{Type: "setting", Field: te.Field, Code: te.Code}
	default:
		p = problem{Type: "unknown: " + err.Error()}
	}
	for _, c := range categories {
		if errors.Is(err, c) {
			if p.Kind != nil {
				p.Kind = nil // more than one category: never expected
				break
			}
			p.Kind = c
		}
	}
	return p
}

// checkProblems asserts that err reports exactly want, in order, as a
// validate.Errors list, with errors.Is working on each element and on the
// list for both the category and the Code.
func checkProblems(t *testing.T, err error, want []problem) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("got error %v, want nil", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("got nil error, want %d problems", len(want))
	}
	var list validate.Errors
	if !errors.As(err, &list) {
		t.Fatalf("error %T is not a validate.Errors", err)
	}
	var got []problem
	for _, e := range list {
		got = append(got, summarize(e))
	}
	strip := make([]problem, len(want))
	for i, w := range want {
		w.Says = ""
		strip[i] = w
	}
	if diff := cmp.Diff(strip, got, cmp.Comparer(func(a, b error) bool {
		return a == b
	})); diff != "" {
		t.Fatalf("problems mismatch (-want +got):\n%s\nerror: %v", diff, err)
	}
	for i, w := range want {
		e := list[i]
		if !errors.Is(e, w.Kind) || !errors.Is(err, w.Kind) {
			t.Errorf("errors.Is(%v, %v) = false", e, w.Kind)
		}
		if !errors.Is(e, w.Code) || !errors.Is(err, w.Code) {
			t.Errorf("errors.Is(%v, Code %d) = false", e, w.Code)
		}
		if got := validate.CodeOf(e); got != w.Code {
			t.Errorf("CodeOf(%v) = %d, want %d", e, got, w.Code)
		}
		if !strings.Contains(e.Error(), w.Says) {
			t.Errorf("message %q does not contain %q", e.Error(), w.Says)
		}
		if !strings.HasPrefix(e.Error(), "validate: "+w.Field+" ") {
			t.Errorf("message %q does not start with the package and field %q",
				e.Error(), w.Field)
		}
		if f, ok := e.(validate.Fixer); !ok || f.Fix() == "" {
			t.Errorf("%T has no fix", e)
		}
	}
	if fs := validate.Findings(err); len(fs) != len(want) {
		t.Errorf("Findings returned %d findings, want %d", len(fs), len(want))
	}
}

// Shorthands for expected problems.
func sidProblem(field string, kind error, got, says string) problem {
	return problem{Type: "sid", Field: field, Kind: kind,
		Code: validate.CodeInvalidIssuerSubject, Got: got, Says: says}
}

func secretProblem(p validate.SecretProblem, kind error) problem {
	return problem{Type: "secret", Field: "APISecret", Kind: kind,
		Code: validate.CodeInvalidSignature, Secret: p, Says: p.String()}
}

func TestCredentials(t *testing.T) {
	malformed := validate.ErrMalformed
	misplaced := validate.ErrMisplaced
	tests := []struct {
		name                 string
		account, key, secret string
		want                 []problem
		reason               string
	}{
		{name: "valid", account: account, key: apiKey, secret: secret},
		{
			name: "valid with upper-case hex", account: strings.ToUpper(account),
			key: apiKey, secret: secret,
			reason: "Twilio's schema accepts upper-case hex: only a warning",
		},

		// Account SID.
		{
			name: "account missing", key: apiKey, secret: secret,
			want: []problem{{Type: "missing", Field: "AccountSID",
				Kind: validate.ErrMissing, Code: validate.CodeInvalidIssuerSubject}},
		},
		{
			name: "account too short", account: account[:33], key: apiKey, secret: secret,
			want: []problem{sidProblem("AccountSID", malformed, "",
				"is not an Account SID (AC followed by 32 hexadecimal digits)")},
		},
		{
			name: "account too long", account: account + "0", key: apiKey, secret: secret,
			want: []problem{sidProblem("AccountSID", malformed, "", "is not an Account SID")},
		},
		{
			name: "account placeholder", account: "AC" + strings.Repeat("x", 32),
			key: apiKey, secret: secret,
			want: []problem{sidProblem("AccountSID", malformed, "",
				"is not AC followed by 32 hexadecimal digits; it looks like a placeholder")},
			reason: "x is not a hex digit; the message names the likely cause",
		},
		{
			name: "account short placeholder", account: "ACXXXXXXXX", key: apiKey,
			secret: secret,
			want:   []problem{sidProblem("AccountSID", malformed, "", "placeholder")},
		},
		{
			name: "account non-hex", account: account[:33] + "g", key: apiKey,
			secret: secret,
			want: []problem{sidProblem("AccountSID", malformed, "",
				"is not AC followed by 32 hexadecimal digits")},
		},
		{
			name: "account lowercase prefix", account: "ac" + account[2:], key: apiKey,
			secret: secret,
			want:   []problem{sidProblem("AccountSID", malformed, "", "is not an Account SID")},
		},
		{
			name: "account trailing space", account: account + " ", key: apiKey,
			secret: secret,
			want: []problem{sidProblem("AccountSID", malformed, "",
				"has leading or trailing whitespace")},
		},
		{
			name: "account trailing newline", account: account + "\n", key: apiKey,
			secret: secret,
			want:   []problem{sidProblem("AccountSID", malformed, "", "whitespace")},
		},
		{
			name: "account leading BOM", account: bom + account, key: apiKey,
			secret: secret,
			want:   []problem{sidProblem("AccountSID", malformed, "", "whitespace")},
			reason: "a BOM from a .env file is reported with the whitespace",
		},
		{
			name: "account is a phone number SID", account: "PN" + account[2:],
			key: apiKey, secret: secret,
			want: []problem{sidProblem("AccountSID", misplaced, "PN",
				"is a PN… phone number SID where an Account SID (AC…) belongs")},
		},
		{
			name: "account is another API key SID", account: "SK" + account[2:],
			key: apiKey, secret: secret,
			want: []problem{sidProblem("AccountSID", misplaced, "SK",
				"is an SK… API key SID where an Account SID (AC…) belongs")},
			reason: "two different SK SIDs are not a swap",
		},
		{
			name: "account has an unknown prefix", account: "ZZ" + account[2:],
			key: apiKey, secret: secret,
			want: []problem{sidProblem("AccountSID", misplaced, "ZZ",
				"is a ZZ… SID where an Account SID (AC…) belongs")},
		},

		// API key SID.
		{
			name: "key missing", account: account, secret: secret,
			want: []problem{{Type: "missing", Field: "APIKeySID",
				Kind: validate.ErrMissing, Code: validate.CodeInvalidIssuerSubject}},
		},
		{
			name: "key too short", account: account, key: "SK123", secret: secret,
			want: []problem{sidProblem("APIKeySID", malformed, "",
				"is not an API key SID (SK followed by 32 hexadecimal digits)")},
		},
		{
			name: "key placeholder", account: account, key: "SK" + strings.Repeat("x", 32),
			secret: secret,
			want:   []problem{sidProblem("APIKeySID", malformed, "", "placeholder")},
		},
		{
			name: "key non-hex", account: account, key: "SK" + strings.Repeat("z", 32),
			secret: secret,
			want: []problem{sidProblem("APIKeySID", malformed, "",
				"is not SK followed by 32 hexadecimal digits")},
		},
		{
			name: "key leading tab", account: account, key: "\t" + apiKey, secret: secret,
			want: []problem{sidProblem("APIKeySID", malformed, "",
				"has leading or trailing whitespace")},
		},
		{
			name: "key is a TwiML application SID", account: account, key: appSID,
			secret: secret,
			want: []problem{sidProblem("APIKeySID", misplaced, "AP",
				"is an AP… TwiML application SID where an API key SID (SK…) belongs")},
		},
		{
			name: "key is a push credential SID", account: account,
			key: "CR" + apiKey[2:], secret: secret,
			want: []problem{sidProblem("APIKeySID", misplaced, "CR",
				"is a CR… push credential SID where an API key SID (SK…) belongs")},
		},
		{
			name: "key is a service SID", account: account, key: "IS" + apiKey[2:],
			secret: secret,
			want: []problem{sidProblem("APIKeySID", misplaced, "IS",
				"is an IS… service SID where an API key SID (SK…) belongs")},
		},
		{
			name: "key is an Account SID", account: account, key: "AC" + apiKey[2:],
			secret: secret,
			want: []problem{sidProblem("APIKeySID", misplaced, "AC",
				"is an Account SID; Access Tokens are signed with an API key")},
			reason: "Account SID + Auth Token cannot sign Access Tokens (20103)",
		},

		// Both SIDs.
		{
			name: "SIDs swapped", account: apiKey, key: account, secret: secret,
			want: []problem{sidProblem("AccountSID", misplaced, "SK",
				"the two are swapped")},
			reason: "one problem, not two: the fix is a single swap",
		},
		{
			name: "same account SID twice", account: account, key: account,
			secret: secret,
			want: []problem{{Type: "sid", Field: "APIKeySID", Kind: misplaced,
				Code: validate.CodeInvalidIssuerSubject,
				Says: "is the same value as the Account SID"}},
		},
		{
			name: "same key SID twice", account: apiKey, key: apiKey, secret: secret,
			want: []problem{{Type: "sid", Field: "APIKeySID", Kind: misplaced,
				Code: validate.CodeInvalidIssuerSubject,
				Says: "is the same value as the Account SID"}},
		},
		{
			name: "key SID as secret", account: account, key: apiKey, secret: apiKey,
			want:   []problem{secretProblem(validate.SecretIsSID, misplaced)},
			reason: "the same value in the key and secret slots",
		},
		{
			name: "account SID as secret", account: account, key: apiKey, secret: account,
			want: []problem{secretProblem(validate.SecretIsSID, misplaced)},
		},

		// Secret.
		{
			name: "secret empty", account: account, key: apiKey,
			want: []problem{{Type: "missing", Field: "APISecret",
				Kind: validate.ErrMissing, Code: validate.CodeInvalidSignature}},
		},
		{
			name: "secret leading space", account: account, key: apiKey,
			secret: " " + secret,
			want:   []problem{secretProblem(validate.SecretWhitespace, malformed)},
		},
		{
			name: "secret trailing tab", account: account, key: apiKey,
			secret: secret + "\t",
			want:   []problem{secretProblem(validate.SecretWhitespace, malformed)},
		},
		{
			name: "secret trailing newline", account: account, key: apiKey,
			secret: secret + "\n",
			want:   []problem{secretProblem(validate.SecretNewline, malformed)},
			reason: "echo and most editors end files with a newline",
		},
		{
			name: "secret trailing CRLF", account: account, key: apiKey,
			secret: secret + "\r\n",
			want:   []problem{secretProblem(validate.SecretNewline, malformed)},
		},
		{
			name: "secret BOM", account: account, key: apiKey, secret: bom + secret,
			want: []problem{secretProblem(validate.SecretBOM, malformed)},
		},
		{
			name: "secret double quotes", account: account, key: apiKey,
			secret: `"` + secret + `"`,
			want:   []problem{secretProblem(validate.SecretQuoted, malformed)},
		},
		{
			name: "secret single quotes", account: account, key: apiKey,
			secret: "'" + secret + "'",
			want:   []problem{secretProblem(validate.SecretQuoted, malformed)},
		},
		{
			name: "secret is another SID", account: account, key: apiKey,
			secret: "SK" + account[2:],
			want:   []problem{secretProblem(validate.SecretIsSID, misplaced)},
		},
		{
			name: "secret starts with a SID", account: account, key: apiKey,
			secret: apiKey + ":" + secret,
			want:   []problem{secretProblem(validate.SecretIsSID, misplaced)},
			reason: "a KEY:SECRET pair pasted whole",
		},
		{
			name: "secret is an Auth Token", account: account, key: apiKey,
			secret: authToken,
			want:   []problem{secretProblem(validate.SecretAuthToken, misplaced)},
		},
		{
			name: "secret BOM, quotes and newline", account: account, key: apiKey,
			secret: bom + `"` + secret + `"` + "\n",
			want: []problem{
				secretProblem(validate.SecretBOM, malformed),
				secretProblem(validate.SecretNewline, malformed),
				secretProblem(validate.SecretQuoted, malformed),
			},
			reason: "every problem of the secret is reported, not the first",
		},
		{
			name: "quoted Auth Token", account: account, key: apiKey,
			secret: `"` + authToken + `"`,
			want: []problem{
				secretProblem(validate.SecretQuoted, malformed),
				secretProblem(validate.SecretAuthToken, misplaced),
			},
		},
		{
			name: "secret with whitespace and newline", account: account, key: apiKey,
			secret: " " + secret + "\n",
			want: []problem{
				secretProblem(validate.SecretWhitespace, malformed),
				secretProblem(validate.SecretNewline, malformed),
			},
		},

		{
			// Regression: a space before the trailing newline was trimmed
			// silently and only the newline was reported.
			name: "secret with space before trailing newline", account: account,
			key: apiKey, secret: secret + " \n",
			want: []problem{
				secretProblem(validate.SecretWhitespace, malformed),
				secretProblem(validate.SecretNewline, malformed),
			},
		},

		// Several at once.
		{
			name: "bad account, bad key and bad secret", account: "ACxxxx",
			key: appSID, secret: secret + "\n",
			want: []problem{
				sidProblem("AccountSID", malformed, "", "placeholder"),
				sidProblem("APIKeySID", misplaced, "AP", "TwiML application"),
				secretProblem(validate.SecretNewline, malformed),
			},
		},
		{
			name: "everything missing",
			want: []problem{
				{Type: "missing", Field: "AccountSID", Kind: validate.ErrMissing,
					Code: validate.CodeInvalidIssuerSubject},
				{Type: "missing", Field: "APIKeySID", Kind: validate.ErrMissing,
					Code: validate.CodeInvalidIssuerSubject},
				{Type: "missing", Field: "APISecret", Kind: validate.ErrMissing,
					Code: validate.CodeInvalidSignature},
			},
		},
		{
			name: "Account SID and Auth Token", account: account,
			key: "AC" + apiKey[2:], secret: authToken,
			want: []problem{
				sidProblem("APIKeySID", misplaced, "AC", "Auth Token"),
				secretProblem(validate.SecretAuthToken, misplaced),
			},
			reason: "the classic mistake: the Console's account credentials",
		},
		{
			name: "swapped SIDs and an Auth Token", account: apiKey, key: account,
			secret: authToken,
			want: []problem{
				sidProblem("AccountSID", misplaced, "SK", "swapped"),
				secretProblem(validate.SecretAuthToken, misplaced),
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := validate.Credentials(tc.account, tc.key, tc.secret)
			checkProblems(t, err, tc.want)

			// CredentialErrors appends to an existing list the same problems.
			prior := validate.Errors{errors.New("earlier problem")}
			list := validate.CredentialErrors(prior, tc.account, tc.key, tc.secret)
			if got, want := len(list), 1+len(tc.want); got != want {
				t.Errorf("CredentialErrors appended %d problems to 1, want %d",
					got-1, want-1)
			}
			if list[0] != prior[0] {
				t.Errorf("CredentialErrors replaced the earlier problem: %v", list[0])
			}
		})
	}
}

func TestSecret(t *testing.T) {
	tests := []struct {
		name   string
		secret string
		want   []problem
	}{
		{name: "valid", secret: secret},
		{name: "valid upper-case hex", secret: strings.ToUpper(authToken)},
		{name: "valid 31 characters", secret: secret[:31]},
		{
			name: "empty", secret: "",
			want: []problem{{Type: "missing", Field: "APISecret",
				Kind: validate.ErrMissing, Code: validate.CodeInvalidSignature}},
		},
		{
			name: "vertical tab", secret: "\v" + secret,
			want: []problem{secretProblem(validate.SecretWhitespace, validate.ErrMalformed)},
		},
		{
			name: "leading newline", secret: "\n" + secret,
			want: []problem{secretProblem(validate.SecretNewline, validate.ErrMalformed)},
		},
		{
			name: "Auth Token", secret: authToken,
			want: []problem{secretProblem(validate.SecretAuthToken, validate.ErrMisplaced)},
		},
		{
			name: "Auth Token with newline", secret: authToken + "\n",
			want: []problem{
				secretProblem(validate.SecretNewline, validate.ErrMalformed),
				secretProblem(validate.SecretAuthToken, validate.ErrMisplaced),
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkProblems(t, validate.Secret(tc.secret), tc.want)
		})
	}
}

func TestSID(t *testing.T) {
	const code = validate.CodeInvalidGrants
	tests := []struct {
		name   string
		value  string
		prefix string
		want   []problem
	}{
		{name: "valid", value: appSID, prefix: "AP"},
		{name: "valid upper-case hex", value: strings.ToUpper(appSID), prefix: "AP"},
		{
			name: "empty", prefix: "AP",
			want: []problem{{Type: "missing", Field: "f", Kind: validate.ErrMissing,
				Code: code}},
		},
		{
			name: "wrong resource", value: "CR" + appSID[2:], prefix: "AP",
			want: []problem{{Type: "sid", Field: "f", Kind: validate.ErrMisplaced,
				Code: code, Got: "CR",
				Says: "is a CR… push credential SID where a TwiML application " +
					"SID (AP…) belongs"}},
		},
		{
			name: "not a SID", value: "my-app", prefix: "AP",
			want: []problem{{Type: "sid", Field: "f", Kind: validate.ErrMalformed,
				Code: code, Says: "is not a TwiML application SID"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := validate.SID("f", tc.value, tc.prefix, code)
			if err == nil {
				checkProblems(t, nil, tc.want)
				return
			}
			checkProblems(t, validate.Errors{err}, tc.want)
		})
	}
}

func TestIsSID(t *testing.T) {
	tests := []struct {
		s, prefix string
		want      bool
	}{
		{account, "AC", true},
		{account, "SK", false},
		{strings.ToUpper(account), "AC", true},
		{account[:33], "AC", false},
		{account + "0", "AC", false},
		{"AC" + strings.Repeat("x", 32), "AC", false},
		{"", "AC", false},
	}
	for _, tc := range tests {
		t.Run(tc.s+"/"+tc.prefix, func(t *testing.T) {
			if got := validate.IsSID(tc.s, tc.prefix); got != tc.want {
				t.Errorf("IsSID(%q, %q) = %v, want %v", tc.s, tc.prefix, got, tc.want)
			}
		})
	}
}

func TestResource(t *testing.T) {
	for prefix, want := range map[string]string{
		"AC": "Account", "SK": "API key", "AP": "TwiML application",
		"CR": "push credential", "IS": "service", "WS": "TaskRouter workspace",
		"ZZ": "",
	} {
		if got := validate.Resource(prefix); got != want {
			t.Errorf("Resource(%q) = %q, want %q", prefix, got, want)
		}
	}
}
