package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/twiliotoken/twiliotoken/examples/internal/demo"

	"github.com/twiliotoken/twiliotoken/validate"
)

// Bearer tokens that testAuth answers itself, to reach the paths a
// configured user cannot: identities Twilio refuses, and a failing
// authenticator.
const (
	tokInvalidUTF8 = "test-identity-invalid-utf8"
	tokTooLong     = "test-identity-too-long-for-video"
	tokEmpty       = "test-identity-empty"
	tokBroken      = "test-authenticator-broken"
)

// testAuth wraps the configured authenticator like a real one would be
// plugged in: it decides some bearer tokens itself and passes the rest on.
func testAuth(next Authenticator) Authenticator { return testAuthenticator{next} }

type testAuthenticator struct{ next Authenticator }

func (a testAuthenticator) Authenticate(r *http.Request) (string, error) {
	switch strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") {
	case tokInvalidUTF8:
		return "bad\xffname", nil
	case tokTooLong:
		return strings.Repeat("a", 129), nil
	case tokEmpty:
		return "", nil
	case tokBroken:
		return "", errors.New("user store unavailable")
	}
	return a.next.Authenticate(r)
}

func (a testAuthenticator) Challenges() []string { return a.next.(Challenger).Challenges() }

func basic(user, password string) func(*http.Request) {
	return func(r *http.Request) { r.SetBasicAuth(user, password) }
}

func bearer(token string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
}

func header(k, v string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set(k, v) }
}

type errorBody struct {
	Error    string             `json:"error"`
	Message  string             `json:"message"`
	Findings []validate.Finding `json:"findings"`
}

