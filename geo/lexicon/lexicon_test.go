package lexicon

import (
	"errors"
	"testing"
	"testing/fstest"
)

func TestDefault(t *testing.T) {
	l, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range l.Classes() {
		if c.Doc == "" {
			t.Errorf("class %s has no doc", c.Name)
		}
		if len(l.Entries(c.Name)) == 0 {
			t.Errorf("class %s has no rows", c.Name)
		}
	}
	if v := l.Values("time.month")["آذار"]; v != "3" {
		t.Errorf("آذار = %q, want 3", v)
	}
}

func TestParseErrors(t *testing.T) {
	classes := "class\tvalue\tdoc\nx\t\ta class\n"
	tests := map[string]string{
		"unknown class":  "class\tform\nnope\tكلمة\n",
		"unknown column": "class\tform\tcolour\nx\tكلمة\tred\n",
		"no form":        "class\tform\nx\t\n",
		"bad inflection": "class\tform\tinflect\nx\tكلمة\tverbal\n",
		"too many":       "class\tform\nx\tكلمة\textra\n",
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"classes.tsv": {Data: []byte(classes)},
				"words.tsv":   {Data: []byte(body)},
			}
			if _, err := Parse(fsys); !errors.Is(err, ErrFormat) {
				t.Errorf("err = %v, want ErrFormat", err)
			}
		})
	}
	ok := fstest.MapFS{
		"classes.tsv": {Data: []byte(classes)},
		"words.tsv":   {Data: []byte("# a comment\nclass\tform\tinflect\nx\tغارة|ضربة\tnoun\n")},
	}
	l, err := Parse(ok)
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Forms("x"); len(got) < 4 {
		t.Errorf("forms %q", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("an undocumented class did not panic")
		}
	}()
	l.Forms("y")
}
