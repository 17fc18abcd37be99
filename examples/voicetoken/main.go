// Command voicetoken mints a Twilio Access Token for the Voice SDKs and
// prints it, so that it can be pasted into a client or piped into another
// tool:
//
//	go run ./voicetoken | pbcopy
//
// It reads its settings from the environment or from a .env file in the
// working directory (the environment wins; a missing file is fine):
//
//	TWILIO_ACCOUNT_SID    Account SID (AC…)
//	TWILIO_API_KEY        API key SID (SK…)
//	TWILIO_API_SECRET     that API key's secret
//	TWILIO_TWIML_APP_SID  TwiML application for outgoing calls (AP…)
//	TWILIO_IDENTITY       the user the token is for (default "alice")
//
// With none of the three credentials set it uses built-in demo credentials:
// the token is well formed, but Twilio refuses it.
//
// Standard output holds the token and nothing else. Standard error tells
// what was done: the decoded header and claims, every warning, and, when
// the settings are wrong, every problem with its Twilio error code and how
// to fix it; the program then exits with status 1. The secret is never
// printed.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/twiliotoken/twiliotoken/accesstoken"
	"github.com/twiliotoken/twiliotoken/examples/internal/demo"
	"github.com/twiliotoken/twiliotoken/examples/internal/dotenv"
	"github.com/twiliotoken/twiliotoken/grants"
	"github.com/twiliotoken/twiliotoken/validate"
)

const defaultIdentity = "alice"

// settingNames maps the fields the validate package reports to the
// environment variables that set them.
var settingNames = map[string]string{
	"AccountSID": "TWILIO_ACCOUNT_SID",
	"APIKeySID":  "TWILIO_API_KEY",
	"APISecret":  "TWILIO_API_SECRET",
	"Identity":   "TWILIO_IDENTITY",
}

func main() {
	os.Exit(run(os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr))
}

// run is the whole program: it reads settings through lookupEnv (and the
// .env file), writes the token to stdout and everything else to stderr,
// and returns the exit status.
func run(args []string, lookupEnv func(string) (string, bool), stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("voicetoken", flag.ContinueOnError)
	flags.SetOutput(stderr)
	envFile := flags.String("env", ".env", "read settings from `file` too, if it exists")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "voicetoken: unexpected argument %q\n", flags.Arg(0))
		return 2
	}

	getenv, err := dotenv.Lookup(*envFile, lookupEnv)
	if err != nil {
		fmt.Fprintf(stderr, "voicetoken: %v\n", err)
		return 1
	}

	cfg := readConfig(getenv)
	if cfg.demo {
		fmt.Fprintln(stderr, "voicetoken: DEMO MODE: TWILIO_ACCOUNT_SID, TWILIO_API_KEY "+
			"and TWILIO_API_SECRET are not set, so built-in fake credentials are used; "+
			"Twilio will refuse this token")
	}

	jwt, tok, problems := mint(cfg)
	if len(problems) > 0 {
		printProblems(stderr, problems)
		return 1
	}
	for _, f := range tok.Warnings() {
		f.Field = settingName(f.Field)
		fmt.Fprintf(stderr, "voicetoken: warning: %s\n", f)
	}

	fmt.Fprintln(stdout, jwt)
	printDecoded(stderr, jwt)
	return 0
}

type config struct {
	accountSID, apiKeySID, apiSecret string
	appSID, identity                 string
	demo                             bool
}

// readConfig reads the settings. With no credential set at all it falls
// back on the demo credentials.
func readConfig(getenv func(string) string) config {
	c := config{
		accountSID: getenv("TWILIO_ACCOUNT_SID"),
		apiKeySID:  getenv("TWILIO_API_KEY"),
		apiSecret:  getenv("TWILIO_API_SECRET"),
		appSID:     getenv("TWILIO_TWIML_APP_SID"),
		identity:   getenv("TWILIO_IDENTITY"),
	}
	if c.accountSID == "" && c.apiKeySID == "" && c.apiSecret == "" {
		c.demo = true
		c.accountSID, c.apiKeySID, c.apiSecret = demo.AccountSID, demo.APIKeySID, demo.APISecret
		if c.appSID == "" {
			c.appSID = demo.TwiMLAppSID
		}
	}
	if c.identity == "" {
		c.identity = defaultIdentity
	}
	return c
}

// mint builds and signs the Voice token. It returns every problem found,
// with the library's checks and the TwiML application check together.
func mint(c config) (string, *accesstoken.Token, []validate.Finding) {
	tok := accesstoken.New(c.accountSID, c.apiKeySID, c.apiSecret,
		accesstoken.WithIdentity(c.identity),
	).AddGrant(grants.Voice{
		IncomingAllow:          true,
		OutgoingApplicationSID: c.appSID,
	})
	jwt, err := tok.ToJWT()
	problems := validate.Findings(err)

	// The library accepts any outgoing application SID (an unexpected
	// prefix is only a warning); for a Voice client it must be an AP….
	appErr := validate.SID("TWILIO_TWIML_APP_SID", c.appSID, "AP", validate.CodeInvalidGrants)
	problems = append(problems, validate.Findings(appErr)...)
	return jwt, tok, problems
}

func printProblems(w io.Writer, problems []validate.Finding) {
	noun := "problems"
	if len(problems) == 1 {
		noun = "problem"
	}
	fmt.Fprintf(w, "voicetoken: no token minted; %d %s:\n", len(problems), noun)
	for _, f := range problems {
		fmt.Fprintf(w, "  %s %s\n", settingName(f.Field), f.Message)
		if f.Code != 0 {
			// Code is an error too, so %s would print Error(), not String().
			fmt.Fprintf(w, "      Twilio error: %s\n", f.Code.String())
		}
		if f.Fix != "" {
			fmt.Fprintf(w, "      fix: %s\n", f.Fix)
		}
	}
}

func settingName(field string) string {
	if name, ok := settingNames[field]; ok {
		return name
	}
	return field
}

// printDecoded writes the token's header and claims as indented JSON. It
// leaves out the signature, which is of no use to a reader.
func printDecoded(w io.Writer, jwt string) {
	parts := strings.Split(jwt, ".")
	for i, name := range []string{"header", "claims"} {
		raw, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			fmt.Fprintf(w, "voicetoken: cannot decode the %s: %v\n", name, err)
			return
		}
		var out bytes.Buffer
		if err := json.Indent(&out, raw, "", "  "); err != nil {
			fmt.Fprintf(w, "voicetoken: cannot decode the %s: %v\n", name, err)
			return
		}
		fmt.Fprintf(w, "%s:\n%s\n", name, out.Bytes())
	}
}
