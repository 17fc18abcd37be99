package jsonenc

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// AppendValue appends v encoded by encoding/json without HTML escaping and
// without the trailing newline an Encoder writes.
func AppendValue(dst []byte, v any) ([]byte, error) {
	if out, ok := appendFlatMap(dst, v); ok {
		return out, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return dst, err
	}
	return append(dst, bytes.TrimSuffix(buf.Bytes(), []byte{'\n'})...), nil
}

// maxFlatKeys bounds the maps appendFlatMap encodes, so that their keys
// can be sorted in an array on the stack.
const maxFlatKeys = 16

// appendFlatMap appends v, without reflection, when it has the usual shape
// of Voice parameters: a map[string]any of at most maxFlatKeys ASCII keys
// whose values are nil, booleans, ints, int64s, ASCII strings, or float64s
// that encoding/json writes without an exponent. It writes exactly what
// encoding/json writes for them: keys sorted bytewise, and for ASCII
// strings the same escapes as AppendString. For anything else it reports
// false, and the caller asks encoding/json.
func appendFlatMap(dst []byte, v any) ([]byte, bool) {
	m, ok := v.(map[string]any)
	if !ok || m == nil || len(m) > maxFlatKeys {
		return dst, false
	}
	var buf [maxFlatKeys]string
	keys := buf[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := append(dst, '{')
	for i, k := range keys {
		if !isASCII(k) {
			return dst, false
		}
		if i > 0 {
			out = append(out, ',')
		}
		out = append(AppendString(out, k), ':')
		if out, ok = appendScalar(out, m[k]); !ok {
			return dst, false
		}
	}
	return append(out, '}'), true
}

// appendScalar appends the values appendFlatMap accepts, as encoding/json
// writes them.
func appendScalar(dst []byte, v any) ([]byte, bool) {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...), true
	case bool:
		return strconv.AppendBool(dst, x), true
	case int:
		return strconv.AppendInt(dst, int64(x), 10), true
	case int64:
		return strconv.AppendInt(dst, x, 10), true
	case string:
		return AppendString(dst, x), isASCII(x)
	case float64:
		// encoding/json switches to an exponent outside [1e-6, 1e21) and
		// refuses NaN and the infinities.
		if a := math.Abs(x); math.IsNaN(x) || a != 0 && (a < 1e-6 || a >= 1e21) {
			return dst, false
		}
		return strconv.AppendFloat(dst, x, 'f', -1, 64), true
	}
	return dst, false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
