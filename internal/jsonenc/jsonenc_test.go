package jsonenc

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// encodingJSON is what AppendValue promises to write: encoding/json's
// output without HTML escaping and without the trailing newline.
func encodingJSON(t *testing.T, v any) (string, bool) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", false
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte{'\n'})), true
}

// TestFlatMapsWithoutReflection checks that the usual Voice parameters
// take the fast path, and that it writes what encoding/json writes.
func TestFlatMapsWithoutReflection(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    map[string]any
	}{
		{"strings and numbers", map[string]any{"foo": "bar", "n": 1, "x": 1.5}},
		{"every scalar", map[string]any{"s": "a\"b\\c\n\x01\x7f<&>", "t": true,
			"f": false, "z": nil, "i": -3, "i64": int64(math.MaxInt64),
			"neg0": math.Copysign(0, -1), "small": 1e-6, "big": 1e20 + 1}},
		{"keys in byte order", map[string]any{"b": 1, "B": 2, "a": 3, "_": 4, "": 5}},
		{"empty", map[string]any{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := appendFlatMap([]byte("x"), tc.v)
			if !ok {
				t.Fatal("not taken by the fast path")
			}
			want, _ := encodingJSON(t, tc.v)
			if diff := cmp.Diff("x"+want, string(got)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFlatMapsDeclined lists values the fast path must leave to
// encoding/json.
func TestFlatMapsDeclined(t *testing.T) {
	many := map[string]any{}
	for i := range maxFlatKeys + 1 {
		many[string(rune('a'+i))] = i
	}
	for _, tc := range []struct {
		name string
		v    any
	}{
		{"not a map", []any{1}},
		{"nil map", map[string]any(nil)},
		{"other map type", map[string]string{"a": "b"}},
		{"too many keys", many},
		{"non-ASCII key", map[string]any{"é": 1}},
		{"non-ASCII value", map[string]any{"a": "\u2028"}},
		{"nested map", map[string]any{"a": map[string]any{}}},
		{"float with exponent", map[string]any{"a": 1e21}},
		{"tiny float", map[string]any{"a": 1e-7}},
		{"NaN", map[string]any{"a": math.NaN()}},
		{"infinity", map[string]any{"a": math.Inf(1)}},
		{"float32", map[string]any{"a": float32(1.5)}},
		{"json.Number", map[string]any{"a": json.Number("1")}},
	} {
		if _, ok := appendFlatMap(nil, tc.v); ok {
			t.Errorf("%s: taken by the fast path", tc.name)
		}
	}
}

// FuzzAppendValueMatchesEncodingJSON checks that AppendValue writes what
// encoding/json writes, whichever path it takes.
func FuzzAppendValueMatchesEncodingJSON(f *testing.F) {
	f.Add("foo", "bar", 1.5, int64(1), true)
	f.Add("\u2028", "<\x00>\xff", 1e21, int64(-1), false)
	f.Add("", "\"\\", 1e-7, int64(math.MinInt64), true)
	f.Fuzz(func(t *testing.T, k, s string, x float64, n int64, b bool) {
		v := map[string]any{k: s, k + "f": x, k + "n": n, k + "i": int(n),
			k + "b": b, k + "z": nil}
		want, ok := encodingJSON(t, v)
		got, err := AppendValue([]byte("x"), v)
		if !ok {
			if err == nil {
				t.Fatalf("AppendValue encodes what encoding/json refuses: %s", got)
			}
			return
		}
		if err != nil {
			t.Fatalf("AppendValue: %v", err)
		}
		if diff := cmp.Diff("x"+want, string(got)); diff != "" {
			t.Errorf("mismatch (-encoding/json +AppendValue):\n%s", diff)
		}
	})
}

// FuzzCompactMatchesEncodingJSON checks that the fast compactor accepts
// only valid JSON and then writes what json.Compact writes, that
// AppendCompact agrees with json.Compact on every input, and Valid with
// json.Valid.
func FuzzCompactMatchesEncodingJSON(f *testing.F) {
	for _, s := range []string{
		`{"requestCredentials":null,"playbackUrl":"https://example.com/x?token=y","playerStreamerSid":"VJ1"}`,
		" { \"a\" : [ 1 , -0.5e+3 , true , false , null , \"\\u00e9\\n\" ] , \"b\" : { } }\n",
		`[1,]`, `{"a":01}`, `"\ud800"`, "\"\xff\x7f\"", `-`, `1.`, `1e`, `[[[[]]]]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if got, want := Valid(raw), json.Valid(raw); got != want {
			t.Fatalf("Valid(%q) = %v, want %v", raw, got, want)
		}
		var want bytes.Buffer
		werr := json.Compact(&want, raw)
		if fast, ok := appendCompactFast([]byte("x"), raw); ok {
			if werr != nil {
				t.Fatalf("accepts what encoding/json refuses (%v): %q", werr, raw)
			}
			if diff := cmp.Diff("x"+want.String(), string(fast)); diff != "" {
				t.Fatalf("%q: mismatch (-json.Compact +fast):\n%s", raw, diff)
			}
		}
		got, err := AppendCompact([]byte("x"), raw)
		if (err != nil) != (werr != nil) {
			t.Fatalf("%q: err = %v, want %v", raw, err, werr)
		}
		if err == nil && "x"+want.String() != string(got) {
			t.Fatalf("%q: AppendCompact = %q, want %q", raw, got, "x"+want.String())
		}
	})
}

// TestCompactFastPath checks that usual grant objects take the fast path.
func TestCompactFastPath(t *testing.T) {
	for _, s := range []string{
		`{"requestCredentials":null,"playbackUrl":"https://x/y?z=1","playerStreamerSid":"VJ1"}`,
		" { \"a\" : [ 1 , -0.5e+3 , true , false , null , \"\\u00e9\\n\" ] }\n",
	} {
		if _, ok := appendCompactFast(nil, []byte(s)); !ok {
			t.Errorf("not compacted by the fast path: %s", s)
		}
	}
}

// checkPlainPrefix checks plainPrefix's contract on s: every byte before
// the prefix's end is plain, and the next eight bytes, if there are eight,
// are not all plain.
func checkPlainPrefix(t *testing.T, s string) {
	t.Helper()
	n := plainPrefix(s)
	if n%8 != 0 || n > len(s) {
		t.Fatalf("plainPrefix(%q) = %d", s, n)
	}
	for i := range n {
		if !plain[s[i]] {
			t.Fatalf("plainPrefix(%q) = %d, past byte %d, %#x", s, n, i, s[i])
		}
	}
	if n+8 > len(s) {
		return
	}
	for i := n; i < n+8; i++ {
		if !plain[s[i]] {
			return
		}
	}
	t.Fatalf("plainPrefix(%q) = %d, before eight plain bytes", s, n)
}

// TestPlainPrefixEveryByte puts every byte value at every position of a
// sixteen-byte string of plain bytes.
func TestPlainPrefixEveryByte(t *testing.T) {
	for c := range 256 {
		for pos := range 16 {
			b := []byte("abcdefghijklmnop")
			b[pos] = byte(c)
			checkPlainPrefix(t, string(b))
		}
	}
}

func FuzzPlainPrefix(f *testing.F) {
	f.Add("AP00112233445566778899aabbccddeeff")
	f.Add("alice@example.com\x00\x1f\x7f\x80\"\\")
	f.Fuzz(checkPlainPrefix)
}