// TestEndToEnd sends every kind of request to the real server over
// loopback and checks the status, the headers and the JSON body; then it
// checks that the log has one line per request and no secret.
func TestEndToEnd(t *testing.T) {
	ts := startServer(t, testEnv(), testAuth)
	client := newClient(4)

	tests := []struct {
		name       string
		method     string
		path       string
		auth       func(*http.Request)
		body       string
		wantStatus int
		wantError  string // the error field; "" for a success
		wantHeader map[string]string
		wantCodes  []validate.Code // the findings' codes, in order
		identity   string          // the identity of the token returned
	}{
		{name: "health", method: "GET", path: "/healthz", wantStatus: 200},
		{name: "health HEAD", method: "HEAD", path: "/healthz", wantStatus: 200},
		{
			name: "health POST", method: "POST", path: "/healthz", wantStatus: 405,
			wantError: "method_not_allowed", wantHeader: map[string]string{"Allow": "GET, HEAD"},
		},
		{
			name: "token GET", method: "GET", path: "/token", auth: basic("alice", testUsers["alice"]),
			wantStatus: 405, wantError: "method_not_allowed",
			wantHeader: map[string]string{"Allow": "POST"},
		},
		{
			name: "token PUT", method: "PUT", path: "/token", wantStatus: 405,
			wantError: "method_not_allowed",
		},
		{
			name: "basic", method: "POST", path: "/token", auth: basic("alice", testUsers["alice"]),
			wantStatus: 200, identity: "alice",
		},
		{
			name: "basic with a small body", method: "POST", path: "/token", body: `{}`,
			auth: basic("bob", testUsers["bob"]), wantStatus: 200, identity: "bob",
		},
		{
			name: "bearer", method: "POST", path: "/token", auth: bearer(testBearer["dave"]),
			wantStatus: 200, identity: "dave",
		},
		{
			name: "no credentials", method: "POST", path: "/token", wantStatus: 401,
			wantError: "unauthorized",
			wantHeader: map[string]string{
				"WWW-Authenticate": `Basic realm="tokenserver", charset="UTF-8" | ` +
					`Bearer realm="tokenserver"`,
			},
		},
		{
			// The identity parameter alone authenticates nobody.
			name: "identity parameter without credentials", method: "POST",
			path: "/token?identity=alice", wantStatus: 401, wantError: "unauthorized",
		},
		{
			name: "wrong password", method: "POST", path: "/token",
			auth: basic("alice", testUsers["bob"]), wantStatus: 401, wantError: "unauthorized",
		},
		{
			name: "unknown user", method: "POST", path: "/token",
			auth: basic("mallory", testUsers["alice"]), wantStatus: 401, wantError: "unauthorized",
		},
		{
			name: "password as bearer token", method: "POST", path: "/token",
			auth: bearer(testUsers["alice"]), wantStatus: 401, wantError: "unauthorized",
		},
		{
			name: "malformed basic", method: "POST", path: "/token",
			auth: header("Authorization", "Basic !!notbase64"), wantStatus: 401,
			wantError: "unauthorized",
		},
		{
			name: "unknown scheme", method: "POST", path: "/token",
			auth: header("Authorization", "Digest username=alice"), wantStatus: 401,
			wantError: "unauthorized",
		},
		{
			// Authenticated as alice, asking for bob's identity.
			name: "identity parameter", method: "POST", path: "/token?identity=bob",
			auth: basic("alice", testUsers["alice"]), wantStatus: 400,
			wantError: "identity_parameter",
		},
		{
			name: "body too large", method: "POST", path: "/token",
			body: strings.Repeat("x", maxBodyBytes+1), auth: basic("alice", testUsers["alice"]),
			wantStatus: 413, wantError: "body_too_large",
		},
		{
			name: "identity not UTF-8", method: "POST", path: "/token",
			auth: bearer(tokInvalidUTF8), wantStatus: 400, wantError: "invalid_identity",
			wantCodes: []validate.Code{validate.CodeInvalidGrants},
		},
		{
			name: "identity too long for Video", method: "POST", path: "/token",
			auth: bearer(tokTooLong), wantStatus: 400, wantError: "invalid_identity",
			wantCodes: []validate.Code{validate.CodeVideoIdentityTooLong},
		},
		{
			name: "empty identity", method: "POST", path: "/token",
			auth: bearer(tokEmpty), wantStatus: 400, wantError: "invalid_identity",
			wantCodes: []validate.Code{validate.CodeInvalidGrants},
		},
		{
			name: "authenticator fails", method: "POST", path: "/token",
			auth: bearer(tokBroken), wantStatus: 500, wantError: "internal",
		},
		{name: "unknown path", method: "GET", path: "/tokens", wantStatus: 404, wantError: "not_found"},
		{
			name: "path under token", method: "POST", path: "/token/x", wantStatus: 404,
			wantError: "not_found",
		},
	}

	var tokens []string
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, ts.url+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if tc.auth != nil {
				tc.auth(req)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}

			if resp.StatusCode != tc.wantStatus {
				t.Errorf("status = %d, want %d; body %s", resp.StatusCode, tc.wantStatus, raw)
			}
			want := map[string]string{"Cache-Control": "no-store", "Content-Type": "application/json"}
			for k, v := range tc.wantHeader {
				want[k] = v
			}
			for k, v := range want {
				if got := strings.Join(resp.Header.Values(k), " | "); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if tc.method == "HEAD" {
				return
			}

			var e errorBody
			if err := json.Unmarshal(raw, &e); err != nil {
				t.Fatalf("body is not JSON: %v: %s", err, raw)
			}
			if e.Error != tc.wantError {
				t.Errorf("error = %q, want %q", e.Error, tc.wantError)
			}
			var codes []validate.Code
			for _, f := range e.Findings {
				codes = append(codes, f.Code)
			}
			if len(codes) != len(tc.wantCodes) || len(codes) > 0 && codes[0] != tc.wantCodes[0] {
				t.Errorf("finding codes = %v, want %v", codes, tc.wantCodes)
			}
			if tc.identity == "" {
				return
			}

			var body tokenBody
			if err := json.Unmarshal(raw, &body); err != nil {
				t.Fatal(err)
			}
			tokens = append(tokens, body.Token)
			c, err := verifyToken(body, testAPISecret, tc.identity)
			if err != nil {
				t.Fatalf("token: %v", err)
			}
			checkGrants(t, c)
		})
	}

	ts.stop() // waits for the handlers, so that every line is logged
	logs := ts.logs.String()
	if got, want := strings.Count(logs, "msg=request "), len(tests); got != want {
		t.Errorf("%d request lines logged for %d requests:\n%s", got, want, logs)
	}
	if !strings.Contains(logs, "status=413") || !strings.Contains(logs, "latency=") {
		t.Errorf("request lines lack status or latency:\n%s", logs)
	}
	checkNoSecrets(t, logs, tokens)
}

// checkGrants checks that c carries the grants of testEnv.
func checkGrants(t *testing.T, c twilioClaims) {
	t.Helper()
	g := c.Grants
	switch {
	case c.Subject != testAccountSID || c.Issuer != testAPIKeySID:
		t.Errorf("sub, iss = %q, %q", c.Subject, c.Issuer)
	case g.Voice == nil || !g.Voice.Incoming.Allow || g.Voice.Outgoing.ApplicationSID != testAppSID:
		t.Errorf("voice grant = %+v", g.Voice)
	case g.Video == nil:
		t.Error("no video grant")
	case g.Chat == nil || g.Chat.ServiceSID != testChatIS:
		t.Errorf("chat grant = %+v", g.Chat)
	case g.Sync == nil || g.Sync.ServiceSID != testSyncIS:
		t.Errorf("sync grant = %+v", g.Sync)
	case c.Expiry.Time().Unix()-c.IssuedAt != 30*60:
		t.Errorf("lifetime = %ds, want the configured 30m", c.Expiry.Time().Unix()-c.IssuedAt)
	}
}

