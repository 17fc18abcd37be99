// Command tokenserver hands out Twilio Access Tokens over HTTP:
//
//	POST /token    a token for the authenticated user, as JSON
//	GET  /healthz  {"status":"ok"}
//
// The user's identity comes from an Authenticator, never from the request's
// parameters. The demo authenticator checks users and passwords (HTTP
// Basic) and bearer tokens from the configuration; see auth.go for where a
// real one goes.
//
// The configuration comes from the environment or a .env file (the
// environment wins) and is checked at start-up: with any problem the
// server logs every one, with its Twilio error code, and exits with status
// 1 before it listens. With no Twilio credentials configured it starts in
// demo mode, with fake credentials and built-in users, on loopback only.
// README.md lists the settings.
//
// It logs with log/slog, one line per request, and never logs a token, a
// password or the API secret. SIGINT or SIGTERM stops it gracefully.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/twiliotoken/twiliotoken/examples/internal/dotenv"
	"github.com/twiliotoken/twiliotoken/validate"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.LookupEnv, os.Stderr, nil))
}

// run is the whole program. It reads the configuration through lookupEnv
// and the .env file, logs to stderr, serves until ctx is done or a SIGINT
// or SIGTERM arrives, and returns the exit status. It calls ready, if not
// nil, with the address it listens on.
func run(ctx context.Context, args []string, lookupEnv func(string) (string, bool),
	stderr io.Writer, ready func(net.Addr)) int {
	flags := flag.NewFlagSet("tokenserver", flag.ContinueOnError)
	flags.SetOutput(stderr)
	envFile := flags.String("env", ".env", "read settings from `file` too, if it exists")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "tokenserver: unexpected argument %q\n", flags.Arg(0))
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))

	getenv, err := dotenv.Lookup(*envFile, lookupEnv)
	if err != nil {
		log.Error("cannot read the configuration", "err", err)
		return 1
	}
	cfg, problems := loadConfig(getenv)
	if len(problems) > 0 {
		logProblems(log, problems)
		return 1
	}
	logStart(log, cfg)

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		log.Error("cannot listen", "err", err)
		return 1
	}
	log.Info("listening", "addr", ln.Addr().String(), "url", "http://"+ln.Addr().String()+"/token")
	if ready != nil {
		ready(ln.Addr())
	}

	srv := newHTTPServer(newHandler(cfg, cfg.auth, log), log)
	if err := serve(ctx, srv, ln, log); err != nil {
		log.Error("server failed", "err", err)
		return 1
	}
	return 0
}

// logProblems logs every configuration problem and that the server will
// not start.
func logProblems(log *slog.Logger, problems []validate.Finding) {
	for _, f := range problems {
		attrs := []any{"setting", f.Field, "problem", f.Message, "fix", f.Fix}
		if f.Code != 0 {
			attrs = append(attrs, "twilio_code", int(f.Code), "twilio_error", f.Code.Title())
		}
		log.Error("configuration problem", attrs...)
	}
	log.Error("not starting: fix the configuration problems above", "problems", len(problems))
}

// logStart logs what the server will do, the configuration's warnings and,
// loudly, demo mode.
func logStart(log *slog.Logger, cfg *config) {
	if cfg.demo {
		log.Warn("DEMO MODE: no Twilio credentials are configured; " +
			"signing with FAKE credentials, so Twilio will refuse every token")
	}
	if cfg.demoUsers {
		log.Warn("DEMO MODE: built-in users alice and bob (HTTP Basic) and carol " +
			"(bearer token) can sign in; their passwords are in README.md")
	}
	for _, f := range cfg.warnings {
		attrs := []any{"setting", f.Field, "warning", f.Message, "fix", f.Fix}
		if f.Code != 0 {
			attrs = append(attrs, "twilio_code", int(f.Code))
		}
		log.Warn("configuration warning", attrs...)
	}
	keys := make([]string, len(cfg.grants))
	for i, g := range cfg.grants {
		keys[i] = g.Key()
	}
	log.Info("minting tokens", "grants", strings.Join(keys, ","), "ttl", cfg.ttl,
		"minter", cfg.minter)
}
