package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twiliotoken/twiliotoken/examples/internal/demo"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/twiliotoken/twiliotoken/validate"
)

// Fake credentials of the right shape for tests; they belong to nobody.
const (
	testAccountSID = "AC0123456789abcdef0123456789abcdef"
	testAPIKeySID  = "SKfedcba9876543210fedcba9876543210"
	testAPISecret  = "t3stS3cretT3stS3cretT3stS3cretAB"
	testAppSID     = "AP0123456789abcdef0123456789abcdef"
)

type result struct {
	code           int
	stdout, stderr string
}

// runWith runs the program with env as its whole environment and the .env
// file at envFile (which need not exist).
func runWith(t *testing.T, env map[string]string, envFile string) result {
	t.Helper()
	lookup := func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"-env", envFile}, lookup, &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

func noFile(t *testing.T) string { return filepath.Join(t.TempDir(), "missing.env") }

type voiceClaims struct {
	jwt.Claims
	Grants struct {
		Identity string `json:"identity"`
		Voice    struct {
			Incoming struct {
				Allow bool `json:"allow"`
			} `json:"incoming"`
			Outgoing struct {
				ApplicationSID string `json:"application_sid"`
			} `json:"outgoing"`
		} `json:"voice"`
	} `json:"grants"`
}

// verify checks the token's HS256 signature under secret with go-jose, an
// implementation independent of the library, and returns its claims.
func verify(t *testing.T, token, secret string) voiceClaims {
	t.Helper()
	parsed, err := jwt.ParseSigned(token, []jose.SignatureAlgorithm{jose.HS256})
	if err != nil {
		t.Fatalf("parsing the token: %v", err)
	}
	var c voiceClaims
	if err := parsed.Claims([]byte(secret), &c); err != nil {
		t.Fatalf("verifying the token: %v", err)
	}
	if err := c.Claims.Validate(jwt.Expected{}); err != nil {
		t.Fatalf("token times: %v", err)
	}
	return c
}

// stdoutToken checks that stdout is exactly one line and returns it.
func stdoutToken(t *testing.T, stdout string) string {
	t.Helper()
	token, rest, ok := strings.Cut(stdout, "\n")
	if !ok || rest != "" || strings.Count(token, ".") != 2 {
		t.Fatalf("stdout is not one token line: %q", stdout)
	}
	return token
}

func TestDemoModeMintsAVerifiableToken(t *testing.T) {
	if err := validate.Credentials(demo.AccountSID, demo.APIKeySID, demo.APISecret); err != nil {
		t.Fatalf("demo credentials do not pass validation: %v", err)
	}

	r := runWith(t, nil, noFile(t))
	if r.code != 0 {
		t.Fatalf("exit status %d, stderr:\n%s", r.code, r.stderr)
	}
	c := verify(t, stdoutToken(t, r.stdout), demo.APISecret)

	if c.Subject != demo.AccountSID || c.Issuer != demo.APIKeySID {
		t.Errorf("sub, iss = %q, %q; want the demo SIDs", c.Subject, c.Issuer)
	}
	if c.Grants.Identity != defaultIdentity {
		t.Errorf("identity = %q, want %q", c.Grants.Identity, defaultIdentity)
	}
	if !c.Grants.Voice.Incoming.Allow {
		t.Error("incoming calls are not allowed")
	}
	if got := c.Grants.Voice.Outgoing.ApplicationSID; got != demo.TwiMLAppSID {
		t.Errorf("application_sid = %q, want %q", got, demo.TwiMLAppSID)
	}
	for _, want := range []string{"DEMO MODE", "header:", `"cty": "twilio-fpa;v=1"`, "claims:"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, demo.APISecret) {
		t.Error("stderr shows the secret")
	}
}

func TestEnvironmentWinsOverDotEnvFile(t *testing.T) {
	envFile := filepath.Join(t.TempDir(), ".env")
	dotenv := "TWILIO_ACCOUNT_SID=" + testAccountSID + "\n" +
		"TWILIO_API_KEY=" + testAPIKeySID + "\n" +
		"TWILIO_API_SECRET=" + testAPISecret + "\n" +
		"TWILIO_TWIML_APP_SID=" + testAppSID + "\n" +
		"TWILIO_IDENTITY=from_file\n"
	if err := os.WriteFile(envFile, []byte(dotenv), 0o600); err != nil {
		t.Fatal(err)
	}

	r := runWith(t, map[string]string{"TWILIO_IDENTITY": "from_env"}, envFile)
	if r.code != 0 {
		t.Fatalf("exit status %d, stderr:\n%s", r.code, r.stderr)
	}
	c := verify(t, stdoutToken(t, r.stdout), testAPISecret)
	if c.Grants.Identity != "from_env" {
		t.Errorf("identity = %q, want the environment's %q", c.Grants.Identity, "from_env")
	}
	if c.Subject != testAccountSID || c.Grants.Voice.Outgoing.ApplicationSID != testAppSID {
		t.Errorf("sub = %q, application_sid = %q; want the file's values",
			c.Subject, c.Grants.Voice.Outgoing.ApplicationSID)
	}
	if strings.Contains(r.stderr, "DEMO MODE") {
		t.Error("configured run claims demo mode")
	}
}

