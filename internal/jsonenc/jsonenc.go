// Package jsonenc appends JSON the way Twilio's Node helper writes it:
// compact, with no escaping of <, > or & (which encoding/json escapes by
// default), so that tokens minted here match Node's byte for byte.
package jsonenc

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

const hex = "0123456789abcdef"

// AppendString appends s as a JSON string. Control characters are escaped
// as JSON.stringify escapes them; invalid UTF-8 becomes U+FFFD, as with
// encoding/json.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendField appends `"key":` followed by the string value, preceded by a
// comma unless the object is still empty (its last byte is '{').
func AppendField(dst []byte, key, value string) []byte {
	dst = AppendKey(dst, key)
	return AppendString(dst, value)
}

// AppendKey appends `"key":`, preceded by a comma unless the object is
// still empty. key must need no escaping.
func AppendKey(dst []byte, key string) []byte {
	if dst[len(dst)-1] != '{' {
		dst = append(dst, ',')
	}
	dst = append(dst, '"')
	dst = append(dst, key...)
	return append(dst, '"', ':')
}

// AppendInt appends `"key":n`, preceded by a comma unless the object is
// still empty.
func AppendInt(dst []byte, key string, n int64) []byte {
	dst = AppendKey(dst, key)
	return strconv.AppendInt(dst, n, 10)
}

// AppendValue appends v encoded by encoding/json without HTML escaping and
// without the trailing newline an Encoder writes.
func AppendValue(dst []byte, v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return dst, err
	}
	return append(dst, bytes.TrimSuffix(buf.Bytes(), []byte{'\n'})...), nil
}

// AppendCompact appends the JSON text raw with insignificant space removed.
func AppendCompact(dst []byte, raw []byte) ([]byte, error) {
	buf := bytes.NewBuffer(dst)
	if err := json.Compact(buf, raw); err != nil {
		return dst, err
	}
	return buf.Bytes(), nil
}