// checkNoSecrets fails if logs contain the API secret, a password, a bearer
// token, Basic credentials as sent, or any part of a token that was handed
// out.
func checkNoSecrets(t *testing.T, logs string, tokens []string) {
	t.Helper()
	if len(tokens) == 0 {
		t.Fatal("no token to look for")
	}
	secrets := map[string]string{"API secret": testAPISecret}
	for name, pw := range testUsers {
		secrets[name+"'s password"] = pw
		secrets[name+"'s Basic credentials"] = base64.StdEncoding.EncodeToString(
			[]byte(name + ":" + pw))
	}
	for name, tok := range testBearer {
		secrets[name+"'s bearer token"] = tok
	}
	for i, tok := range tokens {
		parts := strings.Split(tok, ".")
		secrets[fmt.Sprintf("token %d's claims", i)] = parts[1]
		secrets[fmt.Sprintf("token %d's signature", i)] = parts[2]
	}
	for what, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("the log contains %s", what)
		}
	}
}

// TestRunDemoModeShutsDownGracefully starts the program as main does, in
// demo mode, and stops it with a real SIGTERM while a request is in
// flight: the request must still get its token, and run must return 0.
func TestRunDemoModeShutsDownGracefully(t *testing.T) {
	env := map[string]string{"TOKENSERVER_ADDR": "127.0.0.1:0"}
	logs := &syncBuffer{}
	addrc := make(chan net.Addr, 1)
	exit := make(chan int, 1)
	args := []string{"-env", filepath.Join(t.TempDir(), "missing.env")}
	go func() {
		exit <- run(context.Background(), args, lookupOf(env), logs, func(a net.Addr) { addrc <- a })
	}()
	var addr string
	select {
	case a := <-addrc:
		addr = a.String()
	case code := <-exit:
		t.Fatalf("run returned %d before listening:\n%s", code, logs)
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not start")
	}

	// Start a request whose body is sent only after the signal. The
	// server asks for the body (100 Continue) once the handler runs.
	bodyR, bodyW := io.Pipe()
	req, err := http.NewRequest("POST", "http://"+addr+"/token", bodyR)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth("alice", "alice-demo-password")
	req.Header.Set("Expect", "100-continue")
	handling := make(chan struct{})
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		Got100Continue: func() { close(handling) },
	}))
	type result struct {
		resp *http.Response
		err  error
	}
	respc := make(chan result, 1)
	go func() {
		resp, err := newClient(1).Do(req)
		respc <- result{resp, err}
	}()
	select {
	case <-handling:
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not start handling the request")
	}

	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitRefused(t, addr)
	if _, err := bodyW.Write([]byte("{}")); err != nil {
		t.Fatal(err)
	}
	bodyW.Close()

	r := <-respc
	if r.err != nil {
		t.Fatalf("the request in flight failed: %v", r.err)
	}
	var body tokenBody
	err = json.NewDecoder(r.resp.Body).Decode(&body)
	r.resp.Body.Close()
	if r.resp.StatusCode != 200 || err != nil {
		t.Fatalf("in-flight request: status %d, %v", r.resp.StatusCode, err)
	}
	if _, err := verifyToken(body, demo.APISecret, "alice"); err != nil {
		t.Errorf("demo token: %v", err)
	}

	select {
	case code := <-exit:
		if code != 0 {
			t.Errorf("run returned %d, want 0", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after SIGTERM")
	}
	out := logs.String()
	for _, want := range []string{"DEMO MODE", "FAKE credentials", "shutting down", "msg=stopped"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	parts := strings.Split(body.Token, ".")
	checkNoSecretsOf(t, out, demo.APISecret, "alice-demo-password", parts[1], parts[2])
}

// waitRefused waits until addr refuses connections: the server has begun
// to shut down.
func waitRefused(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return
		}
		c.Close()
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the server still accepts connections after SIGTERM")
}

func checkNoSecretsOf(t *testing.T, logs string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s == "" || strings.Contains(logs, s) {
			t.Errorf("the log contains a secret or a token (%d bytes)", len(s))
		}
	}
}
