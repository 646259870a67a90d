package web

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Config is what the page needs from the server's flags.
type Config struct {
	// BasemapURL is a raster tile URL template ({z}/{x}/{y}, optionally
	// {s}); empty shows the offline country outlines alone.
	BasemapURL string
	// BasemapAttribution is the credit the basemap's licence requires,
	// shown as text.
	BasemapAttribution string
}

// configJSON is /config.json, which the page reads when it starts.
func (c Config) configJSON() ([]byte, error) {
	doc := map[string]any{
		"basemap": map[string]string{"url": c.BasemapURL, "attribution": c.BasemapAttribution},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("web: config: %w", err)
	}
	return b, nil
}

// tileOrigin is the origin the basemap's tiles come from, as a CSP source
// ("https://*.tile.example.org" for a {s} template), or "" when the
// template names none.
func tileOrigin(tmpl string) string {
	scheme, rest, ok := strings.Cut(tmpl, "://")
	if !ok || (scheme != "http" && scheme != "https") {
		return ""
	}
	host, _, _ := strings.Cut(rest, "/")
	host = strings.ReplaceAll(host, "{s}", "*")
	if host == "" {
		return ""
	}
	for _, r := range host {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune(".-:*[]", r):
		default:
			return "" // another placeholder, or not a host
		}
	}
	// CSP allows a wildcard only as the first label.
	if strings.Count(host, "*") > 1 || strings.Contains(host, "*") && !strings.HasPrefix(host, "*.") {
		return ""
	}
	return scheme + "://" + host
}
