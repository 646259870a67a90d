package store

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// contentHash identifies an article by what it says: the sha256 of its
// title and text with white space collapsed, so that a file re-saved with
// other line endings or indentation is still the same article. URL and
// outlet are left out: a syndicated copy is the same report.
func contentHash(title, text string) string {
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
