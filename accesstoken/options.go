package accesstoken

import "time"

// DefaultTTL is the lifetime of a token minted without [WithTTL]: one hour,
// as in every Twilio helper library.
const DefaultTTL = time.Hour

// An Option sets one property of a token. Options are applied in order, so
// a later option wins over an earlier one of the same kind.
type Option func(*settings)

type settings struct {
	identity  string
	ttl       time.Duration
	nbf       time.Time
	region    string
	clock     func() time.Time
	uniqueJTI bool
}

func newSettings(opts []Option) settings {
	s := settings{ttl: DefaultTTL}
	s.apply(opts)
	return s
}

// apply applies opts to s in order, skipping nil ones.
func (s *settings) apply(opts []Option) {
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
}

// WithIdentity sets the identity of the user the token is for. Voice,
// Video, Chat and Sync grants need one. Take it from your own
// authentication, never from unauthenticated input.
func WithIdentity(identity string) Option {
	return func(s *settings) { s.identity = identity }
}

// WithTTL sets the token's lifetime. It must be a whole number of seconds
// between one second and 24 hours; anything else makes ToJWT fail, and it
// is never silently changed. The default is [DefaultTTL].
func WithTTL(ttl time.Duration) Option {
	return func(s *settings) { s.ttl = ttl }
}

// WithNotBefore sets the time before which Twilio refuses the token (the
// nbf claim), truncated to whole seconds. Leave it unset unless you need it:
// a not-before time ahead of Twilio's clock fails with 20105, and ToJWT
// refuses one after the issue time.
func WithNotBefore(t time.Time) Option {
	return func(s *settings) { s.nbf = t }
}

// WithRegion sets the token's home region, sent in the twr header, such as
// "ie1" or "au1". The default is none, which Twilio treats as us1.
func WithRegion(region string) Option {
	return func(s *settings) { s.region = region }
}

// WithClock sets the function that tells the time of issue. The default is
// [time.Now]; tests pass a fixed clock so that tokens are reproducible.
func WithClock(now func() time.Time) Option {
	return func(s *settings) { s.clock = now }
}

// WithUniqueJTI adds 16 random hexadecimal digits from crypto/rand to the
// token ID (jti), after the API key SID and the issue time that every
// Twilio helper puts there. Without it, tokens minted in the same second
// with the same key share an ID.
func WithUniqueJTI() Option {
	return func(s *settings) { s.uniqueJTI = true }
}

func (s *settings) now() time.Time {
	if s.clock != nil {
		return s.clock()
	}
	return time.Now()
}
