package benchcmp

import (
	"fmt"
	"strconv"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	josejwt "github.com/go-jose/go-jose/v4/jwt"
	gojwt "github.com/golang-jwt/jwt/v5"
	twjwt "github.com/twilio/twilio-go/client/jwt"

	"github.com/twiliotoken/twiliotoken/accesstoken"
	"github.com/twiliotoken/twiliotoken/grants"
)

// A Verifier is one way to verify a token's HS256 signature with the
// inputs' secret, check its times, and decode its claims.
type Verifier struct {
	Name   string
	Verify func(token string) (View, error)
}

// Verifiers returns every verifier compared, this module's first, each
// checking times at now where its library lets it; twilio-go's always
// reads the wall clock.
func Verifiers(now func() time.Time) []Verifier {
	v := accesstoken.Verifier{Clock: now}
	parser := gojwt.NewParser(gojwt.WithValidMethods([]string{"HS256"}),
		gojwt.WithTimeFunc(now))
	return []Verifier{
		{"twiliotoken", func(tok string) (View, error) { return verifyTwilioToken(v, tok) }},
		{"twiliogo", verifyTwilioGo},
		{"golangjwt", func(tok string) (View, error) { return verifyGolangJWT(parser, tok) }},
		{"gojose", func(tok string) (View, error) { return verifyJOSE(now(), tok) }},
	}
}

func verifyTwilioToken(v accesstoken.Verifier, tok string) (View, error) {
	c, err := v.Parse(tok, APISecret)
	if err != nil {
		return View{}, err
	}
	view := View{AccountSID: c.AccountSID, APIKeySID: c.APIKeySID, Identity: c.Identity}
	for _, g := range c.Grants {
		view.Grants = append(view.Grants, g.Key())
		if voice, ok := g.(grants.Voice); ok {
			view.Voice = VoiceView{voice.IncomingAllow, voice.OutgoingApplicationSID}
		}
	}
	view.Grants = sortedKeys(view.Grants)
	return view, nil
}

// verifyTwilioGo verifies with twilio-go's FromJwt, which checks exp and
// nbf against the wall clock.
func verifyTwilioGo(tok string) (View, error) {
	t, err := new(twjwt.AccessToken).FromJwt(tok, APISecret)
	if err != nil {
		return View{}, err
	}
	view := View{AccountSID: t.AccountSid, APIKeySID: t.SigningKeySid, Identity: t.Identity}
	for _, g := range t.Grants {
		view.Grants = append(view.Grants, g.Key())
		if voice, ok := g.(*twjwt.VoiceGrant); ok {
			view.Voice = VoiceView{voice.Incoming.Allow, voice.Outgoing.ApplicationSid}
		}
	}
	view.Grants = sortedKeys(view.Grants)
	return view, nil
}

var hmacKey = []byte(APISecret)

func verifyGolangJWT(p *gojwt.Parser, tok string) (View, error) {
	var c golangJWTClaims
	_, err := p.ParseWithClaims(tok, &c, func(*gojwt.Token) (any, error) {
		return hmacKey, nil
	})
	if err != nil {
		return View{}, err
	}
	return c.Grants.view(c.Subject, c.Issuer), nil
}

var joseAlgs = []jose.SignatureAlgorithm{jose.HS256}

func verifyJOSE(now time.Time, tok string) (View, error) {
	t, err := josejwt.ParseSigned(tok, joseAlgs)
	if err != nil {
		return View{}, err
	}
	var c joseClaims
	if err := t.Claims(hmacKey, &c); err != nil {
		return View{}, err
	}
	if err := c.ValidateWithLeeway(josejwt.Expected{Time: now}, 0); err != nil {
		return View{}, fmt.Errorf("benchcmp: %w", err)
	}
	return c.Grants.view(c.Subject, c.Issuer), nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
