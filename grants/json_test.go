package grants_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/twiliotoken/twiliotoken/grants"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata")

// Fake SIDs.
const (
	grAppSID       = "AP00112233445566778899aabbccddeeff"
	grCredSID      = "CR00112233445566778899aabbccddeeff"
	grServiceSID   = "IS00112233445566778899aabbccddeeff"
	grRoleSID      = "RL00112233445566778899aabbccddeeff"
	grWorkspaceSID = "WS00112233445566778899aabbccddeeff"
	grWorkerSID    = "WK00112233445566778899aabbccddeeff"
	grProfileSID   = "CP00112233445566778899aabbccddeeff"
)

// encode returns g's JSON from AppendJSON, after checking that it appends
// to what dst holds and that MarshalJSON agrees.
func encodeGrant(t *testing.T, g grants.Grant) string {
	t.Helper()
	out, err := g.AppendJSON([]byte("prefix:"))
	if err != nil {
		t.Fatalf("AppendJSON: %v", err)
	}
	if !bytes.HasPrefix(out, []byte("prefix:")) {
		t.Fatalf("AppendJSON dropped what dst held: %s", out)
	}
	out = out[len("prefix:"):]
	if m, ok := g.(json.Marshaler); ok {
		b, err := m.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON: %v", err)
		}
		if !bytes.Equal(b, out) {
			t.Errorf("MarshalJSON = %s, AppendJSON = %s", b, out)
		}
	} else {
		t.Errorf("%T does not implement json.Marshaler", g)
	}
	if !json.Valid(out) {
		t.Errorf("invalid JSON: %s", out)
	}
	return string(out)
}

