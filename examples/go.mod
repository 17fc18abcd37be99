module github.com/twiliotoken/twiliotoken/examples

go 1.25

require (
	github.com/go-jose/go-jose/v4 v4.1.9
	github.com/joho/godotenv v1.5.1
	github.com/twiliotoken/twiliotoken v0.0.0
)

replace github.com/twiliotoken/twiliotoken => ../
