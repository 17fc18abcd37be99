package validate_test

import (
	"strings"
	"testing"
	"time"

	"github.com/twiliotoken/twiliotoken/validate"
)

func ttlProblem(kind error, code validate.Code, says string) []problem {
	return []problem{{Type: "setting", Field: "TTL", Kind: kind, Code: code,
		Says: says}}
}

func TestTTL(t *testing.T) {
	outOfRange := validate.ErrOutOfRange
	tests := []struct {
		name   string
		ttl    time.Duration
		want   []problem
		reason string
	}{
		{name: "one second", ttl: time.Second},
		{name: "one minute", ttl: 60 * time.Second,
			reason: "short lifetimes are kept, never raised to an hour"},
		{name: "one hour", ttl: time.Hour},
		{name: "24 hours", ttl: validate.MaxTTL, reason: "the maximum is allowed"},
		{
			name: "zero", ttl: 0,
			want: ttlProblem(outOfRange, validate.CodeExpired, "is zero or negative"),
		},
		{
			name: "negative", ttl: -time.Hour,
			want: ttlProblem(outOfRange, validate.CodeExpired, "is zero or negative"),
		},
		{
			name: "bare 3600", ttl: 3600,
			want: ttlProblem(outOfRange, validate.CodeExpired,
				"is under one second (3.6µs)"),
			reason: "3600 without a unit is nanoseconds to time.Duration",
		},
		{
			name: "half a second", ttl: 500 * time.Millisecond,
			want: ttlProblem(outOfRange, validate.CodeExpired, "under one second"),
		},
		{
			name: "fractional seconds", ttl: 1500 * time.Millisecond,
			want: ttlProblem(validate.ErrMalformed, validate.CodeExpired,
				"is not a whole number of seconds (1.5s)"),
			reason: "Twilio's parsers have broken on fractional times",
		},
		{
			name: "an hour and a nanosecond", ttl: time.Hour + 1,
			want: ttlProblem(validate.ErrMalformed, validate.CodeExpired,
				"not a whole number of seconds"),
		},
		{
			name: "one second over 24 hours", ttl: validate.MaxTTL + time.Second,
			want: ttlProblem(outOfRange, validate.CodeTTLExceedsMaximum,
				"is 24h0m1s, over the 24 hour maximum"),
		},
		{
			name: "milliseconds as seconds", ttl: 3600000 * time.Second,
			want: ttlProblem(outOfRange, validate.CodeTTLExceedsMaximum,
				"it looks like milliseconds given as seconds"),
			reason: "3600000 is an hour in milliseconds",
		},
		{
			name: "24 hours in milliseconds", ttl: 86400000 * time.Second,
			want: ttlProblem(outOfRange, validate.CodeTTLExceedsMaximum,
				"looks like milliseconds"),
		},
		{
			name: "over 24 hours even in milliseconds", ttl: 100000000 * time.Second,
			want: ttlProblem(outOfRange, validate.CodeTTLExceedsMaximum,
				"over the 24 hour maximum"),
			reason: "a thousandth of it is still over 24 hours, so no " +
				"milliseconds hint (checked below)",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := validate.TTL(tc.ttl)
			if err == nil {
				checkProblems(t, nil, tc.want)
				return
			}
			checkProblems(t, validate.Errors{err}, tc.want)
		})
	}

	t.Run("no milliseconds hint past the range", func(t *testing.T) {
		err := validate.TTL(100000000 * time.Second)
		if err == nil || strings.Contains(err.Error(), "milliseconds") {
			t.Errorf("TTL = %v, want an error without a milliseconds hint", err)
		}
	})
}

func TestNotBefore(t *testing.T) {
	iat := time.Unix(1700000000, 0)
	exp := iat.Add(time.Hour)
	nbfProblem := func(code validate.Code, says string) []problem {
		return []problem{{Type: "setting", Field: "NotBefore",
			Kind: validate.ErrOutOfRange, Code: code, Says: says}}
	}
	tests := []struct {
		name   string
		nbf    time.Time
		want   []problem
		reason string
	}{
		{name: "unset", nbf: time.Time{}},
		{name: "at issue time", nbf: iat},
		{name: "before issue time", nbf: iat.Add(-time.Minute)},
		{
			name: "fraction of a second after issue", nbf: iat.Add(900 * time.Millisecond),
			reason: "times are compared in whole seconds, as they are encoded",
		},
		{
			name: "one second in the future", nbf: iat.Add(time.Second),
			want: nbfProblem(validate.CodeNotYetValid, "is 1s after the issue time"),
		},
		{
			name: "in the future", nbf: iat.Add(10 * time.Minute),
			want: nbfProblem(validate.CodeNotYetValid, "is 600s after the issue time"),
		},
		{
			name: "at expiry", nbf: exp,
			want: nbfProblem(validate.CodeExpired, "is not before the expiry"),
		},
		{
			name: "after expiry", nbf: exp.Add(time.Hour),
			want:   nbfProblem(validate.CodeExpired, "the token is never valid"),
			reason: "after exp is reported as such, not as a future nbf",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := validate.NotBefore(tc.nbf, iat, exp)
			if err == nil {
				checkProblems(t, nil, tc.want)
				return
			}
			checkProblems(t, validate.Errors{err}, tc.want)
		})
	}
}

func TestIdentity(t *testing.T) {
	tests := []struct {
		name       string
		identity   string
		requiredBy string
		want       []problem
	}{
		{name: "set", identity: "alice", requiredBy: "voice"},
		{name: "unicode", identity: "zoë 🦊", requiredBy: "video"},
		{name: "not needed", identity: ""},
		{
			name: "missing for voice", requiredBy: "voice",
			want: []problem{{Type: "setting", Field: "Identity",
				Kind: validate.ErrMissing, Code: validate.CodeInvalidGrants,
				Says: "is missing; the voice grant needs one"}},
		},
		{
			name: "missing for sync", requiredBy: "data_sync",
			want: []problem{{Type: "setting", Field: "Identity",
				Kind: validate.ErrMissing, Code: validate.CodeInvalidGrants,
				Says: "the data_sync grant needs one"}},
		},
		{
			name: "invalid UTF-8", identity: "al\xffice", requiredBy: "voice",
			want: []problem{{Type: "setting", Field: "Identity",
				Kind: validate.ErrMalformed, Code: validate.CodeInvalidGrants,
				Says: "is not valid UTF-8"}},
		},
		{
			name: "invalid UTF-8 without a grant", identity: "\xc3",
			want: []problem{{Type: "setting", Field: "Identity",
				Kind: validate.ErrMalformed, Code: validate.CodeInvalidGrants,
				Says: "is not valid UTF-8"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := validate.Identity(tc.identity, tc.requiredBy)
			if err == nil {
				checkProblems(t, nil, tc.want)
				return
			}
			checkProblems(t, validate.Errors{err}, tc.want)
		})
	}
}
