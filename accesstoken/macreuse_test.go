package accesstoken_test

import (
	"errors"
	"testing"
	"time"

	"github.com/twiliotoken/twiliotoken/accesstoken"
	"github.com/twiliotoken/twiliotoken/grants"
	"github.com/twiliotoken/twiliotoken/validate"
)

// TestHMACReuseKeepsSecretsApart pins down the reuse of keyed HMAC state
// between tokens minted with New and between tokens parsed: minting and
// parsing with secrets in turn, including one that is a prefix of another,
// must sign and verify each token with its own secret.
func TestHMACReuseKeepsSecretsApart(t *testing.T) {
	secrets := []string{
		benchSecret,
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
		benchSecret + "6789",
		benchSecret,
	}
	clock := func() time.Time { return benchIssued }
	v := accesstoken.Verifier{Clock: clock}
	for round := range 3 {
		for i, secret := range secrets {
			tok, err := accesstoken.New(benchAccount, benchKey, secret,
				accesstoken.WithClock(clock), accesstoken.WithIdentity("alice"),
			).AddGrant(grants.Video{}).ToJWT()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := v.Parse(tok, secret); err != nil {
				t.Errorf("round %d: token of secret %d does not verify with it: %v",
					round, i, err)
			}
			other := secrets[(i+1)%len(secrets)]
			if other == secret {
				continue
			}
			_, err = v.Parse(tok, other)
			if !errors.Is(err, validate.CodeInvalidSignature) {
				t.Errorf("round %d: token of secret %d, parsed with another: "+
					"err = %v, want %v", round, i, err, validate.CodeInvalidSignature)
			}
		}
	}
}
