package jsonenc

import (
	"bytes"
	"encoding/json"
)

// AppendCompact appends the JSON text raw with insignificant space removed.
func AppendCompact(dst []byte, raw []byte) ([]byte, error) {
	if out, ok := appendCompactFast(dst, raw); ok {
		return out, nil
	}
	buf := bytes.NewBuffer(dst)
	if err := json.Compact(buf, raw); err != nil {
		return dst, err
	}
	return buf.Bytes(), nil
}

// Valid reports whether raw is valid JSON, as [json.Valid] does, reading
// the usual grant objects in one pass without json.Valid's function call
// per byte.
func Valid(raw []byte) bool {
	c := compactor{in: raw, discard: true}
	if c.all() {
		return true
	}
	return json.Valid(raw)
}

// maxCompactDepth bounds the nesting appendCompactFast follows; deeper
// values are left to encoding/json.
const maxCompactDepth = 64

// appendCompactFast appends raw without insignificant space when raw is
// valid JSON nested at most maxCompactDepth deep, reading it once where
// json.Compact's scanner takes a function call per byte. What it accepts
// is valid to encoding/json too, and its output is json.Compact's: every
// byte but the space between tokens, unchanged. For anything else it
// reports false, and the caller asks encoding/json, for the error too.
func appendCompactFast(dst, raw []byte) ([]byte, bool) {
	c := compactor{in: raw, out: dst}
	if !c.all() {
		return dst, false
	}
	return c.out, true
}

// compactor reads in from i on and appends its tokens to out, unless
// discard is set. Its methods report false at anything that is not valid
// JSON.
type compactor struct {
	in      []byte
	i       int
	out     []byte
	discard bool
}

// all reads one value, with space around it, and nothing else.
func (c *compactor) all() bool {
	c.space()
	if !c.value(0) {
		return false
	}
	c.space()
	return c.i == len(c.in)
}

// emit appends the bytes read from start up to i.
func (c *compactor) emit(start int) {
	if !c.discard {
		c.out = append(c.out, c.in[start:c.i]...)
	}
}

func (c *compactor) space() {
	for c.i < len(c.in) {
		switch c.in[c.i] {
		case ' ', '\t', '\n', '\r':
			c.i++
		default:
			return
		}
	}
}

// next appends the next byte and reports whether it is b.
func (c *compactor) next(b byte) bool {
	if c.i >= len(c.in) || c.in[c.i] != b {
		return false
	}
	c.i++
	c.emit(c.i - 1)
	return true
}

func (c *compactor) value(depth int) bool {
	if c.i >= len(c.in) || depth > maxCompactDepth {
		return false
	}
	switch c.in[c.i] {
	case '{':
		return c.container(depth, '}', true)
	case '[':
		return c.container(depth, ']', false)
	case '"':
		return c.str()
	case 't':
		return c.literal("true")
	case 'f':
		return c.literal("false")
	case 'n':
		return c.literal("null")
	}
	return c.number()
}

// container reads an object (members true) or an array, up to end.
func (c *compactor) container(depth int, end byte, members bool) bool {
	c.i++
	c.emit(c.i - 1)
	c.space()
	if c.next(end) {
		return true
	}
	for {
		if members {
			if c.i >= len(c.in) || c.in[c.i] != '"' || !c.str() {
				return false
			}
			c.space()
			if !c.next(':') {
				return false
			}
			c.space()
		}
		if !c.value(depth + 1) {
			return false
		}
		c.space()
		if c.next(end) {
			return true
		}
		if !c.next(',') {
			return false
		}
		c.space()
	}
}

func (c *compactor) literal(word string) bool {
	if len(c.in)-c.i < len(word) || string(c.in[c.i:c.i+len(word)]) != word {
		return false
	}
	c.i += len(word)
	c.emit(c.i - len(word))
	return true
}

// str reads a string. Like encoding/json, it accepts any byte from 0x20 up
// but the quote and the backslash, which must start a valid escape.
func (c *compactor) str() bool {
	start := c.i
	for c.i++; c.i < len(c.in); c.i++ {
		switch b := c.in[c.i]; {
		case b == '"':
			c.i++
			c.emit(start)
			return true
		case b < 0x20:
			return false
		case b == '\\':
			c.i++
			if c.i >= len(c.in) {
				return false
			}
			switch c.in[c.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(c.in)-c.i <= 4 || !isHex4(c.in[c.i+1:c.i+5]) {
					return false
				}
				c.i += 4
			default:
				return false
			}
		}
	}
	return false
}

func isHex4(b []byte) bool {
	for _, x := range b {
		if !('0' <= x && x <= '9' || 'a' <= x && x <= 'f' || 'A' <= x && x <= 'F') {
			return false
		}
	}
	return true
}

// number reads a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (c *compactor) number() bool {
	start := c.i
	if c.i < len(c.in) && c.in[c.i] == '-' {
		c.i++
	}
	switch {
	case c.i < len(c.in) && c.in[c.i] == '0':
		c.i++
	case c.digits() == 0:
		return false
	}
	if c.i < len(c.in) && c.in[c.i] == '.' {
		c.i++
		if c.digits() == 0 {
			return false
		}
	}
	if c.i < len(c.in) && (c.in[c.i] == 'e' || c.in[c.i] == 'E') {
		c.i++
		if c.i < len(c.in) && (c.in[c.i] == '+' || c.in[c.i] == '-') {
			c.i++
		}
		if c.digits() == 0 {
			return false
		}
	}
	c.emit(start)
	return true
}

// digits skips decimal digits and returns how many.
func (c *compactor) digits() int {
	start := c.i
	for c.i < len(c.in) && '0' <= c.in[c.i] && c.in[c.i] <= '9' {
		c.i++
	}
	return c.i - start
}
