package follow

import (
	"net/url"
	"strings"
	"unicode"
)

// IsArabic reports whether text is written in Arabic: at least 20
// letters, half of them or more Arabic script. Items in other languages
// are skipped: the geoparser and extractor read Arabic.
func IsArabic(text string) bool {
	arabic, letters := 0, 0
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		if unicode.Is(unicode.Arabic, r) {
			arabic++
		}
	}
	return arabic >= 20 && 2*arabic >= letters
}

// trackingParams are query parameters that only say where a click came
// from: a page is the same page without them.
var trackingParams = []string{"utm_", "fbclid", "gclid", "yclid", "mc_cid", "mc_eid", "at_medium", "at_campaign", "ref"}

// CanonicalURL is the form of a link items and articles are compared by:
// absolute (against base), scheme and host lower-cased, without the
// default port, the fragment or tracking parameters. A link that is not
// http(s) gives "".
func CanonicalURL(link string, base *url.URL) string {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Host = strings.ToLower(u.Host)
	if p := u.Port(); (p == "80" && u.Scheme == "http") || (p == "443" && u.Scheme == "https") {
		u.Host = u.Hostname()
	}
	u.Fragment, u.RawFragment, u.User = "", "", nil
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			lk := strings.ToLower(k)
			for _, t := range trackingParams {
				if lk == t || strings.HasSuffix(t, "_") && strings.HasPrefix(lk, t) {
					q.Del(k)
				}
			}
		}
		u.RawQuery = q.Encode()
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
}
