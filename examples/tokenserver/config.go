package main

import (
	"math"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/twiliotoken/twiliotoken/accesstoken"
	"github.com/twiliotoken/twiliotoken/examples/internal/demo"
	"github.com/twiliotoken/twiliotoken/grants"
	"github.com/twiliotoken/twiliotoken/validate"
)

const defaultAddr = "127.0.0.1:8080"

// Demo settings, used only when no Twilio credential is configured. The
// credentials have the right shape and are obviously fake: Twilio refuses
// every token signed with them. The demo users' passwords are published in
// the README, so demo mode listens on loopback addresses only.
const (
	demoConversationsIS = "IS00000000000000000000000000000001"
	demoSyncIS          = "IS00000000000000000000000000000002"
	demoGrants          = "voice,video,chat,sync"
	demoUsers           = "alice:alice-demo-password,bob:bob-demo-password"
	demoBearerTokens    = "carol:carol-demo-bearer-token"
)

// settingNames maps the fields the validate package reports to the
// environment variables that set them.
var settingNames = map[string]string{
	"AccountSID": "TWILIO_ACCOUNT_SID",
	"APIKeySID":  "TWILIO_API_KEY",
	"APISecret":  "TWILIO_API_SECRET",
	"TTL":        "TOKENSERVER_TTL",
}

// config is the server's checked configuration.
type config struct {
	addr      string
	demo      bool // signing with the fake demo credentials
	demoUsers bool // the built-in demo users sign in
	minter    *accesstoken.Minter
	ttl       time.Duration
	grants    []grants.Grant
	auth      *staticAuthenticator

	// identityFor is the key of the first grant that needs an identity
	// (all four do), for validate.Identity.
	identityFor string
	// video is whether tokens carry a Video grant, which refuses
	// identities over 128 characters; voice whether they carry a Voice
	// grant, which may not route identities of other than letters, digits
	// and underscores (a warning in the response).
	video, voice bool

	warnings []validate.Finding
}

// loadConfig reads and checks the whole configuration. It returns every
// problem found, never only the first; with any problem the config must
// not be used. With none of the three Twilio credentials set it builds the
// demo configuration.
func loadConfig(getenv func(string) string) (*config, []validate.Finding) {
	l := loader{getenv: getenv}
	c := &config{addr: l.get("TOKENSERVER_ADDR", defaultAddr)}

	accountSID := getenv("TWILIO_ACCOUNT_SID")
	apiKeySID := getenv("TWILIO_API_KEY")
	apiSecret := getenv("TWILIO_API_SECRET")
	if accountSID == "" && apiKeySID == "" && apiSecret == "" {
		c.demo = true
		accountSID, apiKeySID, apiSecret = demo.AccountSID, demo.APIKeySID, demo.APISecret
	}

	c.ttl = l.ttl()
	region := getenv("TWILIO_REGION")
	if f := validate.RegionWarning(region); f != nil {
		f.Field = "TWILIO_REGION"
		l.warn(*f)
	}
	m, err := accesstoken.NewMinter(accountSID, apiKeySID, apiSecret,
		accesstoken.WithTTL(c.ttl), accesstoken.WithRegion(region),
		accesstoken.WithUniqueJTI())
	l.addErr(err)
	if err == nil {
		for _, f := range validate.CredentialWarnings(accountSID, apiKeySID, apiSecret) {
			l.warn(f)
		}
	}
	c.minter = m

	l.grants(c)
	c.auth = l.authenticator(c)
	l.checkAddr(c)

	c.warnings = l.warnings
	if len(l.problems) > 0 {
		return nil, l.problems
	}
	return c, nil
}

// loader gathers problems and warnings while it reads settings.
type loader struct {
	getenv   func(string) string
	problems []validate.Finding
	warnings []validate.Finding
}

func (l *loader) get(key, fallback string) string {
	if v := l.getenv(key); v != "" {
		return v
	}
	return fallback
}

