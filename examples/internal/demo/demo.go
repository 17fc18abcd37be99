// Package demo holds the credentials the example programs use when none are
// configured. They have the right shape, pass the library's checks, and
// are obviously fake: Twilio refuses every token signed with them. Keeping
// them in one place lets tokeninspect recognise the tokens voicetoken and
// tokenserver mint in demo mode.
package demo

// Demo credentials and SIDs.
const (
	AccountSID  = "AC00000000000000000000000000000000"
	APIKeySID   = "SK00000000000000000000000000000000"
	APISecret   = "DEMOdemoDEMOdemoDEMOdemoDEMOdemo"
	TwiMLAppSID = "AP00000000000000000000000000000000"
)
