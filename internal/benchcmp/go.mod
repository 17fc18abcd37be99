module github.com/twiliotoken/twiliotoken/internal/benchcmp

go 1.25

require (
	github.com/go-jose/go-jose/v4 v4.1.9
	github.com/golang-jwt/jwt/v5 v5.3.1
	github.com/google/go-cmp v0.7.0
	github.com/twilio/twilio-go v1.31.0
	github.com/twiliotoken/twiliotoken v0.0.0
)

replace github.com/twiliotoken/twiliotoken => ../..
