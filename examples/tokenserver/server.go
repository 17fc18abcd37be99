package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/twiliotoken/twiliotoken/validate"
)

// Limits of the HTTP server.
const (
	maxBodyBytes      = 1 << 10 // POST /token needs no body; 1 KiB is plenty
	maxHeaderBytes    = 16 << 10
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 10 * time.Second
	idleTimeout       = 60 * time.Second
	shutdownTimeout   = 15 * time.Second
)

// server answers the HTTP requests.
type server struct {
	cfg  *config
	auth Authenticator
	log  *slog.Logger
	now  func() time.Time
}

// newHandler returns the server's handler: the routes, wrapped so that
// every response has Cache-Control: no-store and every request is logged.
func newHandler(cfg *config, auth Authenticator, log *slog.Logger) http.Handler {
	s := &server{cfg: cfg, auth: auth, log: log, now: time.Now}
	mux := http.NewServeMux()
	mux.HandleFunc("/token", s.token)
	mux.HandleFunc("/healthz", s.healthz)
	mux.HandleFunc("/", s.notFound)
	return s.logRequests(mux)
}

// newHTTPServer wraps h in an http.Server with the limits above.
func newHTTPServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// serve serves on ln until ctx is done, then shuts down gracefully: it
// stops accepting connections and waits for the requests in flight.
func serve(ctx context.Context, srv *http.Server, ln net.Listener, log *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}

	log.Info("shutting down; finishing the requests in flight")
	shutCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(shutCtx)
	<-errc // http.ErrServerClosed, at once
	if err != nil {
		srv.Close()
		return err
	}
	log.Info("stopped")
	return nil
}

// tokenResponse is the body of a successful POST /token.
type tokenResponse struct {
	Identity  string             `json:"identity"`
	Token     string             `json:"token"`
	ExpiresAt time.Time          `json:"expires_at"` // RFC 3339, UTC
	ExpiresIn int64              `json:"expires_in"` // seconds
	Warnings  []validate.Finding `json:"warnings,omitempty"`
}

// errorResponse is the body of every error.
type errorResponse struct {
	Error    string             `json:"error"`   // a fixed code, such as "unauthorized"
	Message  string             `json:"message"` // for people
	Findings []validate.Finding `json:"findings,omitempty"`
}

// token mints a token for the authenticated user.
func (s *server) token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		s.fail(w, http.StatusMethodNotAllowed, "method_not_allowed", "use POST", nil)
		return
	}
	identity, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	if r.URL.Query().Has("identity") {
		s.fail(w, http.StatusBadRequest, "identity_parameter",
			"the identity comes from authentication; remove the identity parameter", nil)
		return
	}
	if !s.readBody(w, r) {
		return
	}
	if problems := identityProblems(s.cfg, identity); len(problems) > 0 {
		s.fail(w, http.StatusBadRequest, "invalid_identity",
			"Twilio would refuse a token for this identity", problems)
		return
	}

	resp, err := s.mint(identity)
	if err != nil {
		s.log.Error("minting failed", "err", err)
		s.fail(w, http.StatusInternalServerError, "internal", "the token could not be minted", nil)
		return
	}
	requestInfoOf(r).identity = identity
	s.reply(w, http.StatusOK, resp)
}

// authenticate runs the Authenticator and answers the request itself when
// it fails.
func (s *server) authenticate(w http.ResponseWriter, r *http.Request) (string, bool) {
	identity, err := s.auth.Authenticate(r)
	switch {
	case err == nil:
		return identity, true
	case errors.Is(err, ErrUnauthenticated):
		if c, ok := s.auth.(Challenger); ok {
			for _, v := range c.Challenges() {
				w.Header().Add("WWW-Authenticate", v)
			}
		}
		s.fail(w, http.StatusUnauthorized, "unauthorized",
			"missing or wrong credentials", nil)
	default:
		s.log.Error("authenticator failed", "err", err)
		s.fail(w, http.StatusInternalServerError, "internal",
			"authentication is unavailable", nil)
	}
	return "", false
}

// readBody reads and discards the body, which must be small, and answers
// the request itself when it is not.
func (s *server) readBody(w http.ResponseWriter, r *http.Request) bool {
	_, err := io.Copy(io.Discard, http.MaxBytesReader(w, r.Body, maxBodyBytes))
	var tooLarge *http.MaxBytesError
	switch {
	case err == nil:
		return true
	case errors.As(err, &tooLarge):
		s.fail(w, http.StatusRequestEntityTooLarge, "body_too_large",
			"the request body is over 1 KiB; POST /token needs none", nil)
	default:
		s.fail(w, http.StatusBadRequest, "bad_body", "the request body could not be read", nil)
	}
	return false
}

// mint signs a token for identity with the configured grants. It fixes
// the issue time first, so that the expiry it reports is the token's own.
func (s *server) mint(identity string) (tokenResponse, error) {
	issued := time.Unix(s.now().Unix(), 0)
	jwt, err := s.cfg.minter.MintAt(issued, identity, s.cfg.grants...)
	if err != nil {
		return tokenResponse{}, err
	}
	return tokenResponse{
		Identity:  identity,
		Token:     jwt,
		ExpiresAt: issued.Add(s.cfg.minter.TTL()).UTC(),
		ExpiresIn: int64(s.cfg.minter.TTL() / time.Second),
		Warnings:  validate.IdentityWarnings(identity, s.cfg.voice, false),
	}, nil
}

func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s.fail(w, http.StatusMethodNotAllowed, "method_not_allowed", "use GET", nil)
		return
	}
	s.reply(w, http.StatusOK, map[string]any{"status": "ok", "demo": s.cfg.demo})
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, http.StatusNotFound, "not_found", "the server answers POST /token and GET /healthz", nil)
}

func (s *server) fail(w http.ResponseWriter, status int, code, msg string,
	findings []validate.Finding) {
	s.reply(w, status, errorResponse{Error: code, Message: msg, Findings: findings})
}

func (s *server) reply(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(body); err != nil {
		s.log.Warn("writing the response failed", "err", err)
	}
}
