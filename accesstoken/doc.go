// Package accesstoken mints Twilio Access Tokens and parses, verifies and
// diagnoses them.
//
// # Minting
//
// [New] starts a [Token] from an Account SID, an API key SID and the key's
// secret; [Token.AddGrant] adds product grants from package grants;
// [Token.ToJWT] checks everything and returns the signed JWT, or every
// problem found as a [validate.Errors] list:
//
//	jwt, err := accesstoken.New(accountSID, apiKeySID, apiSecret,
//		accesstoken.WithIdentity("alice"),
//	).AddGrant(grants.Video{Room: "standup"}).ToJWT()
//
// Servers that mint on every request should create one [Minter] at
// start-up with [NewMinter]: it checks the credentials once, reuses its
// HMAC state and buffers, and is safe for concurrent use.
//
// Tokens follow Twilio's contract: header alg HS256, typ JWT, cty
// twilio-fpa;v=1 and, with [WithRegion], twr; claims jti, grants, nbf (only
// with [WithNotBefore]), iat, exp, iss and sub, in the key order of Twilio's
// Node helper, with times in whole seconds. The default lifetime is one
// hour; a lifetime given with [WithTTL] is used exactly or refused, never
// adjusted.
//
// # Verifying
//
// [Verifier.Parse] checks a token's signature with an HS256-only allowlist,
// its header, claims and times, and returns its [Claims] with typed grants.
// Every failure is a [*ParseError] that carries the Twilio error code.
// [ParseUnverified] decodes without checking, for display only.
//
// # Diagnosing
//
// [Verifier.Diagnose] never fails: it returns a [Diagnosis] listing every
// problem it finds in a token, each a [validate.Finding] with the Twilio
// error code it predicts, whether it is certain or a warning, and the fix.
package accesstoken
