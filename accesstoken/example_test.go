package accesstoken_test

import (
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/twiliotoken/twiliotoken/accesstoken"
	"github.com/twiliotoken/twiliotoken/grants"
	"github.com/twiliotoken/twiliotoken/validate"
)

// Mint a token that lets alice make calls through a TwiML application and
// receive incoming calls. The fixed clock makes the output reproducible;
// leave WithClock out in a real server.
func ExampleNew() {
	tok := accesstoken.New(
		"AC0123456789abcdef0123456789abcdef", // Account SID
		"SKfedcba9876543210fedcba9876543210", // API key SID
		"abcdefghijklmnopqrstuvwxyz012345",   // API key secret
		accesstoken.WithIdentity("alice"),
		accesstoken.WithTTL(time.Hour),
		accesstoken.WithClock(func() time.Time { return time.Unix(1700000000, 0) }),
	).AddGrant(grants.Voice{
		IncomingAllow:          true,
		OutgoingApplicationSID: "AP00112233445566778899aabbccddeeff",
	})

	jwt, err := tok.ToJWT()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(jwt)
	// Output:
	// eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImN0eSI6InR3aWxpby1mcGE7dj0xIn0.eyJqdGkiOiJTS2ZlZGNiYTk4NzY1NDMyMTBmZWRjYmE5ODc2NTQzMjEwLTE3MDAwMDAwMDAiLCJncmFudHMiOnsiaWRlbnRpdHkiOiJhbGljZSIsInZvaWNlIjp7ImluY29taW5nIjp7ImFsbG93Ijp0cnVlfSwib3V0Z29pbmciOnsiYXBwbGljYXRpb25fc2lkIjoiQVAwMDExMjIzMzQ0NTU2Njc3ODg5OWFhYmJjY2RkZWVmZiJ9fX0sImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAzNjAwLCJpc3MiOiJTS2ZlZGNiYTk4NzY1NDMyMTBmZWRjYmE5ODc2NTQzMjEwIiwic3ViIjoiQUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZiJ9.lkviXKQLF7eRzX4MexJc0h3QhZgG7Cey40Rg30bM0ZA
}

// A server that mints a token on every login checks its credentials once,
// with NewMinter, and then mints with Mint.
func ExampleMinter_Mint() {
	m, err := accesstoken.NewMinter(
		"AC0123456789abcdef0123456789abcdef",
		"SKfedcba9876543210fedcba9876543210",
		"abcdefghijklmnopqrstuvwxyz012345",
		accesstoken.WithTTL(15*time.Minute),
		accesstoken.WithClock(func() time.Time { return time.Unix(1700000000, 0) }),
	)
	if err != nil {
		log.Fatal(err) // a bad configuration: stop at start-up
	}

	jwt, err := m.Mint("alice",
		grants.Video{Room: "DailyStandup"},
		grants.Chat{ServiceSID: "IS00112233445566778899aabbccddeeff"},
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(jwt)
	// Output:
	// eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImN0eSI6InR3aWxpby1mcGE7dj0xIn0.eyJqdGkiOiJTS2ZlZGNiYTk4NzY1NDMyMTBmZWRjYmE5ODc2NTQzMjEwLTE3MDAwMDAwMDAiLCJncmFudHMiOnsiaWRlbnRpdHkiOiJhbGljZSIsInZpZGVvIjp7InJvb20iOiJEYWlseVN0YW5kdXAifSwiY2hhdCI6eyJzZXJ2aWNlX3NpZCI6IklTMDAxMTIyMzM0NDU1NjY3Nzg4OTlhYWJiY2NkZGVlZmYifX0sImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAwOTAwLCJpc3MiOiJTS2ZlZGNiYTk4NzY1NDMyMTBmZWRjYmE5ODc2NTQzMjEwIiwic3ViIjoiQUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZiJ9.PpFfxIQ4FTV0ksNes6mcWOJAxbSDwUCjeTKVu0wXUHo
}

// ToJWT mints nothing when Twilio would refuse the token, and reports every
// problem at once as a validate.Errors list. Take the list with errors.As
// and range over it; errors.As on each problem gives its concrete type.
func ExampleToken_ToJWT_errors() {
	tok := accesstoken.New(
		"SKfedcba9876543210fedcba9876543210", // the two SIDs swapped
		"AC0123456789abcdef0123456789abcdef",
		"\"abcdefghijklmnopqrstuvwxyz012345\"", // quotes kept from a .env file
		accesstoken.WithTTL(3600),              // nanoseconds, not seconds
		accesstoken.WithClock(func() time.Time { return time.Unix(1700000000, 0) }),
	).AddGrant(grants.Voice{}) // and no identity

	jwt, err := tok.ToJWT()
	fmt.Printf("token: %q\n", jwt)

	var problems validate.Errors
	if errors.As(err, &problems) {
		for _, p := range problems {
			var sidErr *validate.SIDError
			if errors.As(p, &sidErr) {
				fmt.Printf("SID problem in %s (%d): %s\n", sidErr.Field, sidErr.Code,
					sidErr.Problem)
				continue
			}
			fmt.Printf("%d: %v\n", validate.CodeOf(p), p)
		}
	}
	// Output:
	// token: ""
	// SID problem in AccountSID (20103): is an SK… API key SID, and the API key SID an AC… Account SID: the two are swapped
	// 20107: validate: APISecret is wrapped in quotes (Twilio error 20107 Invalid Access Token signature)
	// 20104: validate: TTL is under one second (3.6µs); a bare number such as 3600 is nanoseconds to time.Duration (Twilio error 20104 Access Token expired or expiration date invalid)
	// 20106: validate: Identity is missing; the voice grant needs one (Twilio error 20106 Invalid Access Token grants)
}
