// Command tokeninspect explains a Twilio Access Token offline: it prints the
// token's header and claims with readable times, then every problem that
// would make Twilio refuse it, each with the Twilio error code it predicts
// and the fix.
//
//	go run ./tokeninspect eyJhbGciOi…
//	go run ./voicetoken | go run ./tokeninspect
//
// The token comes from the first argument or, without one, from standard
// input (one trailing line break is removed there). The API key secret to
// check the signature with comes from TWILIO_API_SECRET, and the expected
// SIDs from TWILIO_ACCOUNT_SID and TWILIO_API_KEY, in the environment or a
// .env file in the working directory. A token minted with voicetoken's demo
// credentials is checked with the demo secret when no secret is set.
//
// With -json it prints the same as one JSON object. The exit status is 0
// when no finding is certain, 1 when one is, and 2 on a usage error.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/twiliotoken/twiliotoken/accesstoken"
	"github.com/twiliotoken/twiliotoken/examples/internal/demo"
	"github.com/twiliotoken/twiliotoken/examples/internal/dotenv"
	"github.com/twiliotoken/twiliotoken/validate"
)

// maxToken bounds what is read from standard input.
const maxToken = 1 << 20

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.LookupEnv, os.Stdout, os.Stderr, time.Now))
}

// report is what -json prints.
type report struct {
	Header   json.RawMessage     `json:"header,omitempty"`
	Payload  json.RawMessage     `json:"payload,omitempty"`
	Times    map[string]timeInfo `json:"times,omitempty"`
	Verified bool                `json:"verified"`
	Checked  string              `json:"signature"`
	OK       bool                `json:"ok"`
	Findings []validate.Finding  `json:"findings"`
}

type timeInfo struct {
	Unix     int64  `json:"unix"`
	UTC      string `json:"utc"`
	Relative string `json:"relative"`
}

// run is the whole program, with its inputs and outputs passed in so that
// tests need no subprocess. It returns the exit status.
func run(args []string, stdin io.Reader, lookupEnv func(string) (string, bool),
	stdout, stderr io.Writer, now func() time.Time) int {
	flags := flag.NewFlagSet("tokeninspect", flag.ContinueOnError)
	flags.SetOutput(stderr)
	asJSON := flags.Bool("json", false, "print the report as JSON")
	envFile := flags.String("env", ".env", "read settings from `file` too, if it exists")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: tokeninspect [-json] [-env file] [token]")
		fmt.Fprintln(stderr, "       reads the token from standard input without an argument")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() > 1 {
		flags.Usage()
		return 2
	}
	token, err := readToken(flags.Args(), stdin)
	if err != nil {
		fmt.Fprintln(stderr, "tokeninspect:", err)
		flags.Usage()
		return 2
	}
	env, err := dotenv.Lookup(*envFile, lookupEnv)
	if err != nil {
		fmt.Fprintln(stderr, "tokeninspect:", err)
		return 2
	}

	want := accesstoken.Expect{
		APISecret:  env("TWILIO_API_SECRET"),
		AccountSID: env("TWILIO_ACCOUNT_SID"),
		APIKeySID:  env("TWILIO_API_KEY"),
	}
	checked := "with TWILIO_API_SECRET"
	if want.APISecret == "" {
		checked = "not checked: TWILIO_API_SECRET is not set"
		if c, err := accesstoken.ParseUnverified(strings.TrimSpace(token)); err == nil &&
			c.APIKeySID == demo.APIKeySID {
			want.APISecret = demo.APISecret
			checked = "with the built-in demo secret (the token uses the demo key)"
		}
	}

	d := accesstoken.Verifier{Clock: now}.Diagnose(token, want)
	r := report{
		Header: d.Header, Payload: d.Payload, Verified: d.Verified,
		Checked: checked, OK: d.OK(), Findings: d.Findings,
		Times: times(d.Payload, now()),
	}
	if r.Findings == nil {
		r.Findings = []validate.Finding{}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			fmt.Fprintln(stderr, "tokeninspect:", err)
			return 2
		}
	} else {
		printText(stdout, r)
	}
	if !r.OK {
		return 1
	}
	return 0
}

// readToken returns the argument, or standard input less one trailing line
// break.
func readToken(args []string, stdin io.Reader) (string, error) {
	if len(args) == 1 {
		return args[0], nil
	}
	if f, ok := stdin.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			return "", errors.New("no token: pass one as an argument or on standard input")
		}
	}
	b, err := io.ReadAll(io.LimitReader(bufio.NewReader(stdin), maxToken))
	if err != nil {
		return "", fmt.Errorf("reading standard input: %w", err)
	}
	s := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	if strings.TrimSpace(s) == "" {
		return "", errors.New("no token on standard input")
	}
	return s, nil
}

// times describes the token's time claims relative to now.
func times(payload []byte, now time.Time) map[string]timeInfo {
	var m map[string]json.RawMessage
	if json.Unmarshal(payload, &m) != nil {
		return nil
	}
	out := map[string]timeInfo{}
	for _, k := range [...]string{"iat", "nbf", "exp"} {
		var n json.Number
		if json.Unmarshal(m[k], &n) != nil {
			continue
		}
		f, err := n.Float64()
		if err != nil {
			continue
		}
		t := time.Unix(int64(f), 0)
		out[k] = timeInfo{Unix: int64(f), UTC: t.UTC().Format(time.RFC3339),
			Relative: relative(k, t, now)}
	}
	return out
}

// relative says "expires in 42m" or "issued 3m ago".
func relative(claim string, t, now time.Time) string {
	d := t.Sub(now).Round(time.Second)
	verb := map[string]string{"iat": "issued", "nbf": "valid from", "exp": "expires"}[claim]
	if claim == "exp" && d < 0 {
		verb = "expired"
	}
	switch {
	case d > 0:
		return verb + " in " + short(d)
	case d < 0:
		return verb + " " + short(-d) + " ago"
	}
	return verb + " now"
}

// short formats a duration without zero units: "42m", "1h5m", "3s".
func short(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func printText(w io.Writer, r report) {
	if len(r.Header) > 0 {
		fmt.Fprintf(w, "header:\n%s\n", indent(r.Header))
	}
	if len(r.Payload) > 0 {
		fmt.Fprintf(w, "claims:\n%s\n", indent(r.Payload))
	}
	for _, k := range [...]string{"iat", "nbf", "exp"} {
		if ti, ok := r.Times[k]; ok {
			fmt.Fprintf(w, "%s: %s (%s)\n", k, ti.UTC, ti.Relative)
		}
	}
	sig := "signature: " + r.Checked
	if r.Verified {
		sig = "signature: verified " + r.Checked
	}
	fmt.Fprintln(w, sig)
	if len(r.Findings) == 0 {
		fmt.Fprintln(w, "findings: none; Twilio should accept this token")
		return
	}
	fmt.Fprintln(w, "findings:")
	for _, f := range r.Findings {
		fmt.Fprintf(w, "  %-7s %d %s %s\n", f.Severity, f.Code, f.Field, f.Message)
		if f.Fix != "" {
			fmt.Fprintf(w, "          fix: %s\n", f.Fix)
		}
	}
	if r.OK {
		fmt.Fprintln(w, "result: no certain problem; see the warnings above")
	} else {
		fmt.Fprintln(w, "result: Twilio will refuse this token")
	}
}

func indent(raw []byte) string {
	var b bytes.Buffer
	if json.Indent(&b, raw, "  ", "  ") != nil {
		return "  " + string(raw)
	}
	return "  " + b.String()
}
