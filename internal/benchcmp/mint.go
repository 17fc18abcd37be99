package benchcmp

import (
	"encoding/json"
	"errors"

	jose "github.com/go-jose/go-jose/v4"
	josejwt "github.com/go-jose/go-jose/v4/jwt"
	gojwt "github.com/golang-jwt/jwt/v5"
	twjwt "github.com/twilio/twilio-go/client/jwt"

	"github.com/twiliotoken/twiliotoken/accesstoken"
	"github.com/twiliotoken/twiliotoken/grants"
)

var (
	errNotJWT      = errors.New("benchcmp: token does not have three parts")
	errNoIssueTime = errors.New("benchcmp: token has neither iat nor nbf")
)

// A Minter is one way to mint the Voice token of the inputs.
type Minter struct {
	Name string
	// Mint returns a new token. Minters built by Minters are not safe for
	// concurrent use: the floor's buffers are not.
	Mint func() (string, error)
}

// voiceGrant is the inputs' Voice grant for this module.
var voiceGrant = grants.Voice{IncomingAllow: true, OutgoingApplicationSID: AppSID}

// Minters returns every way of minting the Voice token that is compared,
// the floor first. Work a server would do once, such as keying an HMAC or
// creating a go-jose Signer, is done here and not in Mint.
func Minters() ([]Minter, error) {
	floor := NewFloor(APISecret)
	iat := IssuedAt.Unix()
	m, err := accesstoken.NewMinter(AccountSID, APIKeySID, APISecret,
		accesstoken.WithClock(Clock))
	if err != nil {
		return nil, err
	}
	signer, err := joseSigner()
	if err != nil {
		return nil, err
	}
	key := []byte(APISecret)
	return []Minter{
		{"floor", func() (string, error) { return floor.Mint(iat), nil }},
		{"twiliotoken_New", mintNew},
		{"twiliotoken_Minter", func() (string, error) {
			return m.Mint(Identity, voiceGrant)
		}},
		{"twiliogo", mintTwilioGo},
		{"golangjwt", func() (string, error) { return mintGolangJWT(key) }},
		{"gojose_jwt", func() (string, error) {
			return josejwt.Signed(signer).Claims(newJOSEClaims()).Serialize()
		}},
		{"gojose_signer", func() (string, error) { return mintJOSESigner(signer) }},
	}, nil
}

// A ParallelMinter is a way to mint the Voice token from many goroutines
// at once.
type ParallelMinter struct {
	Name string
	// New returns the mint function of one goroutine.
	New func() func() (string, error)
}

// ParallelMinters returns the floor, with a Floor of its own for each
// goroutine, and one accesstoken.Minter shared by every goroutine, as a
// server shares it between requests.
func ParallelMinters() ([]ParallelMinter, error) {
	m, err := accesstoken.NewMinter(AccountSID, APIKeySID, APISecret,
		accesstoken.WithClock(Clock))
	if err != nil {
		return nil, err
	}
	iat := IssuedAt.Unix()
	return []ParallelMinter{
		{"floor", func() func() (string, error) {
			f := NewFloor(APISecret)
			return func() (string, error) { return f.Mint(iat), nil }
		}},
		{"twiliotoken_Minter", func() func() (string, error) {
			return func() (string, error) { return m.Mint(Identity, voiceGrant) }
		}},
	}, nil
}

// mintNew mints as a caller without a Minter does: New, AddGrant, ToJWT,
// with the credentials checked and the HMAC keyed on every call.
func mintNew() (string, error) {
	return accesstoken.New(AccountSID, APIKeySID, APISecret,
		accesstoken.WithClock(Clock), accesstoken.WithIdentity(Identity),
	).AddGrant(voiceGrant).ToJWT()
}

// mintTwilioGo mints as twilio-go's documentation shows. It reads the wall
// clock: jti, nbf and exp follow it, and it writes nbf where the others
// write iat.
func mintTwilioGo() (string, error) {
	t := twjwt.CreateAccessToken(twjwt.AccessTokenParams{
		AccountSid:    AccountSID,
		SigningKeySid: APIKeySID,
		Secret:        APISecret,
		Identity:      Identity,
		Ttl:           TTL.Seconds(),
	})
	t.AddGrant(&twjwt.VoiceGrant{
		Incoming: twjwt.Incoming{Allow: true},
		Outgoing: twjwt.Outgoing{ApplicationSid: AppSID},
	})
	return t.ToJwt()
}

// golangJWTClaims is the payload for golang-jwt, with struct claims as its
// documentation recommends.
type golangJWTClaims struct {
	Grants GrantsJSON `json:"grants"`
	gojwt.RegisteredClaims
}

func newGolangJWTClaims() *golangJWTClaims {
	return &golangJWTClaims{
		Grants: inputGrants(),
		RegisteredClaims: gojwt.RegisteredClaims{
			ID:        jti(),
			Issuer:    APIKeySID,
			Subject:   AccountSID,
			IssuedAt:  gojwt.NewNumericDate(IssuedAt),
			ExpiresAt: gojwt.NewNumericDate(IssuedAt.Add(TTL)),
		},
	}
}

func mintGolangJWT(key []byte) (string, error) {
	t := gojwt.NewWithClaims(gojwt.SigningMethodHS256, newGolangJWTClaims())
	t.Header["cty"] = ContentType
	return t.SignedString(key)
}

// joseClaims is the payload for go-jose.
type joseClaims struct {
	Grants GrantsJSON `json:"grants"`
	josejwt.Claims
}

func newJOSEClaims() *joseClaims {
	return &joseClaims{
		Grants: inputGrants(),
		Claims: josejwt.Claims{
			ID:       jti(),
			Issuer:   APIKeySID,
			Subject:  AccountSID,
			IssuedAt: josejwt.NewNumericDate(IssuedAt),
			Expiry:   josejwt.NewNumericDate(IssuedAt.Add(TTL)),
		},
	}
}

// joseSigner returns an HS256 signer that writes the typ and cty headers
// of an Access Token. go-jose signers are made once and reused.
func joseSigner() (jose.Signer, error) {
	opts := (&jose.SignerOptions{}).WithType("JWT").WithContentType(ContentType)
	return jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256,
		Key: []byte(APISecret)}, opts)
}

// mintJOSESigner marshals the claims with encoding/json and signs the bytes
// with go-jose's JWS signer, without its jwt package.
func mintJOSESigner(signer jose.Signer) (string, error) {
	payload, err := json.Marshal(newJOSEClaims())
	if err != nil {
		return "", err
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}

func jti() string { return APIKeySID + "-" + itoa(IssuedAt.Unix()) }
