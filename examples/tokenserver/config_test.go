package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/twiliotoken/twiliotoken/examples/internal/demo"

	"github.com/twiliotoken/twiliotoken/validate"
)

func TestLoadConfigDemoMode(t *testing.T) {
	if err := validate.Credentials(demo.AccountSID, demo.APIKeySID, demo.APISecret); err != nil {
		t.Fatalf("the demo credentials do not pass validation: %v", err)
	}
	cfg, problems := loadConfig(getenvOf(nil))
	if len(problems) > 0 {
		t.Fatalf("problems with no configuration: %v", problems)
	}
	if !cfg.demo || cfg.addr != defaultAddr {
		t.Errorf("demo = %v, addr = %q; want demo mode on %s", cfg.demo, cfg.addr, defaultAddr)
	}
	var keys []string
	for _, g := range cfg.grants {
		keys = append(keys, g.Key())
	}
	if want := []string{"voice", "video", "chat", "data_sync"}; !slices.Equal(keys, want) {
		t.Errorf("grants = %v, want %v", keys, want)
	}
	if len(cfg.auth.users) != 2 || len(cfg.auth.tokens) != 1 {
		t.Errorf("%d demo users and %d bearer tokens, want 2 and 1",
			len(cfg.auth.users), len(cfg.auth.tokens))
	}
}

// problemKey names a problem by its setting and Twilio code.
func problemKey(f validate.Finding) string { return fmt.Sprintf("%s %d", f.Field, f.Code) }

func TestLoadConfigReportsEveryProblem(t *testing.T) {
	tests := []struct {
		name   string
		change map[string]string // applied to testEnv; "" deletes
		want   []string          // problemKey of every problem, sorted
	}{
		{
			name: "three bad credentials",
			change: map[string]string{
				"TWILIO_ACCOUNT_SID": "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
				"TWILIO_API_KEY":     testAccountSID,
				"TWILIO_API_SECRET":  `"` + testAPISecret + `"`,
			},
			want: []string{"TWILIO_ACCOUNT_SID 20103", "TWILIO_API_KEY 20103",
				"TWILIO_API_SECRET 20107"},
		},
		{
			// Partial credentials are a mistake, not demo mode.
			name:   "secret missing",
			change: map[string]string{"TWILIO_API_SECRET": ""},
			want:   []string{"TWILIO_API_SECRET 20107"},
		},
		{
			name: "grant SIDs",
			change: map[string]string{
				"TWILIO_TWIML_APP_SID":             "CA0123456789abcdef0123456789abcdef",
				"TWILIO_CONVERSATIONS_SERVICE_SID": "",
				"TWILIO_SYNC_SERVICE_SID":          "IS0123",
			},
			want: []string{"TWILIO_CONVERSATIONS_SERVICE_SID 20106",
				"TWILIO_SYNC_SERVICE_SID 20106", "TWILIO_TWIML_APP_SID 20106"},
		},
		{
			name:   "TTL over 24 hours",
			change: map[string]string{"TOKENSERVER_TTL": "48h"},
			want:   []string{"TOKENSERVER_TTL 20157"},
		},
		{
			name:   "TTL in milliseconds",
			change: map[string]string{"TOKENSERVER_TTL": "3600000"},
			want:   []string{"TOKENSERVER_TTL 20157"},
		},
		{
			name:   "TTL zero",
			change: map[string]string{"TOKENSERVER_TTL": "0"},
			want:   []string{"TOKENSERVER_TTL 20104"},
		},
		{
			name:   "TTL not a duration",
			change: map[string]string{"TOKENSERVER_TTL": "soon"},
			want:   []string{"TOKENSERVER_TTL 20104"},
		},
		{
			name:   "unknown grant",
			change: map[string]string{"TOKENSERVER_GRANTS": "video,fax"},
			want:   []string{"TOKENSERVER_GRANTS 0"},
		},
		{
			name:   "no grants",
			change: map[string]string{"TOKENSERVER_GRANTS": ""},
			want:   []string{"TOKENSERVER_GRANTS 20106"},
		},
		{
			name:   "no users",
			change: map[string]string{"TOKENSERVER_USERS": "", "TOKENSERVER_BEARER_TOKENS": ""},
			want:   []string{"TOKENSERVER_USERS 0"},
		},
		{
			name:   "bad user entries",
			change: map[string]string{"TOKENSERVER_USERS": "alice, bob:pw-bob-0123456, bob:other-pw-0123"},
			want:   []string{"TOKENSERVER_USERS entry 1 0", "TOKENSERVER_USERS entry 3 0"},
		},
		{
			name:   "user identity not UTF-8",
			change: map[string]string{"TOKENSERVER_USERS": "bad\xffname:pw-0123456789"},
			want:   []string{"TOKENSERVER_USERS entry 1 (identity) 20106"},
		},
		{
			name: "bearer identity too long for Video",
			change: map[string]string{
				"TOKENSERVER_BEARER_TOKENS": strings.Repeat("a", 129) + ":tok-0123456789",
			},
			want: []string{"TOKENSERVER_BEARER_TOKENS entry 1 (identity) 53201"},
		},
		{
			name:   "voice incoming not a boolean",
			change: map[string]string{"TOKENSERVER_VOICE_INCOMING": "maybe"},
			want:   []string{"TOKENSERVER_VOICE_INCOMING 0"},
		},
		{
			name:   "address",
			change: map[string]string{"TOKENSERVER_ADDR": "8080"},
			want:   []string{"TOKENSERVER_ADDR 0"},
		},
		{
			name: "everything at once",
			change: map[string]string{
				"TWILIO_API_SECRET":    " " + testAPISecret,
				"TWILIO_TWIML_APP_SID": "APxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
				"TOKENSERVER_TTL":      "25h",
				"TOKENSERVER_USERS":    "nopassword",
			},
			want: []string{"TOKENSERVER_TTL 20157", "TOKENSERVER_USERS entry 1 0",
				"TWILIO_API_SECRET 20107", "TWILIO_TWIML_APP_SID 20106"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := testEnv()
			for k, v := range tc.change {
				env[k] = v
			}
			cfg, problems := loadConfig(getenvOf(env))
			if cfg != nil {
				t.Error("a configuration with problems was returned")
			}
			var got []string
			for _, f := range problems {
				got = append(got, problemKey(f))
				if f.Message == "" || f.Fix == "" {
					t.Errorf("%s: message %q, fix %q; want both", f.Field, f.Message, f.Fix)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("problems = %q\nwant       %q\nall: %v", got, tc.want, problems)
			}
			all, _ := json.Marshal(problems)
			for _, secret := range []string{testAPISecret, "pw-bob-0123456", "tok-0123456789"} {
				if strings.Contains(string(all), secret) {
					t.Errorf("a problem shows the secret %q", secret)
				}
			}
		})
	}
}

func TestLoadConfigDemoModeStaysOnLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:8080": true, "[::1]:8080": true, "localhost:8080": true,
		"0.0.0.0:8080": false, ":8080": false, "192.0.2.1:8080": false,
	} {
		_, problems := loadConfig(getenvOf(map[string]string{"TOKENSERVER_ADDR": addr}))
		if got := len(problems) == 0; got != ok {
			t.Errorf("demo mode on %s: allowed = %v, want %v (%v)", addr, got, ok, problems)
		}
	}
}

