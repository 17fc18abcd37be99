package main

import (
	"encoding/base64"
	"errors"
	"net/http/httptest"
	"slices"
	"testing"
)

func TestStaticAuthenticator(t *testing.T) {
	a := newStaticAuthenticator()
	a.addUser("alice", "alice-pw-0123456789")
	a.addBearer("carol", "carol-token-0123456789")

	tests := []struct {
		name          string
		authorization string
		want          string // identity; "" for a refusal
	}{
		{"basic", "Basic " + b64("alice:alice-pw-0123456789"), "alice"},
		{"basic, scheme in lower case", "basic " + b64("alice:alice-pw-0123456789"), "alice"},
		{"wrong password", "Basic " + b64("alice:alice-pw-012345678"), ""},
		{"password with a suffix", "Basic " + b64("alice:alice-pw-0123456789x"), ""},
		{"unknown user", "Basic " + b64("bob:alice-pw-0123456789"), ""},
		{"empty password", "Basic " + b64("alice:"), ""},
		{"bearer", "Bearer carol-token-0123456789", "carol"},
		{"bearer, scheme in lower case", "bearer carol-token-0123456789", "carol"},
		{"wrong bearer token", "Bearer carol-token-012345678", ""},
		{"empty bearer token", "Bearer ", ""},
		{"a password as bearer token", "Bearer alice-pw-0123456789", ""},
		{"a bearer token as Basic", "Basic " + b64("carol:carol-token-0123456789"), ""},
		{"no scheme", "carol-token-0123456789", ""},
		{"none", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/token", nil)
			if tc.authorization != "" {
				r.Header.Set("Authorization", tc.authorization)
			}
			got, err := a.Authenticate(r)
			if got != tc.want {
				t.Errorf("identity = %q, want %q", got, tc.want)
			}
			if wantErr := tc.want == ""; wantErr != errors.Is(err, ErrUnauthenticated) {
				t.Errorf("err = %v, want ErrUnauthenticated: %v", err, wantErr)
			}
		})
	}
}

func TestStaticAuthenticatorRefusesDuplicates(t *testing.T) {
	a := newStaticAuthenticator()
	if !a.addUser("alice", "one") || a.addUser("alice", "two") {
		t.Error("addUser accepted a second alice")
	}
	if !a.addBearer("carol", "same") || a.addBearer("dave", "same") {
		t.Error("addBearer accepted the same token twice")
	}
}

func TestStaticAuthenticatorChallenges(t *testing.T) {
	a := newStaticAuthenticator()
	if len(a.Challenges()) != 0 {
		t.Errorf("challenges without users: %q", a.Challenges())
	}
	a.addBearer("carol", "token")
	if got := a.Challenges(); !slices.Equal(got, []string{`Bearer realm="tokenserver"`}) {
		t.Errorf("challenges with bearer tokens only: %q", got)
	}
	// With no users, Basic credentials are refused without a lookup.
	r := httptest.NewRequest("POST", "/token", nil)
	r.SetBasicAuth("carol", "token")
	if id, err := a.Authenticate(r); err == nil {
		t.Errorf("Basic accepted with no users configured: %q", id)
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
