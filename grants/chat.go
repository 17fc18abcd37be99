package grants

import (
	"github.com/twiliotoken/twiliotoken/internal/jsonenc"
	"github.com/twiliotoken/twiliotoken/validate"
)

// Chat grants access to the Conversations SDKs (and the retired
// Programmable Chat); its key in the token is "chat". The zero value
// encodes as {}.
type Chat struct {
	// ServiceSID is the Conversations service (IS…).
	ServiceSID string `json:"service_sid,omitempty"`
	// EndpointID identifies the device, for push notifications.
	EndpointID string `json:"endpoint_id,omitempty"`
	// DeploymentRoleSID is the role (RL…) given to the user.
	DeploymentRoleSID string `json:"deployment_role_sid,omitempty"`
	// PushCredentialSID is the push credential (CR…).
	PushCredentialSID string `json:"push_credential_sid,omitempty"`
}

// Key returns "chat".
func (Chat) Key() string { return "chat" }

// RequiresIdentity reports true: a Conversations user is the identity.
func (Chat) RequiresIdentity() bool { return true }

// AppendJSON appends the grant's JSON object.
func (c Chat) AppendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, '{')
	dst = appendOptional(dst, "service_sid", c.ServiceSID)
	dst = appendOptional(dst, "endpoint_id", c.EndpointID)
	dst = appendOptional(dst, "deployment_role_sid", c.DeploymentRoleSID)
	dst = appendOptional(dst, "push_credential_sid", c.PushCredentialSID)
	return append(dst, '}'), nil
}

// MarshalJSON encodes the grant as it appears in a token.
func (c Chat) MarshalJSON() ([]byte, error) { return c.AppendJSON(nil) }

// Validate reports fields that are not valid UTF-8.
func (c Chat) Validate() error { return c.validate("chat") }

func (c Chat) validate(key string) error {
	return checkText(nil, key, "service_sid", c.ServiceSID,
		"endpoint_id", c.EndpointID,
		"deployment_role_sid", c.DeploymentRoleSID,
		"push_credential_sid", c.PushCredentialSID).Err()
}

// Warnings reports SIDs with an unexpected prefix.
func (c Chat) Warnings() []validate.Finding { return c.warnings("chat") }

func (c Chat) warnings(key string) []validate.Finding {
	var fs []validate.Finding
	fs = sidWarning(fs, key+".service_sid", c.ServiceSID, "IS")
	fs = sidWarning(fs, key+".deployment_role_sid", c.DeploymentRoleSID, "RL")
	return sidWarning(fs, key+".push_credential_sid", c.PushCredentialSID, "CR")
}

// appendOptional appends a string field when it is set.
func appendOptional(dst []byte, key, value string) []byte {
	if value == "" {
		return dst
	}
	return jsonenc.AppendField(dst, key, value)
}

// IPMessaging is the legacy Programmable Chat grant, key "ip_messaging",
// with the same fields as [Chat].
//
// Deprecated: Twilio's helpers removed it between 2020 and 2023; use [Chat].
type IPMessaging Chat

// Key returns "ip_messaging".
func (IPMessaging) Key() string { return "ip_messaging" }

// RequiresIdentity reports true, as for [Chat].
func (IPMessaging) RequiresIdentity() bool { return true }

// AppendJSON appends the grant's JSON object.
func (g IPMessaging) AppendJSON(dst []byte) ([]byte, error) {
	return Chat(g).AppendJSON(dst)
}

// MarshalJSON encodes the grant as it appears in a token.
func (g IPMessaging) MarshalJSON() ([]byte, error) { return g.AppendJSON(nil) }

// Validate reports fields that are not valid UTF-8.
func (g IPMessaging) Validate() error { return Chat(g).validate("ip_messaging") }

// Warnings reports SIDs with an unexpected prefix.
func (g IPMessaging) Warnings() []validate.Finding {
	return Chat(g).warnings("ip_messaging")
}