// addErr records the problems in an error from the validate package or
// the library, named after the settings that cause them.
func (l *loader) addErr(err error) {
	for _, f := range validate.Findings(err) {
		if name, ok := settingNames[f.Field]; ok {
			f.Field = name
		}
		l.problems = append(l.problems, f)
	}
}

func (l *loader) problem(code validate.Code, field, message, fix string) {
	l.problems = append(l.problems, validate.Finding{
		Severity: validate.Certain, Code: code, Field: field, Message: message, Fix: fix,
	})
}

func (l *loader) warn(f validate.Finding) {
	if name, ok := settingNames[f.Field]; ok {
		f.Field = name
	}
	l.warnings = append(l.warnings, f)
}

// ttl reads TOKENSERVER_TTL: a Go duration such as "1h", or whole
// seconds. The library checks the range.
func (l *loader) ttl() time.Duration {
	v := l.getenv("TOKENSERVER_TTL")
	if v == "" {
		return accesstoken.DefaultTTL
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n > int64(math.MaxInt64/time.Second) {
			l.problem(validate.CodeTTLExceedsMaximum, "TOKENSERVER_TTL",
				"is far over the 24 hour maximum", "use at most 86400 seconds")
			return accesstoken.DefaultTTL
		}
		return time.Duration(n) * time.Second
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		l.problem(validate.CodeExpired, "TOKENSERVER_TTL", "is not a duration",
			`use a duration such as "1h" or "45m", or a number of seconds`)
		return accesstoken.DefaultTTL
	}
	return d
}

