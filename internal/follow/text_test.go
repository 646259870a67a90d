package follow

import (
	"net/url"
	"testing"
)

func TestIsArabic(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"قصفت طائرة مسيرة موقعا قرب المدينة صباح اليوم", true},
		{"A drone struck a site near the city this morning", false},
		{"قصف", false}, // too short to tell
		{"قصفت طائرة مسيرة موقعا قرب المدينة (drone strike)", true},
		{"Breaking: a drone strike near the city this morning, witnesses said — قصف", false},
		{"١٢٣ ٤٥٦ 2024", false},
	} {
		if got := IsArabic(tt.text); got != tt.want {
			t.Errorf("IsArabic(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestCanonicalURL(t *testing.T) {
	base, _ := url.Parse("https://News.Example.org/feeds/rss.xml")
	for _, tt := range []struct{ in, want string }{
		{"/ar/2024/05/1.html?utm_source=rss&utm_medium=feed#comments", "https://news.example.org/ar/2024/05/1.html"},
		{"2.html?id=7&fbclid=x", "https://news.example.org/feeds/2.html?id=7"},
		{"HTTP://Other.Example.org:80", "http://other.example.org/"},
		{"https://user:pw@news.example.org:443/a?ref=home&page=2", "https://news.example.org/a?page=2"},
		{"mailto:desk@example.org", ""},
		{"javascript:void(0)", ""},
	} {
		if got := CanonicalURL(tt.in, base); got != tt.want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
