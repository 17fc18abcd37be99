package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/twiliotoken/twiliotoken/accesstoken"
	"github.com/twiliotoken/twiliotoken/examples/internal/demo"
	"github.com/twiliotoken/twiliotoken/grants"
)

const (
	testAccount = "AC0123456789abcdef0123456789abcdef"
	testKey     = "SKfedcba9876543210fedcba9876543210"
	testSecret  = "abcdefghijklmnopqrstuvwxyz012345"
)

var issued = time.Unix(1700000000, 0)

func mint(t *testing.T, account, key, secret string) string {
	t.Helper()
	tok, err := accesstoken.New(account, key, secret,
		accesstoken.WithIdentity("alice"),
		accesstoken.WithClock(func() time.Time { return issued }),
	).AddGrant(grants.Voice{IncomingAllow: true}).ToJWT()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

type result struct {
	code           int
	stdout, stderr string
}

func inspect(t *testing.T, env map[string]string, stdin string, at time.Time, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	args = append([]string{"-env", t.TempDir() + "/missing.env"}, args...)
	code := run(args, strings.NewReader(stdin), lookup, &out, &errOut,
		func() time.Time { return at })
	return result{code, out.String(), errOut.String()}
}

func TestInspect(t *testing.T) {
	good := mint(t, testAccount, testKey, testSecret)
	demoTok := mint(t, "AC00000000000000000000000000000000", demo.APIKeySID, demo.APISecret)
	withSecret := map[string]string{"TWILIO_API_SECRET": testSecret}
	later := issued.Add(42 * time.Minute)

	tests := []struct {
		name     string
		env      map[string]string
		stdin    string
		at       time.Time
		args     []string
		wantCode int
		want     []string // substrings of stdout
	}{
		{
			name: "valid token from argument", env: withSecret, at: later,
			args: []string{good}, wantCode: 0,
			want: []string{"verified with TWILIO_API_SECRET", "expires in 18m",
				"issued 42m ago", "findings: none", `"identity": "alice"`},
		},
		{
			name: "valid token from stdin with trailing newline", env: withSecret,
			stdin: good + "\n", at: later, wantCode: 0,
			want: []string{"findings: none"},
		},
		{
			name: "demo token checked with the demo secret", stdin: demoTok + "\n",
			at: later, wantCode: 0,
			want: []string{"built-in demo secret", "findings: none"},
		},
		{
			name: "no secret: signature not checked, still no certain finding",
			args: []string{good}, at: later, wantCode: 0,
			want: []string{"not checked", "warning", "20107"},
		},
		{
			name: "expired", env: withSecret, args: []string{good},
			at: issued.Add(2 * time.Hour), wantCode: 1,
			want: []string{"expired 1h ago", "certain", "20104", "fix:"},
		},
		{
			name: "wrong secret", env: map[string]string{"TWILIO_API_SECRET": strings.Repeat("Z", 32)},
			args: []string{good}, at: later, wantCode: 1,
			want: []string{"20107", "does not verify"},
		},
		{
			name: "secret with newline from a .env file",
			env:  map[string]string{"TWILIO_API_SECRET": testSecret + "\n"},
			args: []string{good}, at: later, wantCode: 1,
			want: []string{"newline", "once trimmed"},
		},
		{
			name: "unexpected account", env: map[string]string{
				"TWILIO_API_SECRET": testSecret, "TWILIO_ACCOUNT_SID": "AC" + strings.Repeat("1", 32)},
			args: []string{good}, at: later, wantCode: 1,
			want: []string{"20103", "not the expected Account SID"},
		},
		{
			name: "not a JWT", args: []string{"hello"}, at: later, wantCode: 1,
			want: []string{"20101", "not 3"},
		},
		{name: "no token on stdin", stdin: "", at: later, wantCode: 2},
		{name: "two arguments", args: []string{good, good}, at: later, wantCode: 2},
		{name: "unknown flag", args: []string{"-nope"}, at: later, wantCode: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := inspect(t, tc.env, tc.stdin, tc.at, tc.args...)
			if r.code != tc.wantCode {
				t.Fatalf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s",
					r.code, tc.wantCode, r.stdout, r.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
				}
			}
			for _, secret := range []string{testSecret, demo.APISecret} {
				if strings.Contains(r.stdout+r.stderr, secret) {
					t.Errorf("output contains a secret")
				}
			}
		})
	}
}

func TestInspectJSON(t *testing.T) {
	tok := mint(t, testAccount, testKey, testSecret)
	r := inspect(t, map[string]string{"TWILIO_API_SECRET": testSecret}, "",
		issued.Add(2*time.Hour), "-json", tok)
	if r.code != 1 {
		t.Fatalf("exit status %d, want 1 for an expired token", r.code)
	}
	var got report
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, r.stdout)
	}
	if got.OK || !got.Verified {
		t.Errorf("ok=%v verified=%v, want ok=false verified=true", got.OK, got.Verified)
	}
	if exp := got.Times["exp"]; exp.Unix != issued.Unix()+3600 || exp.Relative != "expired 1h ago" {
		t.Errorf("times[exp] = %+v", exp)
	}
	var codes []int
	for _, f := range got.Findings {
		codes = append(codes, int(f.Code))
	}
	if len(codes) == 0 || codes[0] != 20104 {
		t.Errorf("finding codes = %v, want 20104 first", codes)
	}
}
