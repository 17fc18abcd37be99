// Package twiliotoken mints, checks and explains Twilio Access Tokens: the
// short-lived JWTs that a server hands to Twilio's client SDKs (Voice,
// Video, Conversations, Sync, TaskRouter and Live playback) so they can
// sign in.
//
// This package holds only documentation. The code lives in three packages:
//
//   - [github.com/twiliotoken/twiliotoken/accesstoken] mints tokens
//     ([accesstoken.New], [accesstoken.NewMinter]) and parses, verifies and
//     diagnoses them ([accesstoken.Parse], [accesstoken.Diagnose]).
//   - [github.com/twiliotoken/twiliotoken/grants] has one type per product
//     grant.
//   - [github.com/twiliotoken/twiliotoken/validate] has the checks and the
//     typed errors, each carrying the Twilio error code it prevents.
//
// # Quick start
//
// Sign with an API key (SK…) and its secret, never with the Account SID and
// Auth Token:
//
//	token, err := accesstoken.New(accountSID, apiKeySID, apiSecret,
//		accesstoken.WithIdentity("alice"),
//		accesstoken.WithTTL(30*time.Minute),
//	).AddGrant(grants.Voice{
//		IncomingAllow:          true,
//		OutgoingApplicationSID: twimlAppSID,
//	}).ToJWT()
//	if err != nil {
//		for _, f := range validate.Findings(err) {
//			log.Print(f) // e.g. "certain 20107 APISecret has a leading or trailing newline: …"
//		}
//		return err
//	}
//
// A server that mints on every request creates one [accesstoken.Minter] at
// start-up: it checks the credentials once, is safe for concurrent use, and
// mints with reused HMAC state and buffers.
//
// # Grants
//
// [grants.Voice], [grants.Video], [grants.Chat] (Conversations),
// [grants.Sync], [grants.TaskRouter] and [grants.Playback] encode exactly as
// Twilio's helper libraries encode them; [grants.Raw] carries any other.
// Adding a second grant of a kind replaces the first, as in Twilio's
// helpers, and [accesstoken.Token.Warnings] says so.
//
// # Validation and errors
//
// [accesstoken.Token.ToJWT] refuses, before anything leaves the server,
// every mistake that Twilio would certainly reject: malformed or swapped
// SIDs, an Account SID where the API key SID belongs, an Auth Token, a SID,
// whitespace, a newline, a byte-order mark or quotes where the API key
// secret belongs, a lifetime that is not positive or over 24 hours, a
// not-before time after the issue time, a missing identity, a Sync grant
// without a service SID. It reports all of them at once as a
// [validate.Errors] list. Each element is a [validate.MissingError],
// [validate.SIDError], [validate.SecretError] or [validate.SettingError]
// that names the field and carries the [validate.Code] Twilio would have
// answered with, so both of these work:
//
//	errors.Is(err, validate.CodeInvalidSignature) // 20107
//	errors.Is(err, validate.ErrMisplaced)         // a credential in the wrong slot
//
// Checks that are likely but not certain problems, such as a secret of an
// unusual length, are warnings: [accesstoken.Token.Warnings] lists them and
// never blocks minting. [validate.Credentials] checks a configuration on its
// own, for a service's start-up.
//
// # Verifying and explaining tokens
//
// [accesstoken.Verifier.Parse] verifies a token with an HS256-only
// allowlist and returns typed claims and grants; an empty secret is an
// error, never a reason to skip verification. [accesstoken.Diagnose] takes
// a token Twilio refused and, optionally, the secret and SIDs it should
// match, and lists every finding with the Twilio code it predicts and the
// fix, such as "the token verifies once the secret is trimmed of its
// newline".
//
// # Security
//
// Secrets never appear in errors, findings, fmt output or log/slog records:
// the types that hold one redact it in String, GoString, Format and
// LogValue. Signatures are compared in constant time. The library never
// logs.
//
// # Compatibility
//
// Tokens are wire-compatible with Twilio's helpers and byte-for-byte equal
// to those of the Node helper for the same inputs. The deliberate
// differences (no silent TTL changes, no default not-before, identity only
// when set, refusals instead of tokens Twilio would reject) are listed in
// the README.
package twiliotoken
