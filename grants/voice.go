package grants

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/twiliotoken/twiliotoken/internal/jsonenc"
	"github.com/twiliotoken/twiliotoken/validate"
)

// Voice grants access to the Voice SDKs: incoming calls to the token's
// identity, outgoing calls through a TwiML application, and push
// notifications. The zero value grants nothing and encodes as {}.
type Voice struct {
	// IncomingAllow lets the identity receive incoming calls.
	IncomingAllow bool
	// OutgoingApplicationSID is the TwiML application (AP…) that handles
	// outgoing calls.
	OutgoingApplicationSID string
	// OutgoingApplicationParams are passed to the TwiML application with
	// every outgoing call. They are encoded only together with
	// OutgoingApplicationSID, and in the order of their keys.
	OutgoingApplicationParams map[string]any
	// PushCredentialSID is the push credential (CR…) for notifications of
	// incoming calls on mobile devices.
	PushCredentialSID string
	// EndpointID identifies the device or browser tab.
	EndpointID string
}

// Key returns "voice".
func (Voice) Key() string { return "voice" }

// RequiresIdentity reports true: Voice addresses calls to the identity.
func (Voice) RequiresIdentity() bool { return true }

// AppendJSON appends the grant's JSON object, in the key order of Twilio's
// helpers.
func (v Voice) AppendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, '{')
	if v.IncomingAllow {
		dst = jsonenc.AppendKey(dst, "incoming")
		dst = append(dst, `{"allow":true}`...)
	}
	if v.OutgoingApplicationSID != "" {
		dst = jsonenc.AppendKey(dst, "outgoing")
		dst = append(dst, '{')
		dst = jsonenc.AppendField(dst, "application_sid", v.OutgoingApplicationSID)
		if len(v.OutgoingApplicationParams) > 0 {
			dst = jsonenc.AppendKey(dst, "params")
			var err error
			if dst, err = jsonenc.AppendValue(dst, v.OutgoingApplicationParams); err != nil {
				return dst, err
			}
		}
		dst = append(dst, '}')
	}
	if v.PushCredentialSID != "" {
		dst = jsonenc.AppendField(dst, "push_credential_sid", v.PushCredentialSID)
	}
	if v.EndpointID != "" {
		dst = jsonenc.AppendField(dst, "endpoint_id", v.EndpointID)
	}
	return append(dst, '}'), nil
}

// MarshalJSON encodes the grant as it appears in a token.
func (v Voice) MarshalJSON() ([]byte, error) { return v.AppendJSON(nil) }

type voiceJSON struct {
	Incoming *struct {
		Allow bool `json:"allow"`
	} `json:"incoming"`
	Outgoing *struct {
		ApplicationSID string         `json:"application_sid"`
		Params         map[string]any `json:"params"`
	} `json:"outgoing"`
	PushCredentialSID string `json:"push_credential_sid"`
	EndpointID        string `json:"endpoint_id"`
}

// UnmarshalJSON decodes the grant as it appears in a token.
func (v *Voice) UnmarshalJSON(data []byte) error {
	var w voiceJSON
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*v = Voice{PushCredentialSID: w.PushCredentialSID, EndpointID: w.EndpointID}
	if w.Incoming != nil {
		v.IncomingAllow = w.Incoming.Allow
	}
	if w.Outgoing != nil {
		v.OutgoingApplicationSID = w.Outgoing.ApplicationSID
		v.OutgoingApplicationParams = w.Outgoing.Params
	}
	return nil
}

// Validate reports fields that are not valid UTF-8 and parameters that
// cannot be encoded as JSON.
func (v Voice) Validate() error {
	errs := checkText(nil, "voice",
		"outgoing.application_sid", v.OutgoingApplicationSID,
		"push_credential_sid", v.PushCredentialSID,
		"endpoint_id", v.EndpointID)
	if v.OutgoingApplicationSID == "" || len(v.OutgoingApplicationParams) == 0 {
		return errs.Err()
	}
	problem := ""
	if _, err := jsonenc.AppendValue(nil, v.OutgoingApplicationParams); err != nil {
		problem = "cannot be encoded as JSON: " + err.Error()
	} else if !validParams(v.OutgoingApplicationParams) {
		problem = "have a key or string value that is not valid UTF-8"
	}
	if problem != "" {
		errs = append(errs, &validate.SettingError{
			Field: "voice.outgoing.params", Kind: validate.ErrMalformed,
			Code:    validate.CodeInvalidGrants,
			Problem: problem,
			Hint:    "use UTF-8 strings, numbers and booleans as parameter values",
		})
	}
	return errs.Err()
}

// validParams reports whether every key and string value in params, at any
// depth, is valid UTF-8.
func validParams(v any) bool {
	switch v := v.(type) {
	case string:
		return utf8.ValidString(v)
	case map[string]any:
		for k, e := range v {
			if !utf8.ValidString(k) || !validParams(e) {
				return false
			}
		}
	case []any:
		for _, e := range v {
			if !validParams(e) {
				return false
			}
		}
	}
	return true
}

// Warnings reports SIDs with an unexpected prefix and parameters that will
// be dropped because no application SID is set.
func (v Voice) Warnings() []validate.Finding {
	var fs []validate.Finding
	fs = sidWarning(fs, "voice.outgoing.application_sid", v.OutgoingApplicationSID, "AP")
	fs = sidWarning(fs, "voice.push_credential_sid", v.PushCredentialSID, "CR")
	if v.OutgoingApplicationSID == "" && len(v.OutgoingApplicationParams) > 0 {
		fs = append(fs, validate.Finding{
			Severity: validate.Warning, Code: validate.CodeInvalidGrants,
			Field:   "voice.outgoing.params",
			Message: "are set without an application SID and are left out",
			Fix:     "set OutgoingApplicationSID, or drop the parameters",
		})
	}
	return fs
}
