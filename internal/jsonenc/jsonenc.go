// Package jsonenc appends JSON the way Twilio's Node helper writes it:
// compact, with no escaping of <, > or & (which encoding/json escapes by
// default), so that tokens minted here match Node's byte for byte.
package jsonenc

import "unicode/utf8"

const hex = "0123456789abcdef"

// plain marks the bytes that AppendString copies as they are: ASCII from
// space up, except the quote and the backslash. A table lookup is the
// cheapest test in the loop that every string of every token goes through.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// AppendString appends s as a JSON string. Control characters are escaped
// as JSON.stringify escapes them; invalid UTF-8 becomes U+FFFD, as with
// encoding/json.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	i := plainPrefix(s)
	for i < len(s) {
		c := s[i]
		if plain[c] {
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

// plainPrefix returns the length of a prefix of s, a multiple of eight
// bytes, in which every byte is plain: it tests eight bytes at a time,
// since SIDs and identities rarely need escaping.
func plainPrefix(s string) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 |
			uint64(s[i+3])<<24 | uint64(s[i+4])<<32 | uint64(s[i+5])<<40 |
			uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// A byte's high bit is set in special, exactly when some byte of x
		// is under 0x20, at or over 0x80, a quote or a backslash: x-n&^x
		// sets it for a byte under n (n <= 0x80), without false alarms
		// when there is none, and the quote and backslash become zero
		// bytes in q and b.
		q, b := x^(ones*'"'), x^(ones*'\\')
		special := (x-ones*0x20)&^x | x | (q-ones)&^q | (b-ones)&^b
		if special&highs != 0 {
			break
		}
	}
	return i
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
