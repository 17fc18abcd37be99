package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
)

// An Authenticator decides who is asking for a token. The identity it
// returns is the only one that goes into the token: the server never takes
// it from a query parameter or the request body.
//
// Authenticate returns an error wrapping ErrUnauthenticated when the
// request carries no credentials or wrong ones; the server answers 401.
// Any other error means the authenticator could not decide (its user store
// is down, say); the server answers 500 and logs the error, so it must not
// contain a password or a token.
//
// This is where a real application plugs in its own sign-in: check its
// session cookie, or verify an ID token from its identity provider, and
// return the user's stable ID. Authenticate is called from many goroutines
// at once.
type Authenticator interface {
	Authenticate(r *http.Request) (identity string, err error)
}

// AuthenticatorFunc adapts a function to the Authenticator interface.
type AuthenticatorFunc func(r *http.Request) (string, error)

// Authenticate calls f(r).
func (f AuthenticatorFunc) Authenticate(r *http.Request) (string, error) { return f(r) }

// ErrUnauthenticated reports a request without valid credentials.
var ErrUnauthenticated = errors.New("tokenserver: missing or wrong credentials")

// A Challenger is an Authenticator that knows which WWW-Authenticate
// challenges to send with a 401, such as `Basic realm="tokenserver"`.
// Implementing it is optional.
type Challenger interface {
	Challenges() []string
}

// staticAuthenticator is the demo authenticator: users with passwords
// (HTTP Basic) and bearer tokens, each mapped to an identity, from the
// configuration.
//
// It keeps only SHA-256 digests of the secrets and compares them in
// constant time, so that the time an answer takes does not tell how much
// of a guess was right. A real user store keeps password hashes made for
// the purpose (bcrypt, scrypt, Argon2) and limits failed attempts.
type staticAuthenticator struct {
	users  map[string][sha256.Size]byte // user name → password digest
	tokens []bearerToken
}

type bearerToken struct {
	digest   [sha256.Size]byte
	identity string
}

func newStaticAuthenticator() *staticAuthenticator {
	return &staticAuthenticator{users: map[string][sha256.Size]byte{}}
}

// addUser adds a user, or reports false when the name is taken.
func (a *staticAuthenticator) addUser(name, password string) bool {
	if _, ok := a.users[name]; ok {
		return false
	}
	a.users[name] = sha256.Sum256([]byte(password))
	return true
}

// addBearer adds a bearer token for identity, or reports false when the
// token is taken.
func (a *staticAuthenticator) addBearer(identity, token string) bool {
	d := sha256.Sum256([]byte(token))
	for _, t := range a.tokens {
		if t.digest == d {
			return false
		}
	}
	a.tokens = append(a.tokens, bearerToken{digest: d, identity: identity})
	return true
}

// Authenticate accepts "Authorization: Basic …" with a configured user and
// password, and "Authorization: Bearer …" with a configured token.
func (a *staticAuthenticator) Authenticate(r *http.Request) (string, error) {
	scheme, credentials, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	switch {
	case strings.EqualFold(scheme, "Basic") && len(a.users) > 0:
		user, password, ok := r.BasicAuth()
		if ok && a.checkPassword(user, password) {
			return user, nil
		}
	case strings.EqualFold(scheme, "Bearer") && len(a.tokens) > 0:
		if id, ok := a.checkBearer(strings.TrimSpace(credentials)); ok {
			return id, nil
		}
	}
	return "", ErrUnauthenticated
}

func (a *staticAuthenticator) checkPassword(user, password string) bool {
	got := sha256.Sum256([]byte(password))
	want, known := a.users[user]
	// Compare even for an unknown user, against a digest nothing matches
	// by chance, so that both cases take the same time.
	match := subtle.ConstantTimeCompare(got[:], want[:]) == 1
	return known && match
}

func (a *staticAuthenticator) checkBearer(token string) (string, bool) {
	if token == "" {
		return "", false
	}
	got := sha256.Sum256([]byte(token))
	identity, found := "", false
	// Look at every token, without stopping at a match, so that the time
	// taken does not tell which one matched.
	for _, t := range a.tokens {
		if subtle.ConstantTimeCompare(got[:], t.digest[:]) == 1 {
			identity, found = t.identity, true
		}
	}
	return identity, found
}

// Challenges lists the schemes the authenticator accepts, for the
// WWW-Authenticate header of a 401.
func (a *staticAuthenticator) Challenges() []string {
	var cs []string
	if len(a.users) > 0 {
		cs = append(cs, `Basic realm="tokenserver", charset="UTF-8"`)
	}
	if len(a.tokens) > 0 {
		cs = append(cs, `Bearer realm="tokenserver"`)
	}
	return cs
}
