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
	var g Grant
	var err error
	switch key {
	case "voice":
		var v Voice
		err = unmarshalObject(value, &v)
		g = v
	case "video":
		var v Video
		err = unmarshalObject(value, &v)
		g = v
	case "chat":
		var v Chat
		err = unmarshalObject(value, &v)
		g = v
	case "ip_messaging":
		var v IPMessaging
		err = unmarshalObject(value, &v)
		g = v
	case "data_sync":
		var v Sync
		err = unmarshalObject(value, &v)
		g = v
	case "task_router":
		var v TaskRouter
		err = unmarshalObject(value, &v)
		g = v
	case "rtc":
		var v RTC
		err = unmarshalObject(value, &v)
		g = v
	case "player":
		var v Playback
		err = unmarshalObject(value, &v)
		g = v
	default:
		g = Raw{Name: key, Value: bytes.Clone(value)}
	}
	if err != nil {
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
