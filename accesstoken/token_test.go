package accesstoken_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/twiliotoken/twiliotoken/accesstoken"
	"github.com/twiliotoken/twiliotoken/grants"
	"github.com/twiliotoken/twiliotoken/validate"
)

// tkSyncSID is a fake Sync service SID.
const tkSyncSID = "IS11112233445566778899aabbccddeeff"

// certainFinding is a certain finding, compared without its wording.
func certainFinding(code validate.Code, field string) validate.Finding {
	return validate.Finding{Severity: validate.Certain, Code: code, Field: field}
}

var ignoreWording = cmpopts.IgnoreFields(validate.Finding{}, "Message", "Fix")

// checkRefused asserts that ToJWT minted nothing and reported exactly the
// findings want, all at once, and that Validate agrees.
func checkRefused(t *testing.T, tok *accesstoken.Token, want []validate.Finding) {
	t.Helper()
	s, err := tok.ToJWT()
	if s != "" {
		t.Errorf("ToJWT minted %q despite the error", s)
	}
	if err == nil {
		t.Fatal("ToJWT returned no error")
	}
	var list validate.Errors
	if !errors.As(err, &list) {
		t.Fatalf("ToJWT error is %T, want validate.Errors", err)
	}
	got := validate.Findings(err)
	if diff := cmp.Diff(want, got, ignoreWording); diff != "" {
		t.Errorf("ToJWT findings mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(got, validate.Findings(tok.Validate())); diff != "" {
		t.Errorf("Validate disagrees with ToJWT (-ToJWT +Validate):\n%s", diff)
	}
}

// mintPayload mints tok and returns its decoded header and payload.
func mintPayload(t *testing.T, tok *accesstoken.Token) (header, payload map[string]any) {
	t.Helper()
	s, err := tok.ToJWT()
	if err != nil {
		t.Fatalf("ToJWT: %v", err)
	}
	if err := tok.Validate(); err != nil {
		t.Errorf("ToJWT succeeded but Validate = %v", err)
	}
	return decodeJWTParts(t, s)
}

func tkNew(opts ...accesstoken.Option) *accesstoken.Token {
	opts = append([]accesstoken.Option{accesstoken.WithClock(tkClock(tkNow))}, opts...)
	return accesstoken.New(tkAccount, tkKey, tkSecret, opts...)
}

func TestToJWTRefuses(t *testing.T) {
	iss, sig := validate.CodeInvalidIssuerSubject, validate.CodeInvalidSignature
	g := validate.CodeInvalidGrants
	clock := accesstoken.WithClock(tkClock(tkNow))
	tests := []struct {
		name   string
		tok    *accesstoken.Token
		want   []validate.Finding
		reason string
	}{
		{
			name: "everything wrong at once",
			tok: accesstoken.New("ACxxxx", tkAccount, tkSecret+"\n", clock,
				accesstoken.WithTTL(0), accesstoken.WithIdentity("")).
				AddGrant(grants.Voice{}).AddGrant(grants.Sync{}),
			want: []validate.Finding{
				certainFinding(iss, "AccountSID"), certainFinding(iss, "APIKeySID"),
				certainFinding(sig, "APISecret"), certainFinding(validate.CodeExpired, "TTL"),
				certainFinding(g, "Identity"), certainFinding(g, "data_sync.service_sid"),
			},
			reason: "every problem is reported, not the first one",
		},
		{
			name: "bad account, key and secret",
			tok:  accesstoken.New("AC123", "SK123", "", clock),
			want: []validate.Finding{certainFinding(iss, "AccountSID"),
				certainFinding(iss, "APIKeySID"), certainFinding(sig, "APISecret")},
		},
		{
			name: "region not UTF-8",
			tok:  accesstoken.New(tkAccount, tkKey, tkSecret, clock, accesstoken.WithRegion("ie\xff")),
			want: []validate.Finding{certainFinding(validate.CodeInvalidToken, "Region")},
			reason: "the encoder would replace the byte with U+FFFD and sign a " +
				"region nobody asked for",
		},
		{
			name: "swapped SIDs",
			tok:  accesstoken.New(tkKey, tkAccount, tkSecret, clock),
			want: []validate.Finding{certainFinding(iss, "AccountSID")},
		},
		{
			name: "Auth Token as secret",
			tok: accesstoken.New(tkAccount, tkKey, "0123456789abcdef0123456789abcdef",
				clock),
			want: []validate.Finding{certainFinding(sig, "APISecret")},
		},
		{
			name: "TTL over 24h",
			tok:  tkNew(accesstoken.WithTTL(25 * time.Hour)),
			want: []validate.Finding{certainFinding(validate.CodeTTLExceedsMaximum, "TTL")},
		},
		{
			name: "TTL in milliseconds",
			tok:  tkNew(accesstoken.WithTTL(3600000 * time.Second)),
			want: []validate.Finding{certainFinding(validate.CodeTTLExceedsMaximum, "TTL")},
		},
		{
			name: "TTL fractional",
			tok:  tkNew(accesstoken.WithTTL(90500 * time.Millisecond)),
			want: []validate.Finding{certainFinding(validate.CodeExpired, "TTL")},
		},
		{
			name: "nbf in the future",
			tok:  tkNew(accesstoken.WithNotBefore(time.Unix(tkNow+30, 0))),
			want: []validate.Finding{certainFinding(validate.CodeNotYetValid, "NotBefore")},
		},
		{
			name: "nbf after exp",
			tok: tkNew(accesstoken.WithTTL(time.Minute),
				accesstoken.WithNotBefore(time.Unix(tkNow+3600, 0))),
			want: []validate.Finding{certainFinding(validate.CodeExpired, "NotBefore")},
		},
		{
			name: "invalid UTF-8 identity",
			tok: tkNew(accesstoken.WithIdentity("bad\xff")).
				AddGrant(grants.TaskRouter{}),
			want: []validate.Finding{certainFinding(g, "Identity")},
		},
		{
			name: "playback not an object",
			tok: tkNew().AddGrant(grants.Playback{
				Grant: json.RawMessage(`["x"]`)}),
			want: []validate.Finding{certainFinding(g, "player")},
		},
		{
			name: "unencodable voice params",
			tok: tkNew(accesstoken.WithIdentity("a")).AddGrant(grants.Voice{
				OutgoingApplicationSID:    "AP00112233445566778899aabbccddeeff",
				OutgoingApplicationParams: map[string]any{"f": func() {}}}),
			want: []validate.Finding{certainFinding(g, "voice.outgoing.params")},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkRefused(t, tc.tok, tc.want)
		})
	}
}

