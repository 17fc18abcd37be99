package grants

import "github.com/twiliotoken/twiliotoken/internal/jsonenc"

// Video grants access to the Video SDKs. The zero value lets the identity
// join any room it is allowed to, and encodes as {}.
type Video struct {
	// Room restricts the token to one room, by unique name or SID (RM…).
	Room string `json:"room,omitempty"`
}

// Key returns "video".
func (Video) Key() string { return "video" }

// RequiresIdentity reports true: participants are named by the identity.
func (Video) RequiresIdentity() bool { return true }

// AppendJSON appends the grant's JSON object.
func (v Video) AppendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, '{')
	if v.Room != "" {
		dst = jsonenc.AppendField(dst, "room", v.Room)
	}
	return append(dst, '}'), nil
}

// Validate reports a room name that is not valid UTF-8.
func (v Video) Validate() error { return checkText(nil, "video", "room", v.Room).Err() }

// MarshalJSON encodes the grant as it appears in a token.
func (v Video) MarshalJSON() ([]byte, error) { return v.AppendJSON(nil) }