func TestLoadConfigWarnings(t *testing.T) {
	env := testEnv()
	env["TOKENSERVER_GRANTS"] = "video"
	env["TWILIO_REGION"] = "mars1"
	env["TOKENSERVER_BEARER_TOKENS"] = "dave:short"
	cfg, problems := loadConfig(getenvOf(env))
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	var got []string
	for _, f := range cfg.warnings {
		got = append(got, f.Field)
	}
	slices.Sort(got)
	want := []string{"TOKENSERVER_BEARER_TOKENS entry 1", "TWILIO_CONVERSATIONS_SERVICE_SID",
		"TWILIO_REGION", "TWILIO_SYNC_SERVICE_SID", "TWILIO_TWIML_APP_SID"}
	if !slices.Equal(got, want) {
		t.Errorf("warnings about %q\nwant           %q", got, want)
	}
}

// TestRunRefusesBadConfiguration checks that run logs every problem with
// its Twilio code, and exits before it listens.
func TestRunRefusesBadConfiguration(t *testing.T) {
	env := testEnv()
	env["TOKENSERVER_ADDR"] = "127.0.0.1:0"
	env["TWILIO_API_KEY"] = testAccountSID
	env["TWILIO_API_SECRET"] = testAPISecret + "\n"
	env["TWILIO_SYNC_SERVICE_SID"] = testAppSID

	logs := &syncBuffer{}
	listened := false
	args := []string{"-env", filepath.Join(t.TempDir(), "missing.env")}
	code := run(context.Background(), args, lookupOf(env), logs, func(net.Addr) { listened = true })

	if code != 1 || listened {
		t.Errorf("run returned %d, listened = %v; want 1 without listening", code, listened)
	}
	out := logs.String()
	for _, want := range []string{
		"setting=TWILIO_API_KEY", "twilio_code=20103",
		"setting=TWILIO_API_SECRET", "twilio_code=20107",
		"setting=TWILIO_SYNC_SERVICE_SID", "twilio_code=20106",
		"problems=3",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, testAPISecret) {
		t.Error("the log shows the secret")
	}
}

// TestRunRefusesUneditedEnvExample pins down that the placeholders of
// .env.example are never used: the server does not start on them.
func TestRunRefusesUneditedEnvExample(t *testing.T) {
	logs := &syncBuffer{}
	listened := false
	args := []string{"-env", filepath.Join("..", ".env.example")}
	code := run(context.Background(), args, lookupOf(nil), logs, func(net.Addr) { listened = true })
	if code != 1 || listened {
		t.Errorf("run returned %d, listened = %v; want 1 without listening", code, listened)
	}
	out := logs.String()
	for _, want := range []string{"setting=TWILIO_ACCOUNT_SID", "setting=TWILIO_API_KEY",
		"setting=TWILIO_TWIML_APP_SID", "setting=TWILIO_CONVERSATIONS_SERVICE_SID",
		"setting=TWILIO_SYNC_SERVICE_SID"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "DEMO MODE") {
		t.Error("the placeholders were taken for demo mode")
	}
}
