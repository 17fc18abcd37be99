package grants_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/twiliotoken/twiliotoken/grants"
	"github.com/twiliotoken/twiliotoken/validate"
)

// grantProblem is one expected problem of a grant's Validate.
type grantProblem struct {
	Type  string // "missing" or "setting"
	Field string
	Kind  error
}

func grantProblems(t *testing.T, err error) []grantProblem {
	t.Helper()
	if err == nil {
		return nil
	}
	var list validate.Errors
	if !errors.As(err, &list) {
		t.Fatalf("Validate returned %T, want validate.Errors", err)
	}
	var got []grantProblem
	for _, e := range list {
		var (
			me *validate.MissingError
			se *validate.SettingError
		)
		switch {
		case errors.As(e, &me):
			got = append(got, grantProblem{"missing", me.Field, validate.ErrMissing})
		case errors.As(e, &se):
			got = append(got, grantProblem{"setting", se.Field, se.Kind})
		default:
			t.Fatalf("unexpected error type %T: %v", e, e)
		}
		// Every grant problem is a 20106, matched through the list too.
		code := validate.CodeInvalidGrants
		if !errors.Is(e, code) || !errors.Is(err, code) {
			t.Errorf("errors.Is(%v, CodeInvalidGrants) = false", e)
		}
		if !errors.Is(e, got[len(got)-1].Kind) {
			t.Errorf("errors.Is(%v, %v) = false", e, got[len(got)-1].Kind)
		}
	}
	return got
}

