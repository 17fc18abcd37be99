package accesstoken_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/twiliotoken/twiliotoken/accesstoken"
	"github.com/twiliotoken/twiliotoken/grants"
	"github.com/twiliotoken/twiliotoken/validate"
)

// leakSecret is a fake API key secret that appears nowhere else, so that
// finding any part of it in output means it leaked. It is 32 letters and
// digits, a valid shape, so that a Minter can be built with it.
const leakSecret = "QzLEAKx7Secret9Wv4Rj2Tn8Pk5Hb3Md"

// checkNoSecret fails if out contains secret, any 8 consecutive characters
// of it, or its hexadecimal, base64 or Go-quoted forms.
func checkNoSecret(t *testing.T, what, out, secret string) {
	t.Helper()
	core := strings.Trim(secret, " \t\r\n\"'\ufeff")
	forms := []string{
		secret, core, hex.EncodeToString([]byte(core)),
		strings.ToUpper(hex.EncodeToString([]byte(core))),
		base64.StdEncoding.EncodeToString([]byte(core)),
		strings.Trim(fmt.Sprintf("%q", secret), `"`),
	}
	for i := 0; i+8 <= len(core); i++ {
		forms = append(forms, core[i:i+8])
	}
	for _, f := range forms {
		if f != "" && strings.Contains(out, f) {
			t.Errorf("%s shows the secret (%q):\n%s", what, f, out)
			return
		}
	}
}

// secretVariants are ways a secret reaches the library, valid or not.
var secretVariants = []struct {
	name, secret string
}{
	{"valid", leakSecret},
	{"leading space", " " + leakSecret},
	{"trailing newline", leakSecret + "\n"},
	{"CRLF", leakSecret + "\r\n"},
	{"BOM", "\ufeff" + leakSecret},
	{"double quotes", `"` + leakSecret + `"`},
	{"single quotes", "'" + leakSecret + "'"},
	{"quotes and newline", `"` + leakSecret + "\"\n"},
	{"SID-shaped", "SK" + "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d"},
	{"starts with a SID", tkKey + leakSecret},
	{"Auth Token shaped", "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d"},
	{"short", leakSecret[:12]},
}

func TestSecretNotInErrors(t *testing.T) {
	for _, v := range secretVariants {
		t.Run(v.name, func(t *testing.T) {
			var msgs []string
			add := func(what string, err error) {
				if err != nil {
					msgs = append(msgs, what+": "+err.Error())
					for _, f := range validate.Findings(err) {
						msgs = append(msgs, what+" finding: "+f.String())
					}
				}
			}
			// The secret in its own slot, and pasted into the SID slots.
			for _, creds := range [][3]string{
				{tkAccount, tkKey, v.secret},
				{v.secret, tkKey, v.secret},
				{tkAccount, v.secret, v.secret},
				{"ACxxxx", v.secret, v.secret},
			} {
				tok := accesstoken.New(creds[0], creds[1], creds[2],
					accesstoken.WithClock(tkClock(tkNow)), accesstoken.WithTTL(-1)).
					AddGrant(grants.Voice{}).AddGrant(grants.Sync{})
				s, err := tok.ToJWT()
				add("ToJWT", err)
				if err == nil {
					t.Fatalf("ToJWT minted %q with an invalid TTL", s)
				}
				add("Validate", tok.Validate())
				_, err = accesstoken.NewMinter(creds[0], creds[1], creds[2])
				add("NewMinter", err)
				add("validate.Credentials", validate.Credentials(creds[0], creds[1],
					creds[2]))
				add("validate.Secret", validate.Secret(creds[2]))
				for _, f := range tok.Warnings() {
					msgs = append(msgs, "warning: "+f.String())
				}
			}
			add("validate.SID", validate.SID("APIKeySID", v.secret, "SK",
				validate.CodeInvalidIssuerSubject))
			if len(msgs) == 0 {
				t.Fatal("no messages to check")
			}
			checkNoSecret(t, "messages", strings.Join(msgs, "\n"), v.secret)
		})
	}
}

// redactHolder is a struct containing a Token and a Minter, as a server's
// configuration might.
type redactHolder struct {
	Name   string
	Token  *accesstoken.Token
	Minter *accesstoken.Minter
	Nested struct{ Token *accesstoken.Token }
}

// hiddenHolder keeps a Token and a Minter in unexported fields, where fmt
// calls none of their methods and prints what it finds, and a Token by
// value, whose String method has a pointer receiver.
type hiddenHolder struct {
	tok    *accesstoken.Token
	minter *accesstoken.Minter
	value  accesstoken.Token
}

