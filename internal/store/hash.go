package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
)

// ContentHash identifies an article by what it says: the sha256 of its
// title and text with white space collapsed, so that a file re-saved with
// other line endings or indentation is still the same article. URL and
// outlet are left out: a syndicated copy is the same report.
func ContentHash(title, text string) string {
	h := sha256.New()
	writeFields(h, title)
	h.Write([]byte{'\n'})
	writeFields(h, text)
	return hex.EncodeToString(h.Sum(nil))
}

func writeFields(h interface{ Write([]byte) (int, error) }, s string) {
	for i, f := range strings.Fields(s) {
		if i > 0 {
			h.Write([]byte{' '})
		}
		h.Write([]byte(f))
	}
}

// CheckArticle rejects what cannot be an article, with an error wrapping
// ErrInvalidArticle.
func CheckArticle(art geo.Article) error {
	switch {
	case !utf8.ValidString(art.Title) || !utf8.ValidString(art.Text):
		return fmt.Errorf("%w: text is not valid UTF-8", ErrInvalidArticle)
	case strings.TrimSpace(art.Title) == "" && strings.TrimSpace(art.Text) == "":
		return fmt.Errorf("%w: no text", ErrInvalidArticle)
	case strings.ContainsRune(art.Title, 0) || strings.ContainsRune(art.Text, 0) ||
		strings.ContainsRune(art.URL, 0) || strings.ContainsRune(art.Outlet, 0):
		// PostgreSQL text cannot hold NUL; refuse it on every engine alike.
		return fmt.Errorf("%w: text holds a NUL character", ErrInvalidArticle)
	}
	return nil
}