func TestBadCredentialsListEveryProblem(t *testing.T) {
	// A quoted secret, the Account SID in the API key slot, a placeholder
	// Account SID, a call SID where the TwiML application belongs and an
	// identity that is not UTF-8: five problems, all to be reported.
	const secret = `"` + testAPISecret + `"`
	env := map[string]string{
		"TWILIO_ACCOUNT_SID":   "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		"TWILIO_API_KEY":       testAccountSID,
		"TWILIO_API_SECRET":    secret,
		"TWILIO_TWIML_APP_SID": "CA0123456789abcdef0123456789abcdef",
		"TWILIO_IDENTITY":      "bad\xffidentity",
	}
	r := runWith(t, env, noFile(t))

	if r.code != 1 {
		t.Errorf("exit status = %d, want 1", r.code)
	}
	if r.stdout != "" {
		t.Errorf("stdout = %q, want nothing", r.stdout)
	}
	for _, want := range []string{
		"5 problems",
		"TWILIO_ACCOUNT_SID is not AC followed by 32 hexadecimal digits", "placeholder",
		"TWILIO_API_KEY is an Account SID",
		"TWILIO_API_SECRET is wrapped in quotes",
		"TWILIO_TWIML_APP_SID is a CA",
		"TWILIO_IDENTITY is not valid UTF-8",
		"Twilio error: 20103", "Twilio error: 20107", "Twilio error: 20106",
		"fix: ",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, testAPISecret) {
		t.Error("stderr shows the secret")
	}
}

func TestPartialCredentialsAreNotDemoMode(t *testing.T) {
	// Only the secret is missing: that is a mistake to report, not a
	// reason to fall back on the demo credentials.
	env := map[string]string{
		"TWILIO_ACCOUNT_SID":   testAccountSID,
		"TWILIO_API_KEY":       testAPIKeySID,
		"TWILIO_TWIML_APP_SID": testAppSID,
	}
	r := runWith(t, env, noFile(t))
	if r.code != 1 || !strings.Contains(r.stderr, "TWILIO_API_SECRET") {
		t.Errorf("exit status %d, stderr:\n%s\nwant 1 and a missing TWILIO_API_SECRET",
			r.code, r.stderr)
	}
	if strings.Contains(r.stderr, "DEMO MODE") {
		t.Error("fell back on demo mode")
	}
}

func TestWarningsGoToStderr(t *testing.T) {
	env := map[string]string{"TWILIO_IDENTITY": "alice@example.com"}
	r := runWith(t, env, noFile(t))
	if r.code != 0 {
		t.Fatalf("exit status %d, stderr:\n%s", r.code, r.stderr)
	}
	stdoutToken(t, r.stdout)
	if !strings.Contains(r.stderr, "warning: warning 20106 TWILIO_IDENTITY has characters") {
		t.Errorf("stderr lacks the Voice identity warning:\n%s", r.stderr)
	}
}

func TestMalformedDotEnvFileFails(t *testing.T) {
	envFile := filepath.Join(t.TempDir(), ".env")
	// godotenv quotes a malformed line in its error; the line here holds
	// a secret, which must not be echoed.
	line := "TWILIO API SECRET " + testAPISecret + "\n"
	if err := os.WriteFile(envFile, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runWith(t, nil, envFile)
	if r.code != 1 || !strings.Contains(r.stderr, "not a valid .env file") {
		t.Errorf("exit status %d, stderr:\n%s\nwant 1 and a parse error", r.code, r.stderr)
	}
	if strings.Contains(r.stderr, testAPISecret) {
		t.Error("stderr shows the secret from the malformed line")
	}
}

// TestUneditedEnvExampleIsRefused pins down that the placeholders of
// .env.example are never used: a copy that was not edited fails with every
// placeholder named.
func TestUneditedEnvExampleIsRefused(t *testing.T) {
	r := runWith(t, nil, filepath.Join("..", ".env.example"))
	if r.code != 1 || r.stdout != "" {
		t.Errorf("exit status %d, stdout %q; want 1 and nothing", r.code, r.stdout)
	}
	for _, want := range []string{"TWILIO_ACCOUNT_SID", "TWILIO_API_KEY", "TWILIO_TWIML_APP_SID",
		"placeholder"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "DEMO MODE") {
		t.Error("the placeholders were taken for demo mode")
	}
}
