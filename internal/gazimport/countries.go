package gazimport

// DefaultCountries returns the countries incidentmap covers (ISO 3166-1
// alpha-2). Their places are kept even without an Arabic name, with their
// Latin names, because Arabic reports name many places that GeoNames only
// knows by a Latin transcription. It returns a new slice on every call.
func DefaultCountries() []string {
	return []string{"SY", "IQ", "LB", "JO", "PS", "IL", "TR", "IR", "YE", "SA", "KW", "AE", "QA", "BH", "OM", "EG"}
}
