package grants

import (
	"bytes"
	"encoding/json"

	"github.com/twiliotoken/twiliotoken/internal/jsonenc"
	"github.com/twiliotoken/twiliotoken/validate"
)

// Playback grants access to a Live stream in the Player SDK; its key in the
// token is "player". Grant is the object returned by the REST API's
// PlaybackGrant resource, copied unchanged (insignificant space removed);
// a nil Grant encodes as {}.
type Playback struct {
	Grant json.RawMessage
}

// Key returns "player".
func (Playback) Key() string { return "player" }

// AppendJSON appends the grant's object.
func (p Playback) AppendJSON(dst []byte) ([]byte, error) {
	return appendRaw(dst, p.Grant, "{}")
}

// MarshalJSON encodes the grant as it appears in a token.
func (p Playback) MarshalJSON() ([]byte, error) { return p.AppendJSON(nil) }

// UnmarshalJSON keeps a copy of the grant's object.
func (p *Playback) UnmarshalJSON(data []byte) error {
	p.Grant = append(json.RawMessage(nil), data...)
	return nil
}

// Validate reports a grant that is not a JSON object.
func (p Playback) Validate() error { return rawObject("player", p.Grant) }

// RTC is the legacy Conversations beta grant, key "rtc".
//
// Deprecated: Twilio's helpers no longer offer it; use [Chat] for
// Conversations.
type RTC struct {
	ConfigurationProfileSID string `json:"configuration_profile_sid,omitempty"`
}

// Key returns "rtc".
func (RTC) Key() string { return "rtc" }

// AppendJSON appends the grant's JSON object.
func (r RTC) AppendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, '{')
	dst = appendOptional(dst, "configuration_profile_sid", r.ConfigurationProfileSID)
	return append(dst, '}'), nil
}

// Validate reports a SID that is not valid UTF-8.
func (r RTC) Validate() error {
	return checkText(nil, "rtc", "configuration_profile_sid", r.ConfigurationProfileSID).Err()
}

// MarshalJSON encodes the grant as it appears in a token.
func (r RTC) MarshalJSON() ([]byte, error) { return r.AppendJSON(nil) }

// Raw is a grant this package has no type for, kept as its JSON value. Parse
// returns one for every unknown key, so nothing in a token is dropped, and
// it can carry a grant Twilio adds before this package does.
type Raw struct {
	Name  string          // the key in the grants claim
	Value json.RawMessage // the grant's JSON value; nil encodes as {}
}

// Key returns r.Name.
func (r Raw) Key() string { return r.Name }

// AppendJSON appends the grant's value.
func (r Raw) AppendJSON(dst []byte) ([]byte, error) {
	return appendRaw(dst, r.Value, "{}")
}

// MarshalJSON encodes the grant as it appears in a token.
func (r Raw) MarshalJSON() ([]byte, error) { return r.AppendJSON(nil) }

// Validate reports an empty name, a name that would replace the identity,
// and a value that is not JSON.
func (r Raw) Validate() error {
	var errs validate.Errors
	if r.Name == "" || r.Name == "identity" {
		errs = append(errs, &validate.SettingError{
			Field: "grants", Kind: validate.ErrMalformed,
			Code:    validate.CodeInvalidGrants,
			Problem: "has a raw grant named " + `"` + r.Name + `"`,
			Hint:    "name the grant with its key in the grants claim",
		})
	}
	if len(r.Value) > 0 && !jsonenc.Valid(r.Value) {
		errs = append(errs, notJSON(r.Name))
	}
	return errs.Err()
}

func appendRaw(dst []byte, raw json.RawMessage, empty string) ([]byte, error) {
	if len(raw) == 0 {
		return append(dst, empty...), nil
	}
	return jsonenc.AppendCompact(dst, raw)
}

func rawObject(key string, raw json.RawMessage) error {
	if len(raw) == 0 {
		return nil
	}
	// Valid JSON that starts with '{' is an object: what decoding into a
	// map would accept, without building the map.
	if t := bytes.TrimLeft(raw, " \t\r\n"); !jsonenc.Valid(raw) || t[0] != '{' {
		return validate.Errors{notJSON(key)}
	}
	return nil
}

func notJSON(key string) error {
	return &validate.SettingError{
		Field: key, Kind: validate.ErrMalformed, Code: validate.CodeInvalidGrants,
		Problem: "is not a JSON object",
		Hint:    "copy the grant object from the REST API response unchanged",
	}
}
