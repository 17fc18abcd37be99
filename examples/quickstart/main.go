// Command quickstart is the README's quick start: it mints a Voice token
// from the environment and prints it, or prints every problem with its
// Twilio error code.
package main

import (
	"fmt"
	"os"

	"github.com/twiliotoken/twiliotoken/accesstoken"
	"github.com/twiliotoken/twiliotoken/grants"
	"github.com/twiliotoken/twiliotoken/validate"
)

func main() {
	token, err := accesstoken.New(
		os.Getenv("TWILIO_ACCOUNT_SID"), // AC…
		os.Getenv("TWILIO_API_KEY"),     // SK…: an API key, not the Auth Token
		os.Getenv("TWILIO_API_SECRET"),  // that key's secret
		accesstoken.WithIdentity("alice"),
	).AddGrant(grants.Voice{
		IncomingAllow:          true,
		OutgoingApplicationSID: os.Getenv("TWILIO_TWIML_APP_SID"),
	}).ToJWT()
	if err != nil {
		for _, f := range validate.Findings(err) {
			fmt.Fprintln(os.Stderr, f) // certain 20107 APISecret has a … newline: …
		}
		os.Exit(1)
	}
	fmt.Println(token)
}