func TestAppendJSON(t *testing.T) {
	tests := []struct {
		name   string
		grant  grants.Grant
		want   string
		reason string
	}{
		{name: "voice empty", grant: grants.Voice{}, want: `{}`},
		{
			name: "voice incoming", grant: grants.Voice{IncomingAllow: true},
			want: `{"incoming":{"allow":true}}`,
		},
		{
			name: "voice outgoing", grant: grants.Voice{OutgoingApplicationSID: grAppSID},
			want: `{"outgoing":{"application_sid":"` + grAppSID + `"}}`,
		},
		{
			name: "voice empty params",
			grant: grants.Voice{OutgoingApplicationSID: grAppSID,
				OutgoingApplicationParams: map[string]any{}},
			want: `{"outgoing":{"application_sid":"` + grAppSID + `"}}`,
		},
		{
			name: "voice params without application",
			grant: grants.Voice{OutgoingApplicationParams: map[string]any{"a": 1},
				EndpointID: "e"},
			want:   `{"endpoint_id":"e"}`,
			reason: "params are only emitted with an application SID",
		},
		{
			name: "voice params sorted and not HTML-escaped",
			grant: grants.Voice{OutgoingApplicationSID: grAppSID,
				OutgoingApplicationParams: map[string]any{"z": "<a&b>", "a": 1.5,
					"m": []any{true, nil}}},
			want: `{"outgoing":{"application_sid":"` + grAppSID +
				`","params":{"a":1.5,"m":[true,null],"z":"<a&b>"}}}`,
		},
		{
			name:  "voice push and endpoint",
			grant: grants.Voice{PushCredentialSID: grCredSID, EndpointID: "dev/1"},
			want:  `{"push_credential_sid":"` + grCredSID + `","endpoint_id":"dev/1"}`,
		},
		{name: "video empty", grant: grants.Video{}, want: `{}`},
		{
			name: "video room not HTML-escaped", grant: grants.Video{Room: "<a&b>/c"},
			want:   `{"room":"<a&b>/c"}`,
			reason: "Node's JSON.stringify escapes neither <, >, & nor /",
		},
		{
			name: "video room escapes", grant: grants.Video{Room: "q\"b\\n\n\t\x01"},
			want: `{"room":"q\"b\\n\n\t\u0001"}`,
		},
		{
			name: "video room line separator kept", grant: grants.Video{Room: "a\u2028b"},
			want:   "{\"room\":\"a\u2028b\"}",
			reason: "JSON.stringify leaves U+2028 unescaped; encoding/json does not",
		},
		{
			name: "video room invalid UTF-8", grant: grants.Video{Room: "a\xffb"},
			want: `{"room":"a\ufffdb"}`,
		},
		{name: "chat empty", grant: grants.Chat{}, want: `{}`},
		{
			name: "chat service only", grant: grants.Chat{ServiceSID: grServiceSID},
			want: `{"service_sid":"` + grServiceSID + `"}`,
		},
		{
			name: "chat role and push only",
			grant: grants.Chat{DeploymentRoleSID: grRoleSID,
				PushCredentialSID: grCredSID},
			want: `{"deployment_role_sid":"` + grRoleSID + `","push_credential_sid":"` +
				grCredSID + `"}`,
		},
		{
			name: "sync without service", grant: grants.Sync{EndpointID: "e"},
			want:   `{"endpoint_id":"e"}`,
			reason: "encodes as given; Validate reports the missing service",
		},
		{name: "taskrouter empty", grant: grants.TaskRouter{}, want: `{}`},
		{
			name: "taskrouter role only", grant: grants.TaskRouter{Role: "worker"},
			want: `{"role":"worker"}`,
		},
		{name: "playback nil", grant: grants.Playback{}, want: `{}`},
		{
			name: "playback compacted, null and & kept",
			grant: grants.Playback{Grant: json.RawMessage(
				"{ \"requestCredentials\" : null,\n \"playbackUrl\": \"https://x/?a=1&b=<2>\" }")},
			want: `{"requestCredentials":null,"playbackUrl":"https://x/?a=1&b=<2>"}`,
		},
		{name: "raw nil", grant: grants.Raw{Name: "x"}, want: `{}`},
		{
			name: "raw array compacted", grant: grants.Raw{Name: "x",
				Value: json.RawMessage("[1, 2]")},
			want: `[1,2]`,
		},
		{name: "ip messaging empty", grant: grants.IPMessaging{}, want: `{}`},
		{
			name: "ip messaging service", grant: grants.IPMessaging{ServiceSID: grServiceSID},
			want: `{"service_sid":"` + grServiceSID + `"}`,
		},
		{name: "rtc empty", grant: grants.RTC{}, want: `{}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := encodeGrant(t, tc.grant); got != tc.want {
				t.Errorf("mismatch:\ngot:  %s\nwant: %s", got, tc.want)
			}
		})
	}
}

func TestAppendJSONErrors(t *testing.T) {
	tests := []struct {
		name  string
		grant grants.Grant
	}{
		{"voice params not encodable", grants.Voice{OutgoingApplicationSID: grAppSID,
			OutgoingApplicationParams: map[string]any{"f": func() {}}}},
		{"playback not JSON", grants.Playback{Grant: json.RawMessage(`{bad`)}},
		{"raw not JSON", grants.Raw{Name: "x", Value: json.RawMessage(`nope`)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if out, err := tc.grant.AppendJSON(nil); err == nil {
				t.Errorf("AppendJSON = %s, nil; want an error", out)
			}
		})
	}
}

// goldenGrants are the grants whose encoding is pinned in testdata, with
// every field set.
var goldenGrants = []struct {
	name  string
	grant grants.Grant
}{
	{"voice", grants.Voice{
		IncomingAllow:             true,
		OutgoingApplicationSID:    grAppSID,
		OutgoingApplicationParams: map[string]any{"to": "client:<bob>&co", "n": 1},
		PushCredentialSID:         grCredSID,
		EndpointID:                "alice-device-1",
	}},
	{"video", grants.Video{Room: "DailyStandup"}},
	{"chat", grants.Chat{
		ServiceSID:        grServiceSID,
		EndpointID:        "alice-chat-endpoint",
		DeploymentRoleSID: grRoleSID,
		PushCredentialSID: grCredSID,
	}},
	{"sync", grants.Sync{ServiceSID: grServiceSID, EndpointID: "alice-sync"}},
	{"taskrouter", grants.TaskRouter{WorkspaceSID: grWorkspaceSID, WorkerSID: grWorkerSID,
		Role: "worker"}},
	{"playback", grants.Playback{Grant: json.RawMessage(`{"requestCredentials": null,
		"playbackUrl": "https://example.com/v1/channel?token=xxxxx&a=b",
		"playerStreamerSid": "VJ00112233445566778899aabbccddeeff"}`)}},
	{"ip_messaging", grants.IPMessaging{ServiceSID: grServiceSID, EndpointID: "e",
		DeploymentRoleSID: grRoleSID, PushCredentialSID: grCredSID}},
	{"rtc", grants.RTC{ConfigurationProfileSID: grProfileSID}},
	{"raw", grants.Raw{Name: "custom", Value: json.RawMessage(`{"a": [1, "<b>"]}`)}},
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenGrants {
		t.Run(tc.name, func(t *testing.T) {
			got := encodeGrant(t, tc.grant) + "\n"
			path := filepath.Join("testdata", tc.name+".json")
			if *updateGolden {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		grant grants.Grant
		into  func() any // a new value of the grant's type, to decode into
	}{
		{"voice full", grants.Voice{
			IncomingAllow:          true,
			OutgoingApplicationSID: grAppSID,
			// Numbers decode as float64 into map[string]any.
			OutgoingApplicationParams: map[string]any{"s": "<x>", "n": 1.5,
				"b": true, "nested": map[string]any{"k": []any{"v"}}},
			PushCredentialSID: grCredSID,
			EndpointID:        "e",
		}, func() any { return new(grants.Voice) }},
		{"voice empty", grants.Voice{}, func() any { return new(grants.Voice) }},
		{"voice outgoing only", grants.Voice{OutgoingApplicationSID: grAppSID},
			func() any { return new(grants.Voice) }},
		{"video", grants.Video{Room: "r&d"}, func() any { return new(grants.Video) }},
		{"chat", grants.Chat{ServiceSID: grServiceSID, EndpointID: "e",
			DeploymentRoleSID: grRoleSID, PushCredentialSID: grCredSID},
			func() any { return new(grants.Chat) }},
		{"sync", grants.Sync{ServiceSID: grServiceSID, EndpointID: "e"},
			func() any { return new(grants.Sync) }},
		{"taskrouter", grants.TaskRouter{WorkspaceSID: grWorkspaceSID, WorkerSID: grWorkerSID,
			Role: "worker"}, func() any { return new(grants.TaskRouter) }},
		{"playback", grants.Playback{Grant: json.RawMessage(`{"a":null,"b":[1,2]}`)},
			func() any { return new(grants.Playback) }},
		{"ip messaging", grants.IPMessaging{ServiceSID: grServiceSID, EndpointID: "e"},
			func() any { return new(grants.IPMessaging) }},
		{"rtc", grants.RTC{ConfigurationProfileSID: grProfileSID},
			func() any { return new(grants.RTC) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.grant.(json.Marshaler).MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			dst := tc.into()
			if err := json.Unmarshal(b, dst); err != nil {
				t.Fatalf("Unmarshal(%s): %v", b, err)
			}
			got := reflect.ValueOf(dst).Elem().Interface()
			if diff := cmp.Diff(tc.grant, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s\nJSON: %s", diff, b)
			}
		})
	}
}

func TestKeys(t *testing.T) {
	tests := []struct {
		grant        grants.Grant
		key          string
		needIdentity bool
	}{
		{grants.Voice{}, "voice", true},
		{grants.Video{}, "video", true},
		{grants.Chat{}, "chat", true},
		{grants.Sync{}, "data_sync", true},
		{grants.IPMessaging{}, "ip_messaging", true},
		{grants.TaskRouter{}, "task_router", false},
		{grants.Playback{}, "player", false},
		{grants.RTC{}, "rtc", false},
		{grants.Raw{Name: "custom"}, "custom", false},
	}
	for _, tc := range tests {
		t.Run(tc.key, func(t *testing.T) {
			if got := tc.grant.Key(); got != tc.key {
				t.Errorf("Key() = %q, want %q", got, tc.key)
			}
			r, ok := tc.grant.(grants.IdentityRequirer)
			if got := ok && r.RequiresIdentity(); got != tc.needIdentity {
				t.Errorf("requires identity = %v, want %v", got, tc.needIdentity)
			}
		})
	}
}
