// Package grants defines the product grants of a Twilio Access Token, one
// type per product: [Voice], [Video], [Chat] (Conversations), [Sync],
// [TaskRouter] and [Playback] (Live), plus the legacy [IPMessaging] and
// [RTC] and [Raw] for anything else.
//
// Each type encodes as Twilio's helper libraries encode it: a field is
// written only when it is set (a non-empty string, true), so the zero value
// of a grant encodes as {}. Types that can be wrong in a way Twilio refuses
// implement [Validator]; those that can look suspicious implement [Warner];
// those whose product needs the token's identity implement
// [IdentityRequirer]. Grant values are plain data and safe to share between
// goroutines as long as nobody modifies them.
package grants