func TestGrantsNeedingIdentity(t *testing.T) {
	tests := []struct {
		grant grants.Grant
		needs bool
	}{
		{grants.Voice{}, true},
		{grants.Video{}, true},
		{grants.Chat{}, true},
		{grants.Sync{ServiceSID: tkSyncSID}, true},
		//lint:ignore SA1019 the legacy grant still needs an identity
		{grants.IPMessaging{}, true},
		{grants.TaskRouter{WorkspaceSID: "WS00112233445566778899aabbccddeeff"}, false},
		{grants.Playback{}, false},
		//lint:ignore SA1019 the legacy grant still mints without identity
		{grants.RTC{}, false},
		{grants.Raw{Name: "custom"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.grant.Key(), func(t *testing.T) {
			tok := tkNew().AddGrant(tc.grant)
			if !tc.needs {
				_, payload := mintPayload(t, tok)
				gs := payload["grants"].(map[string]any)
				if _, ok := gs["identity"]; ok {
					t.Errorf("grants has an identity: %v", gs)
				}
				if _, ok := gs[tc.grant.Key()]; !ok {
					t.Errorf("grants has no %q: %v", tc.grant.Key(), gs)
				}
				return
			}
			checkRefused(t, tok, []validate.Finding{
				certainFinding(validate.CodeInvalidGrants, "Identity")})
			err := tok.Validate()
			var se *validate.SettingError
			if !errors.As(err, &se) || !errors.Is(err, validate.ErrMissing) {
				t.Fatalf("Validate = %v, want a missing-identity SettingError", err)
			}
			if !strings.Contains(se.Problem, "the "+tc.grant.Key()+" grant needs one") {
				t.Errorf("problem %q does not name the %s grant", se.Problem,
					tc.grant.Key())
			}

			// With an identity, it mints.
			_, payload := mintPayload(t, tkNew(accesstoken.WithIdentity("alice")).
				AddGrant(tc.grant))
			if got := payload["grants"].(map[string]any)["identity"]; got != "alice" {
				t.Errorf("grants.identity = %v, want alice", got)
			}
		})
	}
}

func TestTaskRouterOnlyWithoutIdentity(t *testing.T) {
	tok := accesstoken.New(tkAccount, tkKey, tkSecret,
		accesstoken.WithClock(tkClock(tkNow))).
		AddGrant(grants.TaskRouter{WorkspaceSID: "WS00112233445566778899aabbccddeeff",
			WorkerSID: "WK00112233445566778899aabbccddeeff", Role: "worker"})
	_, payload := mintPayload(t, tok)
	want := map[string]any{"task_router": map[string]any{
		"workspace_sid": "WS00112233445566778899aabbccddeeff",
		"worker_sid":    "WK00112233445566778899aabbccddeeff",
		"role":          "worker",
	}}
	if diff := cmp.Diff(want, payload["grants"]); diff != "" {
		t.Errorf("grants mismatch (-want +got):\n%s", diff)
	}
}

func TestLifetime(t *testing.T) {
	tests := []struct {
		name    string
		opts    []accesstoken.Option
		wantTTL int64
		reason  string
	}{
		{name: "default", wantTTL: 3600},
		{name: "DefaultTTL", opts: []accesstoken.Option{
			accesstoken.WithTTL(accesstoken.DefaultTTL)}, wantTTL: 3600},
		{name: "60s", opts: []accesstoken.Option{accesstoken.WithTTL(60 * time.Second)},
			wantTTL: 60, reason: "Twilio's Go helper raises it to 3600; this must not"},
		{name: "1s", opts: []accesstoken.Option{accesstoken.WithTTL(time.Second)},
			wantTTL: 1},
		{name: "24h", opts: []accesstoken.Option{accesstoken.WithTTL(24 * time.Hour)},
			wantTTL: 86400},
		{name: "later option wins", opts: []accesstoken.Option{
			accesstoken.WithTTL(time.Hour), accesstoken.WithTTL(2 * time.Minute)},
			wantTTL: 120},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, payload := mintPayload(t, tkNew(tc.opts...))
			iat, exp := payload["iat"].(float64), payload["exp"].(float64)
			if iat != tkNow {
				t.Errorf("iat = %v, want %d", iat, tkNow)
			}
			if got := int64(exp - iat); got != tc.wantTTL {
				t.Errorf("exp - iat = %d, want %d", got, tc.wantTTL)
			}
			if _, ok := payload["nbf"]; ok {
				t.Errorf("nbf emitted without WithNotBefore: %v", payload["nbf"])
			}
		})
	}
}