// grants reads TOKENSERVER_GRANTS and the SIDs each grant needs.
func (l *loader) grants(c *config) {
	list := l.getenv("TOKENSERVER_GRANTS")
	if list == "" && c.demo {
		list = demoGrants
	}
	if list == "" {
		l.problem(validate.CodeInvalidGrants, "TOKENSERVER_GRANTS", "is missing; "+
			"a token without a product grant is refused by every SDK",
			"list the grants tokens carry, such as voice,video,chat,sync")
		return
	}
	seen := map[string]bool{}
	for _, name := range strings.Split(list, ",") {
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		if name == "conversations" {
			name = "chat"
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		g := l.grant(c.demo, name)
		if g == nil {
			continue
		}
		c.grants = append(c.grants, g)
		if c.identityFor == "" {
			c.identityFor = g.Key()
		}
		c.video = c.video || name == "video"
		c.voice = c.voice || name == "voice"
	}
	for _, s := range []struct{ grant, setting string }{
		{"voice", "TWILIO_TWIML_APP_SID"},
		{"chat", "TWILIO_CONVERSATIONS_SERVICE_SID"},
		{"sync", "TWILIO_SYNC_SERVICE_SID"},
	} {
		if !seen[s.grant] && l.getenv(s.setting) != "" {
			l.warn(validate.Finding{
				Severity: validate.Warning, Field: s.setting,
				Message: "is set, but TOKENSERVER_GRANTS does not include " + s.grant,
				Fix:     "add " + s.grant + " to TOKENSERVER_GRANTS, or remove the setting",
			})
		}
	}
}

// grant builds one grant, with the SIDs from the environment, or returns
// nil and records why it cannot.
func (l *loader) grant(demoMode bool, name string) grants.Grant {
	sid := func(setting, prefix, demoValue string) string {
		v := l.getenv(setting)
		if v == "" && demoMode {
			v = demoValue
		}
		l.addErr(validate.SID(setting, v, prefix, validate.CodeInvalidGrants))
		return v
	}
	switch name {
	case "voice":
		return grants.Voice{
			IncomingAllow:          l.bool("TOKENSERVER_VOICE_INCOMING", true),
			OutgoingApplicationSID: sid("TWILIO_TWIML_APP_SID", "AP", demo.TwiMLAppSID),
		}
	case "video":
		return grants.Video{}
	case "chat":
		return grants.Chat{ServiceSID: sid("TWILIO_CONVERSATIONS_SERVICE_SID", "IS",
			demoConversationsIS)}
	case "sync":
		return grants.Sync{ServiceSID: sid("TWILIO_SYNC_SERVICE_SID", "IS", demoSyncIS)}
	}
	l.problem(0, "TOKENSERVER_GRANTS", "names an unknown grant "+strconv.Quote(name),
		"use voice, video, chat (or conversations) and sync")
	return nil
}

func (l *loader) bool(key string, fallback bool) bool {
	v := l.getenv(key)
	if v == "" {
		return fallback
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		l.problem(0, key, "is not true or false", "set it to true or false")
		return fallback
	}
	return b
}

// authenticator builds the demo authenticator from TOKENSERVER_USERS and
// TOKENSERVER_BEARER_TOKENS, and checks that every configured identity is
// one Twilio accepts.
func (l *loader) authenticator(c *config) *staticAuthenticator {
	users := l.getenv("TOKENSERVER_USERS")
	bearer := l.getenv("TOKENSERVER_BEARER_TOKENS")
	if users == "" && bearer == "" {
		if !c.demo {
			l.problem(0, "TOKENSERVER_USERS", "is missing, and so is "+
				"TOKENSERVER_BEARER_TOKENS; nobody could get a token",
				"configure users (name:password,…) or bearer tokens (name:token,…), "+
					"or plug in your own Authenticator")
			return nil
		}
		users, bearer = demoUsers, demoBearerTokens
		c.demoUsers = true
	}
	a := newStaticAuthenticator()
	l.credentials("TOKENSERVER_USERS", users, c, a.addUser)
	l.credentials("TOKENSERVER_BEARER_TOKENS", bearer, c, a.addBearer)
	return a
}

// credentials parses a list of name:secret pairs and adds each with add.
// Entries are named by position, never by content, since a malformed entry
// may be a bare secret.
func (l *loader) credentials(setting, list string, c *config, add func(name, secret string) bool) {
	if list == "" {
		return
	}
	for i, entry := range strings.Split(list, ",") {
		entry = strings.TrimSpace(entry)
		where := setting + " entry " + strconv.Itoa(i+1)
		name, secret, ok := strings.Cut(entry, ":")
		if !ok || name == "" || secret == "" {
			l.problem(0, where, "is not name:secret", "write each entry as name:secret, "+
				"separated by commas")
			continue
		}
		for _, f := range identityProblems(c, name) {
			f.Field = where + " (identity)"
			l.problems = append(l.problems, f)
		}
		if !add(name, secret) {
			l.problem(0, where, "repeats a name or secret of an earlier entry",
				"give every user one entry and every token a different value")
		}
		if len(secret) < 12 && !c.demo {
			l.warn(validate.Finding{
				Severity: validate.Warning, Field: where,
				Message: "has a secret shorter than 12 characters",
				Fix:     "use a long random password or token",
			})
		}
	}
}

// identityProblems reports why Twilio would refuse identity in a token
// with c's grants: the library's own checks, and Video's limit of 128
// characters, which the library reports only as a warning.
func identityProblems(c *config, identity string) []validate.Finding {
	fs := validate.Findings(validate.Identity(identity, c.identityFor))
	for _, f := range validate.IdentityWarnings(identity, false, c.video) {
		f.Severity = validate.Certain
		fs = append(fs, f)
	}
	return fs
}

// checkAddr checks the listen address. Demo mode, whose passwords are
// public, listens on loopback addresses only.
func (l *loader) checkAddr(c *config) {
	host, _, err := net.SplitHostPort(c.addr)
	if err != nil {
		l.problem(0, "TOKENSERVER_ADDR", "is not host:port", "use an address such as "+
			defaultAddr)
		return
	}
	if c.demo && !isLoopback(host) {
		l.problem(0, "TOKENSERVER_ADDR", "is not a loopback address, and demo mode's "+
			"users and passwords are public", "listen on 127.0.0.1, or configure "+
			"Twilio credentials and your own users")
	}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
