// Package validate checks the inputs of a Twilio Access Token offline and
// reports, with typed errors, every mistake that Twilio would answer with an
// error code.
//
// [Credentials] checks an Account SID, an API key SID and its secret: the
// SID shapes and prefixes, swapped SIDs, an Account SID in the key slot, and
// a secret that is empty, a SID, an Auth Token, or wrapped in whitespace, a
// newline, a byte-order mark or quotes. [TTL], [NotBefore] and [Identity]
// check token settings.
//
// # Errors
//
// Every problem is one of four types: [*MissingError], [*SIDError],
// [*SecretError] and [*SettingError]. Each names the field, says what is
// wrong without ever repeating a secret, carries the [Code] Twilio would
// answer with, and unwraps to a category ([ErrMissing], [ErrMalformed],
// [ErrMisplaced], [ErrOutOfRange]) and to its Code, so that [errors.Is]
// works with either and [errors.As] reaches the details. Functions that can
// find several problems return them all at once as [Errors].
//
// # Findings
//
// A [Finding] is the printable form of a problem: severity, code, field,
// message and fix. [Findings] turns an error into findings; warnings, the
// heuristic checks that never block minting, are findings of severity
// [Warning].
package validate