func TestValidate(t *testing.T) {
	malformed := func(field string) grantProblem {
		return grantProblem{"setting", field, validate.ErrMalformed}
	}
	tests := []struct {
		name   string
		grant  grants.Validator
		want   []grantProblem
		reason string
	}{
		{name: "sync with service", grant: grants.Sync{ServiceSID: grServiceSID}},
		{
			name:  "sync without service",
			grant: grants.Sync{EndpointID: "e"},
			want:  []grantProblem{{"missing", "data_sync.service_sid", validate.ErrMissing}},
		},
		{name: "playback nil", grant: grants.Playback{}},
		{name: "playback object", grant: grants.Playback{Grant: json.RawMessage(`{"a":1}`)}},
		{name: "playback empty object", grant: grants.Playback{Grant: json.RawMessage(` {} `)}},
		{
			name: "playback array", grant: grants.Playback{Grant: json.RawMessage(`[1]`)},
			want: []grantProblem{malformed("player")},
		},
		{
			name: "playback string", grant: grants.Playback{Grant: json.RawMessage(`"url"`)},
			want: []grantProblem{malformed("player")},
		},
		{
			name: "playback null", grant: grants.Playback{Grant: json.RawMessage(`null`)},
			want:   []grantProblem{malformed("player")},
			reason: "null is valid JSON but not an object",
		},
		{
			name: "playback not JSON", grant: grants.Playback{Grant: json.RawMessage(`{bad`)},
			want: []grantProblem{malformed("player")},
		},
		{name: "raw", grant: grants.Raw{Name: "x", Value: json.RawMessage(`[1]`)}},
		{name: "raw nil value", grant: grants.Raw{Name: "x"}},
		{
			name: "raw without name", grant: grants.Raw{Value: json.RawMessage(`{}`)},
			want: []grantProblem{malformed("grants")},
		},
		{
			name: "raw named identity", grant: grants.Raw{Name: "identity",
				Value: json.RawMessage(`"mallory"`)},
			want:   []grantProblem{malformed("grants")},
			reason: "it would replace the token's identity",
		},
		{
			name: "raw without name and not JSON", grant: grants.Raw{Value: json.RawMessage(`{`)},
			want:   []grantProblem{malformed("grants"), malformed("")},
			reason: "both problems are reported",
		},
		// Regression (found by FuzzRoundTrip): invalid UTF-8 in a grant
		// field was replaced by U+FFFD when minting, silently changing it.
		{
			name: "video room not UTF-8", grant: grants.Video{Room: "\x91"},
			want: []grantProblem{malformed("video.room")},
		},
		{
			name: "chat fields not UTF-8", grant: grants.Chat{EndpointID: "\xff",
				DeploymentRoleSID: "RL\xfe"},
			want: []grantProblem{malformed("chat.endpoint_id"),
				malformed("chat.deployment_role_sid")},
		},
		{
			name: "ip messaging endpoint not UTF-8", grant: grants.IPMessaging{EndpointID: "\xff"},
			want: []grantProblem{malformed("ip_messaging.endpoint_id")},
		},
		{
			name:  "sync without service and endpoint not UTF-8",
			grant: grants.Sync{EndpointID: "\xff"},
			want: []grantProblem{{"missing", "data_sync.service_sid", validate.ErrMissing},
				malformed("data_sync.endpoint_id")},
		},
		{
			name: "task router role not UTF-8", grant: grants.TaskRouter{Role: "w\xc3"},
			want: []grantProblem{malformed("task_router.role")},
		},
		{
			name: "rtc SID not UTF-8", grant: grants.RTC{ConfigurationProfileSID: "\x80"},
			want: []grantProblem{malformed("rtc.configuration_profile_sid")},
		},
		{
			name: "voice endpoint not UTF-8", grant: grants.Voice{EndpointID: "\xff"},
			want: []grantProblem{malformed("voice.endpoint_id")},
		},
		{
			name: "voice param value not UTF-8", grant: grants.Voice{
				OutgoingApplicationSID:    grAppSID,
				OutgoingApplicationParams: map[string]any{"a": []any{"\xff"}}},
			want: []grantProblem{malformed("voice.outgoing.params")},
		},
		{name: "video room UTF-8", grant: grants.Video{Room: "café ☕"}},
		{name: "voice", grant: grants.Voice{OutgoingApplicationSID: grAppSID,
			OutgoingApplicationParams: map[string]any{"a": 1}}},
		{
			name: "voice params not encodable", grant: grants.Voice{
				OutgoingApplicationSID:    grAppSID,
				OutgoingApplicationParams: map[string]any{"c": make(chan int)}},
			want: []grantProblem{malformed("voice.outgoing.params")},
		},
		{
			name: "voice bad params without application", grant: grants.Voice{
				OutgoingApplicationParams: map[string]any{"c": make(chan int)}},
			reason: "params without an application SID are not encoded at all",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := grantProblems(t, tc.grant.Validate())
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateErrors()); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSyncMissingServiceCode(t *testing.T) {
	err := grants.Sync{}.Validate()
	var me *validate.MissingError
	if !errors.As(err, &me) {
		t.Fatalf("Validate = %v, want a *validate.MissingError", err)
	}
	if me.Code != 20106 || me.Field != "data_sync.service_sid" {
		t.Errorf("got Code %d Field %q, want 20106 data_sync.service_sid", me.Code, me.Field)
	}
	if !errors.Is(err, validate.ErrMissing) {
		t.Error("errors.Is(err, ErrMissing) = false")
	}
}

func TestWarnings(t *testing.T) {
	warn := func(field string) validate.Finding {
		return validate.Finding{Severity: validate.Warning,
			Code: validate.CodeInvalidGrants, Field: field}
	}
	tests := []struct {
		name   string
		grant  grants.Warner
		want   []validate.Finding
		says   string // a substring of the first finding's message
		reason string
	}{
		{name: "voice usual", grant: grants.Voice{OutgoingApplicationSID: grAppSID,
			PushCredentialSID: grCredSID}},
		{name: "voice upper-case hex", grant: grants.Voice{
			OutgoingApplicationSID: strings.ToUpper(grAppSID)}},
		{
			name: "voice application is a credential", grant: grants.Voice{
				OutgoingApplicationSID: grCredSID},
			want: []validate.Finding{warn("voice.outgoing.application_sid")},
			says: "is a CR… push credential SID where a TwiML application SID (AP…) belongs",
		},
		{
			name: "voice both swapped", grant: grants.Voice{
				OutgoingApplicationSID: grCredSID, PushCredentialSID: grAppSID},
			want: []validate.Finding{warn("voice.outgoing.application_sid"),
				warn("voice.push_credential_sid")},
		},
		{
			name: "voice application not a SID", grant: grants.Voice{
				OutgoingApplicationSID: "my-app"},
			want: []validate.Finding{warn("voice.outgoing.application_sid")},
			says: "is not a TwiML application SID",
		},
		{
			name: "voice params without application", grant: grants.Voice{
				OutgoingApplicationParams: map[string]any{"a": 1}},
			want:   []validate.Finding{warn("voice.outgoing.params")},
			says:   "left out",
			reason: "the params are silently dropped from the token",
		},
		{name: "chat usual", grant: grants.Chat{ServiceSID: grServiceSID,
			DeploymentRoleSID: grRoleSID, PushCredentialSID: grCredSID}},
		{
			name: "chat all wrong", grant: grants.Chat{ServiceSID: grAppSID,
				DeploymentRoleSID: grServiceSID, PushCredentialSID: grRoleSID},
			want: []validate.Finding{warn("chat.service_sid"),
				warn("chat.deployment_role_sid"), warn("chat.push_credential_sid")},
			says: "is an AP… TwiML application SID where a service SID (IS…) belongs",
		},
		{
			name: "ip messaging", grant: grants.IPMessaging{ServiceSID: grAppSID},
			want: []validate.Finding{warn("ip_messaging.service_sid")},
		},
		{name: "sync usual", grant: grants.Sync{ServiceSID: grServiceSID}},
		{name: "sync missing service", grant: grants.Sync{},
			reason: "a missing SID is an error of Validate, not a warning"},
		{
			name: "sync account SID", grant: grants.Sync{
				ServiceSID: "AC0123456789abcdef0123456789abcdef"},
			want: []validate.Finding{warn("data_sync.service_sid")},
		},
		{name: "taskrouter usual", grant: grants.TaskRouter{WorkspaceSID: grWorkspaceSID,
			WorkerSID: grWorkerSID}},
		{
			name: "taskrouter swapped", grant: grants.TaskRouter{WorkspaceSID: grWorkerSID,
				WorkerSID: grWorkspaceSID},
			want: []validate.Finding{warn("task_router.workspace_sid"),
				warn("task_router.worker_sid")},
			says: "TaskRouter worker",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.grant.Warnings()
			opts := cmp.Options{cmpopts.IgnoreFields(validate.Finding{}, "Message", "Fix"),
				cmpopts.EquateEmpty()}
			if diff := cmp.Diff(tc.want, got, opts); diff != "" {
				t.Fatalf("mismatch (-want +got):\n%s", diff)
			}
			for _, f := range got {
				if f.Message == "" || f.Fix == "" {
					t.Errorf("finding %+v has no message or fix", f)
				}
			}
			if tc.says != "" && !strings.Contains(got[0].Message, tc.says) {
				t.Errorf("message %q does not contain %q", got[0].Message, tc.says)
			}
		})
	}
}
