package validate_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/twiliotoken/twiliotoken/validate"
)

func TestErrorsList(t *testing.T) {
	one := &validate.MissingError{Field: "APISecret", Code: validate.CodeInvalidSignature}
	two := &validate.SettingError{Field: "TTL", Problem: "is zero", Kind: validate.ErrOutOfRange,
		Code: validate.CodeExpired}

	if err := (validate.Errors{}).Err(); err != nil {
		t.Errorf("empty Errors.Err() = %v, want nil", err)
	}
	if err := (validate.Errors(nil)).Err(); err != nil {
		t.Errorf("nil Errors.Err() = %v, want nil", err)
	}

	single := validate.Errors{one}
	if got, want := single.Error(), one.Error(); got != want {
		t.Errorf("one-element Error() = %q, want %q", got, want)
	}

	both := validate.Errors{one, two}.Err()
	want := "validate: 2 problems:\n\t" + one.Error() + "\n\t" + two.Error()
	if got := both.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	for _, target := range []error{validate.ErrMissing, validate.ErrOutOfRange,
		validate.CodeInvalidSignature, validate.CodeExpired} {
		if !errors.Is(both, target) {
			t.Errorf("errors.Is(list, %v) = false", target)
		}
	}
	if errors.Is(both, validate.ErrMisplaced) || errors.Is(both, validate.CodeInvalidHeader) {
		t.Error("errors.Is matched a category or code no element has")
	}
	var se *validate.SettingError
	if !errors.As(both, &se) || se != two {
		t.Errorf("errors.As(list, *SettingError) = %v, want the TTL error", se)
	}
	if got := validate.CodeOf(both); got != validate.CodeInvalidSignature {
		t.Errorf("CodeOf(list) = %d, want the first element's code 20107", got)
	}

	// A list wrapped by a caller still unwraps.
	wrapped := fmt.Errorf("config: %w", both)
	var list validate.Errors
	if !errors.As(wrapped, &list) || len(list) != 2 {
		t.Errorf("errors.As(wrapped, &Errors) = %v, want the 2 problems", list)
	}
}

func TestCodeOf(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want validate.Code
	}{
		{"nil", nil, 0},
		{"plain error", errors.New("x"), 0},
		{"code itself", validate.CodeExpired, validate.CodeExpired},
		{"missing", &validate.MissingError{Field: "f", Code: validate.CodeInvalidGrants},
			validate.CodeInvalidGrants},
		{"secret", &validate.SecretError{Problem: validate.SecretQuoted,
			Code: validate.CodeInvalidSignature}, validate.CodeInvalidSignature},
		{"wrapped", fmt.Errorf("w: %w", validate.Secret("")), validate.CodeInvalidSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := validate.CodeOf(tc.err); got != tc.want {
				t.Errorf("CodeOf = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestCodeStrings(t *testing.T) {
	tests := []struct {
		code       validate.Code
		title, str string
	}{
		{validate.CodeInvalidSignature, "Invalid Access Token signature",
			"20107 Invalid Access Token signature"},
		{validate.CodeTTLExceedsMaximum, "Expiration Time Exceeds Maximum Time Allowed",
			"20157 Expiration Time Exceeds Maximum Time Allowed"},
		{99999, "", "99999"},
	}
	for _, tc := range tests {
		t.Run(tc.str, func(t *testing.T) {
			// fmt prefers Error to String for a value that has both, so
			// Error must say the same for %v to print the String form.
			got := []string{tc.code.Title(), tc.code.String(), tc.code.Error(),
				fmt.Sprint(tc.code)}
			want := []string{tc.title, tc.str, tc.str, tc.str}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFindings(t *testing.T) {
	err := validate.Credentials("ACxxxx", appSID, secret+"\n")
	got := validate.Findings(err)
	want := []validate.Finding{
		{Severity: validate.Certain, Code: validate.CodeInvalidIssuerSubject,
			Field: "AccountSID"},
		{Severity: validate.Certain, Code: validate.CodeInvalidIssuerSubject,
			Field: "APIKeySID"},
		{Severity: validate.Certain, Code: validate.CodeInvalidSignature,
			Field: "APISecret"},
	}
	if diff := cmp.Diff(want, got, ignoreText); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	for i, f := range got {
		if f.Message == "" || f.Fix == "" {
			t.Errorf("finding %d has no message or fix: %+v", i, f)
		}
	}
	if got[2].Message != validate.SecretNewline.String() {
		t.Errorf("secret finding message = %q, want %q", got[2].Message,
			validate.SecretNewline.String())
	}

	if fs := validate.Findings(nil); fs != nil {
		t.Errorf("Findings(nil) = %v, want nil", fs)
	}
	other := validate.Findings(errors.New("boom"))
	wantOther := []validate.Finding{{Severity: validate.Certain, Field: "error",
		Message: "boom"}}
	if diff := cmp.Diff(wantOther, other); diff != "" {
		t.Errorf("foreign error mismatch (-want +got):\n%s", diff)
	}
	missing := validate.Findings(&validate.MissingError{Field: "data_sync.service_sid",
		Code: validate.CodeInvalidGrants})
	wantMissing := []validate.Finding{{Severity: validate.Certain,
		Code: validate.CodeInvalidGrants, Field: "data_sync.service_sid",
		Message: "is missing", Fix: "set data_sync.service_sid"}}
	if diff := cmp.Diff(wantMissing, missing); diff != "" {
		t.Errorf("single error mismatch (-want +got):\n%s", diff)
	}
}

func TestFindingFormats(t *testing.T) {
	f := validate.Finding{Severity: validate.Certain, Code: validate.CodeInvalidSignature,
		Field: "APISecret", Message: "has a trailing newline", Fix: "remove the newline"}
	if got, want := f.String(),
		"certain 20107 APISecret has a trailing newline: remove the newline"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	f.Fix = ""
	if got, want := f.String(), "certain 20107 APISecret has a trailing newline"; got != want {
		t.Errorf("String() without fix = %q, want %q", got, want)
	}

	b, err := json.Marshal(validate.Finding{Severity: validate.Warning, Code: 20106,
		Field: "grants", Message: "m", Fix: "f"})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"severity":"warning","code":20106,"field":"grants","message":"m","fix":"f"}`
	if string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
	if got := validate.Severity(7).String(); got != "severity(7)" {
		t.Errorf("Severity(7) = %q", got)
	}
}

func TestSecretProblemStrings(t *testing.T) {
	seen := map[string]bool{}
	for p := validate.SecretWhitespace; p <= validate.SecretAuthToken; p++ {
		e := &validate.SecretError{Problem: p, Code: validate.CodeInvalidSignature}
		if s := p.String(); s == "" || seen[s] {
			t.Errorf("problem %d has an empty or repeated description %q", p, s)
		} else {
			seen[s] = true
		}
		if e.Fix() == "" || !strings.Contains(e.Error(), p.String()) {
			t.Errorf("problem %d: Error %q, Fix %q", p, e.Error(), e.Fix())
		}
	}
	unknown := &validate.SecretError{Problem: 0, Code: validate.CodeInvalidSignature}
	if unknown.Problem.String() == "" || unknown.Fix() == "" {
		t.Error("an unknown problem has no description or fix")
	}
}