// TestSecretNotFormattedWhenHidden is a regression test: with the secret
// held in a string field, %s of a struct holding a *Token in an unexported
// field, or %v of a Token value, printed the secret.
func TestSecretNotFormattedWhenHidden(t *testing.T) {
	m, err := accesstoken.NewMinter(tkAccount, tkKey, leakSecret)
	if err != nil {
		t.Fatal(err)
	}
	tok := accesstoken.New(tkAccount, tkKey, leakSecret, accesstoken.WithIdentity("alice"))
	h := hiddenHolder{tok: tok, minter: m, value: *tok}
	values := map[string]any{"hiddenHolder": h, "*hiddenHolder": &h,
		"Token value": *tok, "Minter.New value": *m.New()}
	for what, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			t.Run(what+"/"+verb, func(t *testing.T) {
				checkNoSecret(t, verb, fmt.Sprintf(verb, v), leakSecret)
			})
		}
		t.Run(what+"/slog", func(t *testing.T) {
			var buf bytes.Buffer
			slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "v", v)
			slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "v", v)
			checkNoSecret(t, "slog", buf.String(), leakSecret)
		})
	}
}

func TestSecretNotFormatted(t *testing.T) {
	m, err := accesstoken.NewMinter(tkAccount, tkKey, leakSecret)
	if err != nil {
		t.Fatal(err)
	}
	toks := map[string]*accesstoken.Token{
		"New": accesstoken.New(tkAccount, tkKey, leakSecret,
			accesstoken.WithIdentity("alice")).AddGrant(grants.Video{}),
		"Minter.New": m.New(accesstoken.WithIdentity("alice")),
		"secret in the SID slots": accesstoken.New(leakSecret, leakSecret,
			leakSecret),
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T %p"}
	for name, tok := range toks {
		h := redactHolder{Name: "cfg", Token: tok, Minter: m}
		h.Nested.Token = tok
		values := map[string]any{"*Token": tok, "*Minter": m, "redactHolder": h,
			"*redactHolder": &h, "[]any": []any{tok, m}}
		for what, v := range values {
			for _, verb := range verbs {
				t.Run(name+"/"+what+"/"+verb, func(t *testing.T) {
					out := fmt.Sprintf(verb, v, v)
					if out == "" {
						t.Fatal("empty output")
					}
					checkNoSecret(t, verb, out, leakSecret)
				})
			}
		}
		t.Run(name+"/String", func(t *testing.T) {
			out := tok.String() + tok.GoString() + m.String() + m.GoString() +
				fmt.Sprint(tok, m) + fmt.Sprintln(tok, m)
			checkNoSecret(t, "String", out, leakSecret)
			if !strings.Contains(out, "[redacted]") {
				t.Errorf("String does not say the secret is redacted: %s", out)
			}
		})
	}
}

func TestFormatShowsWhatIsSafe(t *testing.T) {
	tok := accesstoken.New(tkAccount, tkKey, leakSecret, accesstoken.WithIdentity("alice")).
		AddGrant(grants.Video{}).AddGrant(grants.Chat{})
	want := `accesstoken.Token{AccountSID: ` + tkAccount + `, APIKeySID: ` + tkKey +
		`, APISecret: [redacted], Identity: "alice", Grants: [video chat]}`
	if got := fmt.Sprintf("%+v", tok); got != want {
		t.Errorf("%%+v = %s\nwant   %s", got, want)
	}
	// A secret pasted into a SID slot is not shown either.
	got := fmt.Sprint(accesstoken.New(leakSecret, tkKey, "s"))
	if !strings.Contains(got, "AccountSID: [not a SID]") {
		t.Errorf("a non-SID in the account slot is shown: %s", got)
	}
	var nilTok *accesstoken.Token
	var nilMinter *accesstoken.Minter
	if got := fmt.Sprintf("%v %v", nilTok, nilMinter); got !=
		"accesstoken.Token(nil) accesstoken.Minter(nil)" {
		t.Errorf("nil formatting = %q", got)
	}
}

func TestSecretNotLogged(t *testing.T) {
	m, err := accesstoken.NewMinter(tkAccount, tkKey, leakSecret)
	if err != nil {
		t.Fatal(err)
	}
	tok := accesstoken.New(tkAccount, tkKey, leakSecret,
		accesstoken.WithClock(tkClock(tkNow)), accesstoken.WithIdentity("alice")).
		AddGrant(grants.Voice{})
	bad := accesstoken.New(leakSecret, leakSecret, leakSecret)
	h := redactHolder{Name: "cfg", Token: tok, Minter: m}
	h.Nested.Token = bad
	handlers := map[string]func(*bytes.Buffer) slog.Handler{
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	}
	for name, newHandler := range handlers {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			log := slog.New(newHandler(&buf))
			log.Info("minting", "token", tok, "minter", m, "bad", bad)
			log.Info("config", "redactHolder", h, "ptr", &h, slog.Any("list", []any{tok, m}))
			log.With("minter", m).WithGroup("g").Info("grouped", "token", tok)
			_, err := tok.ToJWT()
			log.Error("attrs", slog.Any("token", tok), slog.Any("err", err))
			_, err = accesstoken.NewMinter(tkAccount, tkKey, leakSecret+"\n")
			log.Error("bad config", "err", err)

			out := buf.String()
			checkNoSecret(t, name+" log", out, leakSecret)
			for _, want := range []string{tkAccount, "[redacted]", "alice",
				"APISecret has a leading or trailing newline"} {
				if !strings.Contains(out, want) {
					t.Errorf("log does not contain %q, so it may not have logged the values:\n%s",
						want, out)
				}
			}
		})
	}
}
