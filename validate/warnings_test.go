package validate_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/twiliotoken/twiliotoken/validate"
)

// ignoreText compares findings on everything but their wording.
var ignoreText = cmpopts.IgnoreFields(validate.Finding{}, "Message", "Fix")

func warning(code validate.Code, field string) validate.Finding {
	return validate.Finding{Severity: validate.Warning, Code: code, Field: field}
}

func TestCredentialWarnings(t *testing.T) {
	iss := validate.CodeInvalidIssuerSubject
	sig := validate.CodeInvalidSignature
	tests := []struct {
		name                 string
		account, key, secret string
		want                 []validate.Finding
		reason               string
	}{
		{name: "usual", account: account, key: apiKey, secret: secret},
		{name: "mixed-case secret", account: account, key: apiKey,
			secret: "AbCdEfGhIjKlMnOpQrStUvWxYz012345"},
		{
			name: "upper-case account hex", account: "AC" + strings.ToUpper(account[2:]),
			key: apiKey, secret: secret,
			want:   []validate.Finding{warning(iss, "AccountSID")},
			reason: "accepted by Twilio's schema, but never issued",
		},
		{
			name: "upper-case hex in both", account: "AC" + strings.ToUpper(account[2:]),
			key: "SK" + strings.ToUpper(apiKey[2:]), secret: secret,
			want: []validate.Finding{warning(iss, "AccountSID"), warning(iss, "APIKeySID")},
		},
		{
			name: "short secret", account: account, key: apiKey, secret: secret[:31],
			want: []validate.Finding{warning(sig, "APISecret")},
		},
		{
			name: "long secret", account: account, key: apiKey, secret: secret + "x",
			want: []validate.Finding{warning(sig, "APISecret")},
		},
		{
			name: "secret with punctuation", account: account, key: apiKey,
			secret: secret[:31] + "-",
			want:   []validate.Finding{warning(sig, "APISecret")},
			reason: "the format is undocumented: a warning, not a refusal",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := validate.Credentials(tc.account, tc.key, tc.secret); err != nil {
				t.Fatalf("Credentials = %v, want nil: warnings are not errors", err)
			}
			got := validate.CredentialWarnings(tc.account, tc.key, tc.secret)
			if diff := cmp.Diff(tc.want, got, ignoreText, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			for _, f := range got {
				if f.Message == "" || f.Fix == "" {
					t.Errorf("finding %+v has no message or fix", f)
				}
				if strings.Contains(f.String(), tc.secret) {
					t.Errorf("finding %q shows the secret", f)
				}
			}
		})
	}
}

func TestIdentityWarnings(t *testing.T) {
	long := strings.Repeat("a", 129)
	tests := []struct {
		name         string
		identity     string
		voice, video bool
		want         []validate.Finding
		reason       string
	}{
		{name: "voice letters digits underscore", identity: "bob_1", voice: true},
		{
			name: "voice email", identity: "alice@example.com", voice: true,
			want: []validate.Finding{warning(validate.CodeInvalidGrants, "Identity")},
		},
		{
			name: "voice space", identity: "alice smith", voice: true,
			want: []validate.Finding{warning(validate.CodeInvalidGrants, "Identity")},
		},
		{
			name: "voice non-ASCII", identity: "zoë", voice: true,
			want: []validate.Finding{warning(validate.CodeInvalidGrants, "Identity")},
		},
		{name: "email without voice", identity: "alice@example.com", video: true},
		{name: "video 128 characters", identity: long[:128], video: true},
		{
			name: "video 128 two-byte characters", identity: strings.Repeat("é", 128),
			video:  true,
			reason: "the limit counts characters, not bytes",
		},
		{
			name: "video 129 characters", identity: long, video: true,
			want: []validate.Finding{warning(validate.CodeVideoIdentityTooLong, "Identity")},
		},
		{name: "long without video", identity: long, voice: true},
		{
			name: "voice and video", identity: long + "@", voice: true, video: true,
			want: []validate.Finding{
				warning(validate.CodeInvalidGrants, "Identity"),
				warning(validate.CodeVideoIdentityTooLong, "Identity"),
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := validate.IdentityWarnings(tc.identity, tc.voice, tc.video)
			if diff := cmp.Diff(tc.want, got, ignoreText, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRegionWarning(t *testing.T) {
	tests := []struct {
		region string
		want   *validate.Finding
	}{
		{region: ""},
		{region: "us1"},
		{region: "ie1"},
		{region: "au1"},
		{region: "eu1", want: &validate.Finding{Severity: validate.Warning,
			Code: validate.CodeInvalidToken, Field: "Region"}},
		{region: "IE1", want: &validate.Finding{Severity: validate.Warning,
			Code: validate.CodeInvalidToken, Field: "Region"}},
	}
	for _, tc := range tests {
		t.Run("region="+tc.region, func(t *testing.T) {
			got := validate.RegionWarning(tc.region)
			if diff := cmp.Diff(tc.want, got, ignoreText); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			wantKnown := tc.want == nil && tc.region != ""
			if known := validate.IsKnownRegion(tc.region); known != wantKnown {
				t.Errorf("IsKnownRegion(%q) = %v, want %v", tc.region, known, wantKnown)
			}
		})
	}
}
