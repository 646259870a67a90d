package extract_test

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// runOnClauses are reports we wrote, run together without sentence
// punctuation, as a pasted page or a feed's flattened text can be.
var runOnClauses = []string{
	"قصفت طائرات مسيرة مواقع في مدينة الميادين بريف دير الزور ما أدى إلى مقتل شخصين",
	"ودارت اشتباكات بين فصائل مسلحة قرب بلدة سراقب في ريف إدلب الشرقي",
	"وسقطت قذائف مدفعية على أطراف مدينة حلب دون وقوع إصابات",
	"وانفجرت عبوة ناسفة بسيارة على الطريق بين البوكمال والقائم",
}

// runOn is about n bytes of the clauses above, with no full stop or
// comma anywhere, after a headline, or all on one line.
func runOn(n int, headline bool) string {
	var b strings.Builder
	if headline {
		b.WriteString("قصف واشتباكات في سوريا\n")
	}
	for i := 0; b.Len() < n; i++ {
		b.WriteString(runOnClauses[i%len(runOnClauses)])
		b.WriteString(" و")
	}
	return b.String()
}

// TestRunOnTextBounded: text without sentence punctuation is cut into
// bounded sentences, so that no incident carries more than a sentence's
// worth of evidence, however long the text (issue 12: each incident
// copied the whole text, and 924 KB made 328 MB of answer).
func TestRunOnTextBounded(t *testing.T) {
	const maxEvidence = 700 // code points: sentences are cut between words past 600
	for _, tt := range []struct {
		name     string
		headline bool
	}{{"after a headline", true}, {"all one line", false}} {
		t.Run(tt.name, func(t *testing.T) {
			text := runOn(40_000, tt.headline)
			ins := incidents(t, text, thursday)
			if len(ins) < 4 {
				t.Fatalf("%d incidents in %d bytes of reports", len(ins), len(text))
			}
			total := 0
			for _, in := range ins {
				for _, e := range in.Evidence {
					n := utf8.RuneCountInString(e.Text)
					total += n
					if n > maxEvidence {
						t.Fatalf("%s at %q: %d code points of evidence", in.SubEventType, in.PlaceText, n)
					}
				}
			}
			t.Logf("%d incidents, %d code points of evidence for %d of text", len(ins), total, utf8.RuneCountInString(text))
		})
	}
}
