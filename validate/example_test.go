package validate_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/twiliotoken/twiliotoken/validate"
)

// Check a service's configuration at start-up, before the first token is
// minted: every problem is reported at once, each with the Twilio error it
// would cause and a fix.
func ExampleCredentials() {
	err := validate.Credentials(
		"ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", // a placeholder left in the config
		"AC0123456789abcdef0123456789abcdef", // an Account SID where the key belongs
		"0123456789abcdef0123456789abcdef\n", // the Auth Token, read with its newline
	)
	for _, f := range validate.Findings(err) {
		fmt.Println(f)
	}
	// Output:
	// certain 20103 AccountSID is not AC followed by 32 hexadecimal digits; it looks like a placeholder: copy the Account SID from the Twilio Console
	// certain 20103 APIKeySID is an Account SID; Access Tokens are signed with an API key, not with the Account SID and Auth Token: create an API key in the Console and use its SID (SK…) and secret
	// certain 20107 APISecret has a leading or trailing newline: remove the newline; files written by echo or an editor end with one
	// certain 20107 APISecret has the shape of an Auth Token (32 lowercase hex digits): sign with an API key secret; the Auth Token cannot sign Access Tokens
}

// Branch on what went wrong with errors.As and errors.Is: on the concrete
// error type, on the category, or on the Twilio error code Twilio would
// answer with.
func ExampleCode() {
	err := validate.Credentials(
		"SKfedcba9876543210fedcba9876543210",
		"AC0123456789abcdef0123456789abcdef",
		"abcdefghijklmnopqrstuvwxyz012345\n",
	)

	var sidErr *validate.SIDError
	if errors.As(err, &sidErr) {
		fmt.Printf("%s: want %s…, got %s…\n", sidErr.Field, sidErr.Want, sidErr.Got)
	}
	if errors.Is(err, validate.ErrMisplaced) {
		fmt.Println("a credential is in the wrong place")
	}
	if errors.Is(err, validate.CodeInvalidSignature) {
		fmt.Println("Twilio would answer", validate.CodeInvalidSignature.String())
	}
	if errors.Is(err, validate.CodeTTLExceedsMaximum) {
		fmt.Println("not printed: no problem has this code")
	}
	// Output:
	// AccountSID: want AC…, got SK…
	// a credential is in the wrong place
	// Twilio would answer 20107 Invalid Access Token signature
}

// Check a lifetime before passing it on: a bare number is nanoseconds to
// time.Duration, and a lifetime given in milliseconds is far over the
// 24-hour maximum.
func ExampleTTL() {
	for _, ttl := range []time.Duration{3600, 3600000 * time.Second, time.Hour} {
		if err := validate.TTL(ttl); err != nil {
			fmt.Printf("%d: %v\n", validate.CodeOf(err), err)
			continue
		}
		fmt.Println(ttl, "is fine")
	}
	// Output:
	// 20104: validate: TTL is under one second (3.6µs); a bare number such as 3600 is nanoseconds to time.Duration (Twilio error 20104 Access Token expired or expiration date invalid)
	// 20157: validate: TTL is 1000h0m0s, over the 24 hour maximum; it looks like milliseconds given as seconds (Twilio error 20157 Expiration Time Exceeds Maximum Time Allowed)
	// 1h0m0s is fine
}
