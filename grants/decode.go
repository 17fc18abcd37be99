package grants

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Decode returns the grant stored under key in a token's grants claim:
// the typed grant for the keys this package knows, and a [Raw] grant with
// a copy of the value for any other key. It fails when a known grant's
// value does not decode into its type, such as a string under "voice".
func Decode(key string, value []byte) (Grant, error) {
	switch key {
	case "voice":
		return decodeAs[Voice](value)
	case "video":
		return decodeAs[Video](value)
	case "chat":
		return decodeAs[Chat](value)
	case "ip_messaging":
		return decodeAs[IPMessaging](value)
	case "data_sync":
		return decodeAs[Sync](value)
	case "task_router":
		return decodeAs[TaskRouter](value)
	case "rtc":
		return decodeAs[RTC](value)
	case "player":
		return decodeAs[Playback](value)
	}
	return Raw{Name: key, Value: bytes.Clone(value)}, nil
}

// decodeAs decodes a grant object into a G.
func decodeAs[G Grant](value []byte) (Grant, error) {
	var g G
	if err := unmarshalObject(value, &g); err != nil {
		return nil, err
	}
	return g, nil
}

// errNotObject is returned by Decode for a known grant that is not a JSON
// object.
var errNotObject = errors.New("grants: grant is not a JSON object")

func unmarshalObject(value []byte, v any) error {
	value = bytes.TrimLeft(value, " \t\r\n")
	if len(value) == 0 || value[0] != '{' {
		return errNotObject
	}
	return json.Unmarshal(value, v)
}
