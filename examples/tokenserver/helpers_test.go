package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Fake credentials and settings of the right shape; they belong to nobody.
const (
	testAccountSID = "AC0123456789abcdef0123456789abcdef"
	testAPIKeySID  = "SKfedcba9876543210fedcba9876543210"
	testAPISecret  = "t3stS3cretT3stS3cretT3stS3cretAB"
	testAppSID     = "AP0123456789abcdef0123456789abcdef"
	testChatIS     = "IS0123456789abcdef0123456789abcde1"
	testSyncIS     = "IS0123456789abcdef0123456789abcde2"
)

// testUsers and testBearer are the users of testEnv: name → secret.
var (
	testUsers = map[string]string{
		"alice": "alice-test-password-1",
		"bob":   "bob-test-password-2",
	}
	testBearer = map[string]string{
		"dave": "dave-test-bearer-token-0123456789",
	}
)

// testEnv is a complete configuration that is not demo mode.
func testEnv() map[string]string {
	return map[string]string{
		"TWILIO_ACCOUNT_SID":               testAccountSID,
		"TWILIO_API_KEY":                   testAPIKeySID,
		"TWILIO_API_SECRET":                testAPISecret,
		"TOKENSERVER_GRANTS":               "voice,video,chat,sync",
		"TWILIO_TWIML_APP_SID":             testAppSID,
		"TWILIO_CONVERSATIONS_SERVICE_SID": testChatIS,
		"TWILIO_SYNC_SERVICE_SID":          testSyncIS,
		"TOKENSERVER_TTL":                  "30m",
		"TOKENSERVER_USERS":                "alice:" + testUsers["alice"] + ",bob:" + testUsers["bob"],
		"TOKENSERVER_BEARER_TOKENS":        "dave:" + testBearer["dave"],
	}
}

func getenvOf(env map[string]string) func(string) string {
	return func(k string) string { return env[k] }
}

func lookupOf(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	}
}

// syncBuffer is a bytes.Buffer that many goroutines may write to.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testServer is the real server, listening on a loopback port.
type testServer struct {
	url  string
	cfg  *config
	logs *syncBuffer
	stop func() // shuts the server down and waits for it
}

// startServer starts the server with the configuration env on
// 127.0.0.1:0. wrap, if not nil, replaces the configured authenticator.
func startServer(t *testing.T, env map[string]string,
	wrap func(Authenticator) Authenticator) *testServer {
	t.Helper()
	cfg, problems := loadConfig(getenvOf(env))
	if len(problems) > 0 {
		t.Fatalf("configuration problems: %v", problems)
	}
	var auth Authenticator = cfg.auth
	if wrap != nil {
		auth = wrap(auth)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(newHandler(cfg, auth, log), log)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, srv, ln, log) }()

	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return &testServer{url: "http://" + ln.Addr().String(), cfg: cfg, logs: logs, stop: stop}
}

// newClient returns a client for conns concurrent connections to the test
// server. It never uses a proxy: every request goes to 127.0.0.1.
func newClient(conns int) *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			Proxy:                 nil,
			MaxIdleConns:          conns,
			MaxIdleConnsPerHost:   conns,
			MaxConnsPerHost:       conns,
			ExpectContinueTimeout: 5 * time.Second,
		},
	}
}

// tokenBody is what POST /token returns.
type tokenBody struct {
	Identity  string    `json:"identity"`
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	ExpiresIn int64     `json:"expires_in"`
}

// twilioClaims are the claims of a token from this server.
type twilioClaims struct {
	jwt.Claims
	IssuedAt int64 `json:"iat"`
	Grants   struct {
		Identity string `json:"identity"`
		Voice    *struct {
			Incoming struct {
				Allow bool `json:"allow"`
			} `json:"incoming"`
			Outgoing struct {
				ApplicationSID string `json:"application_sid"`
			} `json:"outgoing"`
		} `json:"voice"`
		Video *struct{} `json:"video"`
		Chat  *struct {
			ServiceSID string `json:"service_sid"`
		} `json:"chat"`
		Sync *struct {
			ServiceSID string `json:"service_sid"`
		} `json:"data_sync"`
	} `json:"grants"`
}

// verifyToken checks body's token with go-jose, an HS256 implementation
// independent of the library: the signature under secret, the header, the
// times and the identity. It returns the claims for further checks.
func verifyToken(body tokenBody, secret, wantIdentity string) (twilioClaims, error) {
	var c twilioClaims
	parsed, err := jwt.ParseSigned(body.Token, []jose.SignatureAlgorithm{jose.HS256})
	if err != nil {
		return c, err
	}
	if err := parsed.Claims([]byte(secret), &c); err != nil {
		return c, err
	}
	h := parsed.Headers[0]
	if h.ExtraHeaders["cty"] != "twilio-fpa;v=1" || h.ExtraHeaders["typ"] != "JWT" {
		return c, fmt.Errorf("header = %v, want typ JWT and cty twilio-fpa;v=1", h.ExtraHeaders)
	}
	if err := c.Claims.Validate(jwt.Expected{}); err != nil {
		return c, err
	}
	switch {
	case c.Grants.Identity != wantIdentity || body.Identity != wantIdentity:
		return c, fmt.Errorf("identity = %q in the token, %q in the response; want %q",
			c.Grants.Identity, body.Identity, wantIdentity)
	case c.Expiry == nil:
		return c, fmt.Errorf("no exp claim")
	case c.Expiry.Time().Unix() != body.ExpiresAt.Unix():
		return c, fmt.Errorf("exp = %v, but expires_at = %v", c.Expiry.Time().UTC(), body.ExpiresAt)
	case c.Expiry.Time().Unix()-c.IssuedAt != body.ExpiresIn:
		return c, fmt.Errorf("exp - iat = %d, but expires_in = %d",
			c.Expiry.Time().Unix()-c.IssuedAt, body.ExpiresIn)
	}
	return c, nil
}
