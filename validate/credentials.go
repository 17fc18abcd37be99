package validate

// Credentials checks an Account SID, an API key SID and its secret for every
// mistake that Twilio would answer with 20103 or 20107, and reports all of
// them as [Errors], or returns nil. Call it at start-up to check a
// service's configuration before the first token is minted.
//
// It cannot tell whether the secret belongs to the key, whether the key is
// live, or whether it belongs to the account: only Twilio knows that.
func Credentials(accountSID, apiKeySID, apiSecret string) error {
	return CredentialErrors(nil, accountSID, apiKeySID, apiSecret).Err()
}

// CredentialErrors appends the problems [Credentials] finds to errs and
// returns the extended list. It lets a caller gather credential and token
// problems in one list without extra allocations when there are none.
func CredentialErrors(errs Errors, accountSID, apiKeySID, apiSecret string) Errors {
	const code = CodeInvalidIssuerSubject
	switch {
	case IsSID(accountSID, "SK") && IsSID(apiKeySID, "AC"):
		errs = append(errs, &SIDError{
			Field: "AccountSID", Want: "AC", Got: "SK", Kind: ErrMisplaced,
			Code: code,
			Problem: "is an SK… API key SID, and the API key SID an AC… " +
				"Account SID: the two are swapped",
			Hint: "pass the Account SID (AC…) first and the API key SID (SK…) second",
		})
	case accountSID != "" && accountSID == apiKeySID:
		errs = append(errs, &SIDError{
			Field: "APIKeySID", Want: "SK", Kind: ErrMisplaced, Code: code,
			Problem: "is the same value as the Account SID",
			Hint:    "use the SID of an API key (SK…) created in the Console",
		})
	default:
		if err := SID("AccountSID", accountSID, "AC", code); err != nil {
			errs = append(errs, err)
		}
		if IsSID(apiKeySID, "AC") {
			errs = append(errs, &SIDError{
				Field: "APIKeySID", Want: "SK", Got: "AC", Kind: ErrMisplaced,
				Code: code,
				Problem: "is an Account SID; Access Tokens are signed with an " +
					"API key, not with the Account SID and Auth Token",
				Hint: "create an API key in the Console and use its SID (SK…) and secret",
			})
		} else if err := SID("APIKeySID", apiKeySID, "SK", code); err != nil {
			errs = append(errs, err)
		}
	}
	return secretErrors(errs, apiSecret)
}

// CredentialWarnings reports what is unusual about credentials that pass
// [Credentials]: upper-case hexadecimal digits in a SID, which Twilio
// accepts but never issues, and a secret that is not 32 letters and digits.
// It assumes the credentials have no certain problem.
func CredentialWarnings(accountSID, apiKeySID, apiSecret string) []Finding {
	var fs []Finding
	for _, s := range [...]struct{ field, v string }{
		{"AccountSID", accountSID}, {"APIKeySID", apiKeySID},
	} {
		if len(s.v) == SIDLen && !isLowerHex(s.v[2:]) {
			fs = append(fs, Finding{
				Severity: Warning, Code: CodeInvalidIssuerSubject,
				Field:   s.field,
				Message: "has upper-case hexadecimal digits; Twilio issues lowercase ones",
				Fix:     "copy the SID from the Twilio Console unchanged",
			})
		}
	}
	if f := secretWarning(apiSecret); f != nil {
		fs = append(fs, *f)
	}
	return fs
}
