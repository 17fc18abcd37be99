package grants

import "github.com/twiliotoken/twiliotoken/validate"

// Sync grants access to the Sync SDKs; its key in the token is "data_sync".
// Twilio refuses a Sync grant without a service SID.
type Sync struct {
	// ServiceSID is the Sync service (IS…). Required.
	ServiceSID string `json:"service_sid,omitempty"`
	// EndpointID identifies the device or browser tab.
	EndpointID string `json:"endpoint_id,omitempty"`
}

// Key returns "data_sync".
func (Sync) Key() string { return "data_sync" }

// RequiresIdentity reports true: Sync permissions apply to the identity.
func (Sync) RequiresIdentity() bool { return true }

// AppendJSON appends the grant's JSON object.
func (s Sync) AppendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, '{')
	dst = appendOptional(dst, "service_sid", s.ServiceSID)
	dst = appendOptional(dst, "endpoint_id", s.EndpointID)
	return append(dst, '}'), nil
}

// MarshalJSON encodes the grant as it appears in a token.
func (s Sync) MarshalJSON() ([]byte, error) { return s.AppendJSON(nil) }

// Validate reports a missing service SID, which Twilio answers with 20106,
// and fields that are not valid UTF-8.
func (s Sync) Validate() error {
	var errs validate.Errors
	if s.ServiceSID == "" {
		errs = append(errs, &validate.MissingError{
			Field: "data_sync.service_sid", Code: validate.CodeInvalidGrants,
		})
	}
	return checkText(errs, "data_sync", "service_sid", s.ServiceSID,
		"endpoint_id", s.EndpointID).Err()
}

// Warnings reports a service SID with an unexpected prefix.
func (s Sync) Warnings() []validate.Finding {
	return sidWarning(nil, "data_sync.service_sid", s.ServiceSID, "IS")
}
