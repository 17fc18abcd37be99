package accesstoken

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/twiliotoken/twiliotoken/validate"
)

const redacted = "[redacted]"

// secret returns an API key secret. It is a function because fmt prints a
// function as its address, whatever the verb and however deep: a Token or
// Minter formatted by value, or held in another struct's unexported field
// (where their redacting methods are not called), cannot show the secret.
type secret func() string

func keepSecret(s string) secret { return func() string { return s } }

// apiSecret returns t's secret, or "" for a Token not made by New.
func (t *Token) apiSecret() string {
	if t.secret == nil {
		return ""
	}
	return t.secret()
}

// String describes the token without its secret.
func (t *Token) String() string {
	if t == nil {
		return "accesstoken.Token(nil)"
	}
	var b strings.Builder
	b.WriteString("accesstoken.Token{AccountSID: ")
	b.WriteString(shownSID(t.accountSID))
	b.WriteString(", APIKeySID: ")
	b.WriteString(shownSID(t.apiKeySID))
	b.WriteString(", APISecret: " + redacted + ", Identity: ")
	fmt.Fprintf(&b, "%q, Grants: [", t.identity)
	for i, g := range t.grants {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(g.Key())
	}
	b.WriteString("]}")
	return b.String()
}

// GoString is String, so that %#v does not show the secret either.
func (t *Token) GoString() string { return t.String() }

// Format prints String for every verb, so that no verb shows the secret.
func (t *Token) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(t.String())) }

// LogValue logs the token's SIDs, identity and grants, never its secret.
func (t *Token) LogValue() slog.Value {
	if t == nil {
		return slog.StringValue("<nil>")
	}
	keys := make([]string, len(t.grants))
	for i, g := range t.grants {
		keys[i] = g.Key()
	}
	return slog.GroupValue(
		slog.String("account_sid", shownSID(t.accountSID)),
		slog.String("api_key_sid", shownSID(t.apiKeySID)),
		slog.String("api_secret", redacted),
		slog.String("identity", t.identity),
		slog.Any("grants", keys),
	)
}

// shownSID returns s when it has the shape of a SID, and a placeholder
// otherwise: a value in a SID field may be a secret pasted in the wrong
// place, and must not be printed.
func shownSID(s string) string {
	if len(s) == validate.SIDLen && validate.IsSID(s, s[:2]) {
		return s
	}
	return "[not a SID]"
}

// String describes the Minter without its secret.
func (m *Minter) String() string {
	if m == nil {
		return "accesstoken.Minter(nil)"
	}
	return "accesstoken.Minter{AccountSID: " + m.base.accountSID + ", APIKeySID: " +
		m.base.apiKeySID + ", APISecret: " + redacted + "}"
}

// GoString is String, so that %#v does not show the secret either.
func (m *Minter) GoString() string { return m.String() }

// Format prints String for every verb, so that no verb shows the secret.
func (m *Minter) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(m.String())) }

// LogValue logs the Minter's SIDs, never its secret.
func (m *Minter) LogValue() slog.Value {
	if m == nil {
		return slog.StringValue("<nil>")
	}
	return slog.GroupValue(
		slog.String("account_sid", m.base.accountSID),
		slog.String("api_key_sid", m.base.apiKeySID),
		slog.String("api_secret", redacted),
	)
}