func TestNotBeforeClaim(t *testing.T) {
	tests := []struct {
		name string
		nbf  time.Time
		want float64
	}{
		{"at issue", time.Unix(tkNow, 0), tkNow},
		{"before issue", time.Unix(tkNow-10, 0), tkNow - 10},
		{"fraction truncated", time.Unix(tkNow-10, 999_000_000), tkNow - 10},
		{"fraction within the issue second", time.Unix(tkNow, 500_000_000), tkNow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, payload := mintPayload(t, tkNew(accesstoken.WithNotBefore(tc.nbf)))
			if got := payload["nbf"]; got != tc.want {
				t.Errorf("nbf = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRegionHeader(t *testing.T) {
	header, _ := mintPayload(t, tkNew())
	if _, ok := header["twr"]; ok {
		t.Errorf("twr emitted without a region: %v", header)
	}
	header, _ = mintPayload(t, tkNew(accesstoken.WithRegion("au1")))
	want := map[string]any{"alg": "HS256", "typ": "JWT", "cty": "twilio-fpa;v=1",
		"twr": "au1"}
	if diff := cmp.Diff(want, header); diff != "" {
		t.Errorf("header mismatch (-want +got):\n%s", diff)
	}
}

func TestJTI(t *testing.T) {
	_, payload := mintPayload(t, tkNew())
	if got, want := payload["jti"], tkKey+"-1700000000"; got != want {
		t.Errorf("jti = %v, want %q", got, want)
	}

	unique := regexp.MustCompile(`^` + tkKey + `-1700000000-[0-9a-f]{16}$`)
	tok := tkNew(accesstoken.WithUniqueJTI())
	_, first := mintPayload(t, tok)
	_, second := mintPayload(t, tok)
	for _, p := range []map[string]any{first, second} {
		if jti, _ := p["jti"].(string); !unique.MatchString(jti) {
			t.Errorf("jti = %q, want %s", jti, unique)
		}
	}
	if first["jti"] == second["jti"] {
		t.Errorf("two tokens minted in the same second share jti %v", first["jti"])
	}
}

func TestClockReadPerToken(t *testing.T) {
	now := int64(tkNow)
	tok := accesstoken.New(tkAccount, tkKey, tkSecret, accesstoken.WithClock(
		func() time.Time { return time.Unix(now, 0) }))
	_, first := mintPayload(t, tok)
	now += 42
	_, second := mintPayload(t, tok)
	if got := second["iat"].(float64) - first["iat"].(float64); got != 42 {
		t.Errorf("iat moved by %v, want 42", got)
	}
	if got := second["jti"]; got != tkKey+"-1700000042" {
		t.Errorf("second jti = %v", got)
	}
}

func TestDuplicateGrants(t *testing.T) {
	first := grants.Voice{IncomingAllow: true}
	later := grants.Voice{OutgoingApplicationSID: "AP00112233445566778899aabbccddeeff"}
	video := grants.Video{Room: "r"}
	wantGrants := []grants.Grant{later, video}
	wantClaim := map[string]any{
		"identity": "alice",
		"voice": map[string]any{"outgoing": map[string]any{
			"application_sid": "AP00112233445566778899aabbccddeeff"}},
		"video": map[string]any{"room": "r"},
	}
	// wantOrder is the order of the grants in the encoded claim: the later
	// voice grant in the first one's place, before video.
	wantOrder := `"grants":{"identity":"alice","voice":{"outgoing"`

	m, err := accesstoken.NewMinter(tkAccount, tkKey, tkSecret,
		accesstoken.WithClock(tkClock(tkNow)))
	if err != nil {
		t.Fatal(err)
	}
	newToks := map[string]*accesstoken.Token{
		"New":        tkNew(accesstoken.WithIdentity("alice")),
		"Minter.New": m.New(accesstoken.WithIdentity("alice")),
	}
	for via, tok := range newToks {
		t.Run(via, func(t *testing.T) {
			tok.AddGrant(first).AddGrant(video).AddGrant(later)
			if diff := cmp.Diff(wantGrants, tok.Grants()); diff != "" {
				t.Errorf("Grants mismatch (-want +got):\n%s", diff)
			}
			s, err := tok.ToJWT()
			if err != nil {
				t.Fatal(err)
			}
			checkDuplicateClaim(t, s, wantClaim, wantOrder)
			var dups []validate.Finding
			for _, f := range tok.Warnings() {
				if f.Field == "grants.voice" {
					dups = append(dups, f)
				}
			}
			want := []validate.Finding{{Severity: validate.Warning,
				Code: validate.CodeInvalidGrants, Field: "grants.voice"}}
			if diff := cmp.Diff(want, dups, ignoreWording); diff != "" {
				t.Errorf("duplicate warning mismatch (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("Minter.Mint", func(t *testing.T) {
		s, err := m.Mint("alice", first, video, later)
		if err != nil {
			t.Fatal(err)
		}
		checkDuplicateClaim(t, s, wantClaim, wantOrder)
	})
	t.Run("Minter.Mint with nil grant", func(t *testing.T) {
		s, err := m.Mint("alice", first, nil, video, later)
		if err != nil {
			t.Fatal(err)
		}
		checkDuplicateClaim(t, s, wantClaim, wantOrder)
	})
}

func checkDuplicateClaim(t *testing.T, tok string, want map[string]any, order string) {
	t.Helper()
	_, payload := decodeJWTParts(t, tok)
	if diff := cmp.Diff(want, payload["grants"]); diff != "" {
		t.Errorf("grants claim mismatch (-want +got):\n%s", diff)
	}
	raw := decodedPayload(t, tok)
	if !strings.Contains(raw, order) {
		t.Errorf("payload %s does not contain %s", raw, order)
	}
}

// decodedPayload returns the JSON text of tok's payload.
func decodedPayload(t *testing.T, tok string) string {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts", len(parts))
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAddGrant(t *testing.T) {
	tok := tkNew()
	if got := tok.AddGrant(nil); got != tok {
		t.Error("AddGrant(nil) did not return the token")
	}
	if n := len(tok.Grants()); n != 0 {
		t.Errorf("AddGrant(nil) added a grant: %d grants", n)
	}
	tok.AddGrant(grants.TaskRouter{})
	gs := tok.Grants()
	gs[0] = grants.Video{}
	if got := tok.Grants()[0]; got.Key() != "task_router" {
		t.Errorf("changing the slice Grants returned changed the token: %v", got)
	}
}

func TestWarnings(t *testing.T) {
	warn := func(code validate.Code, field string) validate.Finding {
		return validate.Finding{Severity: validate.Warning, Code: code, Field: field}
	}
	g := validate.CodeInvalidGrants
	tests := []struct {
		name   string
		tok    *accesstoken.Token
		want   []validate.Finding
		reason string
	}{
		{
			name: "usual",
			tok:  tkNew(accesstoken.WithIdentity("bob_1")).AddGrant(grants.Voice{}),
		},
		{
			name:   "no grant",
			tok:    tkNew(accesstoken.WithIdentity("bob")),
			want:   []validate.Finding{warn(g, "grants")},
			reason: "mints, but no SDK accepts it",
		},
		{
			name: "unknown region",
			tok: tkNew(accesstoken.WithRegion("eu1")).
				AddGrant(grants.TaskRouter{}),
			want: []validate.Finding{warn(validate.CodeInvalidToken, "Region")},
		},
		{
			name: "odd secret and upper-case SID",
			tok: accesstoken.New("AC"+strings.ToUpper(tkAccount[2:]), tkKey,
				"short-secret", accesstoken.WithClock(tkClock(tkNow))).
				AddGrant(grants.TaskRouter{}),
			want: []validate.Finding{
				warn(validate.CodeInvalidIssuerSubject, "AccountSID"),
				warn(validate.CodeInvalidSignature, "APISecret"),
			},
		},
		{
			name: "voice identity and grant SID",
			tok: tkNew(accesstoken.WithIdentity("alice@example.com")).
				AddGrant(grants.Voice{OutgoingApplicationSID: tkSyncSID}),
			want: []validate.Finding{
				warn(g, "voice.outgoing.application_sid"), warn(g, "Identity"),
			},
		},
		{
			name: "video identity too long",
			tok: tkNew(accesstoken.WithIdentity(strings.Repeat("v", 129))).
				AddGrant(grants.Video{}),
			want: []validate.Finding{warn(validate.CodeVideoIdentityTooLong, "Identity")},
		},
		{
			name: "minter token skips credential warnings",
			tok: tkMinter(t, "short-secret").New(accesstoken.WithIdentity("x")).
				AddGrant(grants.Video{}),
			reason: "the Minter's credentials were checked by NewMinter",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.tok.Warnings()
			opts := cmp.Options{ignoreWording, cmpopts.EquateEmpty()}
			if diff := cmp.Diff(tc.want, got, opts); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if _, err := tc.tok.ToJWT(); err != nil {
				t.Errorf("a token with only warnings did not mint: %v", err)
			}
		})
	}
}

func tkMinter(t *testing.T, secret string, opts ...accesstoken.Option) *accesstoken.Minter {
	t.Helper()
	opts = append([]accesstoken.Option{accesstoken.WithClock(tkClock(tkNow))}, opts...)
	m, err := accesstoken.NewMinter(tkAccount, tkKey, secret, opts...)
	if err != nil {
		t.Fatalf("NewMinter: %v", err)
	}
	return m
}

func TestNewMinterRefuses(t *testing.T) {
	tests := []struct {
		name                 string
		account, key, secret string
		opts                 []accesstoken.Option
		want                 []validate.Finding
	}{
		{
			name: "bad credentials", account: tkKey, key: tkAccount, secret: " x",
			want: []validate.Finding{
				certainFinding(validate.CodeInvalidIssuerSubject, "AccountSID"),
				certainFinding(validate.CodeInvalidSignature, "APISecret"),
			},
		},
		{
			name: "bad TTL", account: tkAccount, key: tkKey, secret: tkSecret,
			opts: []accesstoken.Option{accesstoken.WithTTL(48 * time.Hour)},
			want: []validate.Finding{certainFinding(validate.CodeTTLExceedsMaximum, "TTL")},
		},
		{
			name: "all at once", account: "", key: "", secret: "",
			opts: []accesstoken.Option{accesstoken.WithTTL(-1)},
			want: []validate.Finding{
				certainFinding(validate.CodeInvalidIssuerSubject, "AccountSID"),
				certainFinding(validate.CodeInvalidIssuerSubject, "APIKeySID"),
				certainFinding(validate.CodeInvalidSignature, "APISecret"),
				certainFinding(validate.CodeExpired, "TTL"),
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := accesstoken.NewMinter(tc.account, tc.key, tc.secret, tc.opts...)
			if m != nil {
				t.Errorf("NewMinter returned a Minter with error %v", err)
			}
			var list validate.Errors
			if !errors.As(err, &list) {
				t.Fatalf("NewMinter error %T is not a validate.Errors", err)
			}
			if diff := cmp.Diff(tc.want, validate.Findings(err), ignoreWording); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMinterRefuses(t *testing.T) {
	m := tkMinter(t, tkSecret)
	tests := []struct {
		name string
		mint func() (string, error)
		want []validate.Finding
	}{
		{
			name: "Mint without identity",
			mint: func() (string, error) { return m.Mint("", grants.Voice{}) },
			want: []validate.Finding{certainFinding(validate.CodeInvalidGrants, "Identity")},
		},
		{
			name: "Mint sync without service",
			mint: func() (string, error) { return m.Mint("a", grants.Sync{}) },
			want: []validate.Finding{
				certainFinding(validate.CodeInvalidGrants, "data_sync.service_sid")},
		},
		{
			name: "New with bad TTL and nbf",
			mint: func() (string, error) {
				return m.New(accesstoken.WithTTL(time.Millisecond),
					accesstoken.WithNotBefore(time.Unix(tkNow+5, 0))).ToJWT()
			},
			want: []validate.Finding{certainFinding(validate.CodeExpired, "TTL"),
				certainFinding(validate.CodeExpired, "NotBefore")},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := tc.mint()
			if s != "" {
				t.Errorf("minted %q despite error %v", s, err)
			}
			if diff := cmp.Diff(tc.want, validate.Findings(err), ignoreWording); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMinterMintMatchesNew(t *testing.T) {
	m := tkMinter(t, tkSecret, accesstoken.WithTTL(10*time.Minute),
		accesstoken.WithRegion("ie1"))
	gs := []grants.Grant{grants.Video{Room: "r"}, grants.Chat{}}
	fast, err := m.Mint("alice", gs...)
	if err != nil {
		t.Fatal(err)
	}
	tok := accesstoken.New(tkAccount, tkKey, tkSecret,
		accesstoken.WithClock(tkClock(tkNow)), accesstoken.WithTTL(10*time.Minute),
		accesstoken.WithRegion("ie1"), accesstoken.WithIdentity("alice"))
	for _, g := range gs {
		tok.AddGrant(g)
	}
	slow, err := tok.ToJWT()
	if err != nil {
		t.Fatal(err)
	}
	if fast != slow {
		t.Errorf("Mint and New differ:\nMint: %s\nNew:  %s", fast, slow)
	}
	joseVerify(t, fast, tkSecret)
}

// TestZeroValuesDoNotPanic checks that a Token or Minter not made by New
// or NewMinter reports missing credentials instead of panicking.
func TestZeroValuesDoNotPanic(t *testing.T) {
	var tok accesstoken.Token
	if jwt, err := tok.AddGrant(grants.Video{}).ToJWT(); jwt != "" ||
		!errors.Is(err, validate.ErrMissing) {
		t.Errorf("zero Token: ToJWT() = %q, %v; want \"\" and a missing credential", jwt, err)
	}
	var m accesstoken.Minter
	if jwt, err := m.Mint("alice", grants.Video{}); jwt != "" ||
		!errors.Is(err, validate.ErrMissing) {
		t.Errorf("zero Minter: Mint() = %q, %v; want \"\" and a missing credential", jwt, err)
	}
}

func TestMinterMintAt(t *testing.T) {
	m := tkMinter(t, tkSecret, accesstoken.WithTTL(15*time.Minute),
		accesstoken.WithClock(func() time.Time {
			t.Fatal("MintAt read the Minter's clock")
			return time.Time{}
		}))
	if got := m.TTL(); got != 15*time.Minute {
		t.Errorf("TTL() = %v, want 15m", got)
	}
	at := time.Unix(tkNow, 0).Add(1500 * time.Millisecond) // fractions of a second are dropped
	jwt, err := m.MintAt(at, "alice", grants.Video{}, grants.Video{Room: "r"})
	if err != nil {
		t.Fatal(err)
	}
	_, payload := decodeJWTParts(t, jwt)
	want := map[string]any{"iat": float64(tkNow + 1),
		"exp":    float64(tkNow + 1 + 900),
		"grants": map[string]any{"identity": "alice", "video": map[string]any{"room": "r"}}}
	for k, v := range want {
		if diff := cmp.Diff(v, payload[k]); diff != "" {
			t.Errorf("claim %s mismatch (-want +got):\n%s", k, diff)
		}
	}
}
